"""Create a portfolio: owner details, location, passphrase, then keep the recovery code."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import QByteArray, QMimeData
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import paths
from app.domain.errors import KnownError, ValidationFailed
from app.domain.kdf import KdfParams
from app.domain.record_types import OwnerProfile
from app.services.portfolio import (
    CreatedPortfolio,
    Portfolio,
    create_portfolio,
)
from app.ui.background import BackgroundTask
from app.ui.look import set_role, set_tone
from app.ui.new_passphrase import NewPassphrase
from app.ui.recovery_code_view import code_html

# The MIME type clipboard managers read to leave a secret out of their history.
SECRET_HINT = "x-kde-passwordManagerHint"


def default_location() -> Path:
    return paths.default_portfolio_path()


def code_groups(code: str) -> list[str]:
    return [g for g in code.replace(" ", "-").split("-") if g]


def _create(
    path: Path, owner: OwnerProfile, passphrase: str, remember: bool, kdf: KdfParams | None
) -> CreatedPortfolio:
    """The key derivation takes about a third of a second: run off the UI thread."""
    try:
        return create_portfolio(path, owner, passphrase, remember=remember, kdf=kdf)
    except OSError as err:
        raise KnownError(f"The portfolio could not be created: {err.strerror}.") from None


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    set_tone(label, "error")
    label.hide()
    return label


class CreateWizard(QDialog):
    def __init__(self, parent: QWidget | None = None, kdf: KdfParams | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Create a portfolio")
        self.kdf = kdf
        self.portfolio: Portfolio | None = None
        self.created: CreatedPortfolio | None = None
        self.task = BackgroundTask(self, name="mentee-portfolio-create")
        self.task.done.connect(self._created)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._details_page())
        self.pages.addWidget(self._recovery_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(560, 480)
        # Enter does each page's obvious thing: the page's main button is the dialog's
        # one default, and no other button takes Enter for itself.
        self.create_button.setDefault(True)
        # An error is about what the user is fixing: it goes once they type there.
        for edit in (self.name, self.passphrase, self.passphrase2, self.location):
            edit.textChanged.connect(self.error.hide)
        self.confirm.textChanged.connect(self.confirm_error.hide)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt)
        """Typing goes straight into the page's first field."""
        super().showEvent(event)
        (self.name if self.pages.currentIndex() == 0 else self.confirm).setFocus()

    # Page 1: details, location, passphrase
    def _details_page(self) -> QWidget:
        page = QWidget()
        self.name = QLineEdit()
        self.role_grade = QLineEdit()
        self.role_grade.setPlaceholderText("e.g. ST3 Paediatrics, GP, Consultant")
        self.specialty = QLineEdit()
        self.organisation = QLineEdit()
        self.location = QLineEdit(str(default_location()))
        browse = QPushButton("&Browse…")
        browse.setAccessibleName("Choose where to save the portfolio")
        browse.clicked.connect(self._browse)
        browse.setAutoDefault(False)
        self.new_passphrase = NewPassphrase()
        self.passphrase = self.new_passphrase.passphrase
        self.passphrase2 = self.new_passphrase.again
        self.remember = QCheckBox("&Remember on this computer (unlock without typing)")
        self.error = _error_label()
        self.error.setAccessibleName("Create error")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName("Creating portfolio")
        self.busy.hide()
        self.create_button = QPushButton("&Create portfolio")
        self.create_button.clicked.connect(self.start_create)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        cancel.setAutoDefault(False)
        named: tuple[tuple[QWidget, str], ...] = (
            (self.name, "Your name"),
            (self.role_grade, "Role or grade"),
            (self.specialty, "Specialty"),
            (self.organisation, "Organisation"),
            (self.location, "Portfolio file"),
            (self.remember, "Remember on this computer"),
        )
        for widget, name in named:
            widget.setAccessibleName(name)
        form = QFormLayout()
        form.addRow("Your &name:", self.name)
        form.addRow("&Role or grade:", self.role_grade)
        form.addRow("&Specialty:", self.specialty)
        form.addRow("&Organisation:", self.organisation)
        where = QHBoxLayout()
        where.addWidget(self.location, 1)
        where.addWidget(browse)
        where_label = QLabel("Save &in:")  # a row holding a layout gets no buddy itself
        where_label.setBuddy(self.location)
        form.addRow(where_label, where)
        lock_heading = QLabel(
            "<h3>Your passphrase</h3><p>The portfolio is encrypted with"
            " it. Nobody can open the file without this passphrase or the"
            " recovery code shown next, so choose one you will"
            " remember.</p>"
        )
        lock_heading.setWordWrap(True)
        form.addRow(lock_heading)
        self.new_passphrase.add_rows(form)
        form.addRow("", self.remember)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("<h3>About you</h3>"))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _browse(self) -> None:
        # Start where the proposed file would go (its nearest folder that exists yet),
        # not in whatever folder the app was started from.
        proposed = Path(self.location.text().strip() or str(default_location())).expanduser()
        folder = proposed.parent
        while not folder.is_dir() and folder != folder.parent:
            folder = folder.parent
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Save portfolio as",
            str(folder / proposed.name),
            f"Mentee portfolios (*{paths.PORTFOLIO_SUFFIX})",
        )
        if name:
            suffix = paths.PORTFOLIO_SUFFIX
            self.location.setText(name if name.endswith(suffix) else name + suffix)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def start_create(self) -> None:
        owner = OwnerProfile(
            name=self.name.text().strip(),
            role_grade=self.role_grade.text(),
            specialty=self.specialty.text(),
            organisation=self.organisation.text(),
        )
        if not owner.name:
            self.show_error("Please type your name.")
            self.name.setFocus()
            return
        problem = self.new_passphrase.problem()
        if problem:
            self.show_error(problem)
            return
        path = Path(self.location.text().strip()).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as err:
            self.show_error(f"The folder {path.parent} could not be made: {err.strerror}.")
            return
        self.error.hide()
        self.busy.show()
        self.create_button.setEnabled(False)
        passphrase, remember, kdf = self.passphrase.text(), self.remember.isChecked(), self.kdf
        self.task.start(lambda _progress: _create(path, owner, passphrase, remember, kdf))

    def _created(self, result: object) -> None:
        self.busy.hide()
        self.create_button.setEnabled(True)
        if isinstance(result, ValidationFailed):
            self.show_error(result.message)
            return
        if isinstance(result, KnownError):
            self.show_error(result.message)
            return
        assert isinstance(result, CreatedPortfolio)
        self.created = result
        self.portfolio = result.portfolio
        self.passphrase.clear()
        self.passphrase2.clear()
        self._show_code(result)

    # Page 2: recovery code
    def _recovery_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            "<h3>Keep your recovery code</h3><p>If you forget your passphrase, "
            "this code is the only way back into your portfolio. Write it down or "
            "print it and keep it somewhere safe, away from this computer.</p>"
        )
        intro.setWordWrap(True)
        self.code_label = QLabel()
        self.code_label.setAccessibleName("Recovery code")
        set_role(self.code_label, "code")
        self.code_label.setWordWrap(True)
        self.code_label.setTextInteractionFlags(
            self.code_label.textInteractionFlags()
            | self.code_label.textInteractionFlags().TextSelectableByMouse
        )
        copy = QPushButton("&Copy")
        copy.setAccessibleName("Copy recovery code")
        copy.clicked.connect(self._copy)
        self.print_sheet = QPushButton("&Print recovery sheet…")
        self.print_sheet.setAccessibleName("Print or save the recovery sheet")
        self.print_sheet.setToolTip(
            "A one-page sheet with the code, to print and keep somewhere safe"
        )
        self.print_sheet.clicked.connect(self._print_sheet)
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        self.confirm_label = QLabel()
        self.confirm = QLineEdit()
        self.confirm.setAccessibleName("Recovery code group to confirm")
        self.confirm_label.setBuddy(self.confirm)
        self.confirm_error = _error_label()
        self.finish_button = QPushButton("&Finish")
        for button in (copy, self.print_sheet):
            button.setAutoDefault(False)
        self.finish_button.clicked.connect(self.finish)
        row = QHBoxLayout()
        row.addWidget(self.code_label)
        row.addStretch(1)
        side = QVBoxLayout()
        side.addWidget(copy)
        side.addWidget(self.print_sheet)
        side.addStretch(1)
        row.addLayout(side)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.finish_button)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.confirm_label)
        layout.addWidget(self.confirm)
        layout.addWidget(self.confirm_error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _show_code(self, result: CreatedPortfolio) -> None:
        groups = code_groups(result.recovery_code)
        self.groups = groups
        self.code_label.setText(code_html(result.recovery_code))
        self.check_group = random.randrange(len(groups))
        self.confirm_label.setText(
            f"To show you have kept it, type &group {self.check_group + 1} of the code:"
        )
        self.keyring_note.setText(result.keyring_message)
        self.keyring_note.setVisible(bool(result.keyring_message))
        self.pages.setCurrentIndex(1)
        self.finish_button.setDefault(True)  # Enter in the group box finishes
        self.confirm.setFocus()

    def _print_sheet(self) -> None:
        from app.ui.printing.actions import open_preview  # ReportLab: only when asked

        if self.portfolio is not None:
            open_preview(self, self.portfolio, "recovery", 0)

    def _copy(self) -> None:
        # Marked secret, so clipboard managers (Klipper and others that honour the hint)
        # keep it out of their history; and taken back when the wizard closes.
        data = QMimeData()
        data.setText("-".join(self.groups))
        data.setData(SECRET_HINT, QByteArray(b"secret"))
        QApplication.clipboard().setMimeData(data)

    def _take_back_copied_code(self) -> None:
        clipboard = QApplication.clipboard()
        if getattr(self, "groups", None) and clipboard.text() == "-".join(self.groups):
            clipboard.clear()

    def finish(self) -> None:
        typed = self.confirm.text().strip().upper().replace(" ", "")
        if typed != self.groups[self.check_group].upper():
            self.confirm_error.setText(
                f"That is not group {self.check_group + 1}. Check the code you kept."
            )
            self.confirm_error.show()
            return
        self._take_back_copied_code()
        self.accept()

    def reject(self) -> None:
        if self.task.running():
            return  # the key is being derived; closing now would orphan the file
        if self.pages.currentIndex() == 1:
            self.confirm_error.setText("Confirm you have kept the recovery code first.")
            self.confirm_error.show()
            return
        super().reject()

"""Create a portfolio: owner details, location, passphrase, then keep the recovery code."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import QByteArray, QMimeData, QThread, Signal
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
    MIN_PASSPHRASE,
    CreatedPortfolio,
    Portfolio,
    create_portfolio,
    passphrase_problem,
)

ERROR_STYLE = "color: #c62828;"
# The MIME type clipboard managers read to leave a secret out of their history.
SECRET_HINT = "x-kde-passwordManagerHint"


def default_location() -> Path:
    return paths.default_portfolio_path()


def strength_hint(passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE:
        return f"Too short: use at least {MIN_PASSPHRASE} characters."
    if passphrase_problem(passphrase):
        return "Not usable: spaces alone are not a passphrase."
    words = len(passphrase.split())
    kinds = sum(
        any(test(c) for c in passphrase)
        for test in (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())
    )
    if len(passphrase) >= 20 or words >= 4:
        return "Strong: a long passphrase is hard to guess."
    if len(passphrase) >= 12 and kinds >= 2:
        return "Good. Longer is stronger: try four or more unrelated words."
    return "Weak: add more words."


def code_groups(code: str) -> list[str]:
    return [g for g in code.replace(" ", "-").split("-") if g]


class CreateWorker(QThread):
    """Runs the key derivation (about a third of a second) off the UI thread."""

    done = Signal(object)  # CreatedPortfolio or KnownError

    def __init__(
        self,
        path: Path,
        owner: OwnerProfile,
        passphrase: str,
        remember: bool,
        kdf: KdfParams | None,
    ) -> None:
        super().__init__()
        self.args = (path, owner, passphrase, remember, kdf)

    def run(self) -> None:
        path, owner, passphrase, remember, kdf = self.args
        try:
            result: object = create_portfolio(path, owner, passphrase, remember=remember, kdf=kdf)
        except KnownError as err:
            result = err
        except OSError as err:
            result = KnownError(f"The portfolio could not be created: {err.strerror}.")
        self.done.emit(result)


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


class CreateWizard(QDialog):
    def __init__(self, parent: QWidget | None = None, kdf: KdfParams | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Create a portfolio")
        self.kdf = kdf
        self.portfolio: Portfolio | None = None
        self.created: CreatedPortfolio | None = None
        self.worker: CreateWorker | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self._details_page())
        self.pages.addWidget(self._recovery_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(560, 480)

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
        self.passphrase = QLineEdit()
        self.passphrase2 = QLineEdit()
        for edit in (self.passphrase, self.passphrase2):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = QLabel(strength_hint(""))
        self.strength.setAccessibleName("Passphrase strength")
        self.passphrase.textChanged.connect(lambda t: self.strength.setText(strength_hint(t)))
        self.remember = QCheckBox("&Remember on this computer (unlock without typing)")
        self.error = _error_label()
        self.error.setAccessibleName("Create error")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName("Creating portfolio")
        self.busy.hide()
        self.create_button = QPushButton("&Create portfolio")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.start_create)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        named: tuple[tuple[QWidget, str], ...] = (
            (self.name, "Your name"),
            (self.role_grade, "Role or grade"),
            (self.specialty, "Specialty"),
            (self.organisation, "Organisation"),
            (self.location, "Portfolio file"),
            (self.passphrase, "Passphrase"),
            (self.passphrase2, "Passphrase again"),
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
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow("", self.strength)
        form.addRow("Passphrase &again:", self.passphrase2)
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
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Save portfolio as",
            self.location.text(),
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
        problem = passphrase_problem(self.passphrase.text())
        if problem:
            self.show_error(f"The passphrase {problem}.")
            self.passphrase.setFocus()
            return
        if self.passphrase.text() != self.passphrase2.text():
            self.show_error("The two passphrases are different. Type them again.")
            self.passphrase2.clear()
            self.passphrase2.setFocus()
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
        self.worker = CreateWorker(
            path, owner, self.passphrase.text(), self.remember.isChecked(), self.kdf
        )
        self.worker.done.connect(self._created)
        self.worker.start()

    def _created(self, result: object) -> None:
        self.busy.hide()
        self.create_button.setEnabled(True)
        if self.worker is not None:
            self.worker.wait()
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
        self.code_label.setStyleSheet("font-family: monospace; font-size: 15pt;")
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
        self.finish_button.setDefault(True)
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
        cells = "".join(
            ("<tr>" if i % 4 == 0 else "")
            + f"<td align='right'><small style='color: gray'>{i + 1}&nbsp;</small></td>"
            f"<td>{group}&nbsp;&nbsp;&nbsp;</td>" + ("</tr>" if i % 4 == 3 else "")
            for i, group in enumerate(groups)
        )
        self.code_label.setText(f"<table>{cells}</table>")
        self.check_group = random.randrange(len(groups))
        self.confirm_label.setText(
            f"To show you have kept it, type &group {self.check_group + 1} of the code:"
        )
        self.keyring_note.setText(result.keyring_message)
        self.keyring_note.setVisible(bool(result.keyring_message))
        self.pages.setCurrentIndex(1)
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
        if self.worker is not None and self.worker.isRunning():
            return  # the key is being derived; closing now would orphan the file
        if self.pages.currentIndex() == 1:
            self.confirm_error.setText("Confirm you have kept the recovery code first.")
            self.confirm_error.show()
            return
        super().reject()

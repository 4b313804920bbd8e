"""A new recovery code: the data key replaced (app.services.rekey), off the GUI thread;
then the new code shown and its sheet printed. Old backups keep the old code, and the
dialog says so."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.domain.kdf import KdfParams
from app.services.portfolio import Portfolio
from app.services.rekey import OLD_BACKUPS, NewKeyResult, new_recovery_code
from app.ui.look import set_role
from app.ui.recovery_code_view import code_html
from app.ui.safekeeping.task_dialog import TaskDialog

EXPLAIN = (
    "Make a new recovery code when the old one, or your passphrase, may have been seen."
    " The portfolio gets a new data key: the old code and older key files stop opening it."
    " Your passphrase stays the same. " + OLD_BACKUPS
)


class NewRecoveryCodeDialog(TaskDialog):
    def __init__(
        self, portfolio: Portfolio, parent: QWidget | None = None, kdf: KdfParams | None = None
    ) -> None:
        super().__init__(
            parent,
            title="New recovery code",
            action="Make a new code",
            message_name="Recovery code message",
            still_running="Replacing the data key; it cannot stop half-way, and takes a moment.",
        )
        self.portfolio = portfolio
        self.kdf = kdf
        explain = QLabel(EXPLAIN)
        explain.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Your passphrase")
        self.code = QLabel()
        self.code.setAccessibleName("New recovery code")
        set_role(self.code, "code")
        self.code.hide()
        self.print_button = QPushButton("&Print the recovery sheet…")
        self.print_button.clicked.connect(self.print_sheet)
        self.print_button.hide()
        form = QFormLayout()
        form.addRow("Your &passphrase:", self.passphrase)
        layout = self.lay_out(explain, form)
        # The new code and its sheet go below the message that introduces them.
        at = layout.indexOf(self.message) + 1
        layout.insertWidget(at, self.code)
        layout.insertWidget(at + 1, self.print_button)
        self.result_: NewKeyResult | None = None

    def start(self) -> None:
        passphrase = self.passphrase.text()
        portfolio, kdf = self.portfolio, self.kdf

        def job(_report: Callable[[float], None]) -> NewKeyResult:
            return new_recovery_code(portfolio, passphrase, kdf)

        self.run("Replacing the data key…", job)

    def succeeded(self, result: object) -> None:
        assert isinstance(result, NewKeyResult)
        self.result_ = result
        self.passphrase.clear()
        self.passphrase.setEnabled(False)
        self.code.setText(code_html(result.recovery_code))
        self.code.show()
        self.message.setText(result.message + " Print the new sheet now, and destroy the old one.")
        self.print_button.show()
        self.offer_close()

    def print_sheet(self) -> None:
        from app.ui.printing.actions import open_preview  # ReportLab: only when asked

        open_preview(self, self.portfolio, "recovery", 0)

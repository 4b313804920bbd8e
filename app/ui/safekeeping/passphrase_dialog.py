"""Change passphrase in the app: the same strength hint as at creation and the same
crash safety as the command (app.services.portfolio.set_passphrase: the old
passphrase or the new one opens it, never neither). Off the GUI thread (scrypt)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QWidget,
)

from app.domain.kdf import KdfParams
from app.services.portfolio import Portfolio, set_passphrase
from app.ui.new_passphrase import NewPassphrase
from app.ui.safekeeping.task_dialog import TaskDialog

REVOKES_NOTHING = (
    "Changing the passphrase locks nobody out: backups keep a key file that opens with"
    " the old passphrase, and the recovery code stays the same. If someone may know"
    " either, make a new recovery code instead (File > Keep safe)."
)


class ChangePassphraseDialog(TaskDialog):
    def __init__(
        self, portfolio: Portfolio, parent: QWidget | None = None, kdf: KdfParams | None = None
    ) -> None:
        super().__init__(
            parent,
            title="Change passphrase",
            action="Change passphrase",
            message_name="Passphrase message",
            still_running="Finishing the change; it takes a moment and cannot stop half-way.",
        )
        self.portfolio = portfolio
        self.kdf = kdf
        self.new_passphrase = NewPassphrase("New passphrase")
        self.passphrase = self.new_passphrase.passphrase
        self.again = self.new_passphrase.again
        note = QLabel(REVOKES_NOTHING)
        note.setWordWrap(True)
        form = QFormLayout()
        self.new_passphrase.add_rows(form, "&New passphrase:", "&Again:")
        self.lay_out(form, note)
        self.changed = False

    def start(self) -> None:
        self.change()

    def change(self) -> None:
        problem = self.new_passphrase.problem()
        if problem:
            self.message.setText(problem)
            return
        new, portfolio, kdf = self.new_passphrase.text(), self.portfolio, self.kdf

        def job(_report: Callable[[float], None]) -> object:
            return set_passphrase(portfolio, new, kdf)

        self.run("Changing the passphrase…", job)

    def succeeded(self, result: object) -> None:
        self.changed = True
        self.new_passphrase.clear()
        self.message.setText("Passphrase changed. Use the new one from now on.")
        self.offer_close()

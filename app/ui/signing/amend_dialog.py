"""Amend a frozen record: a reason is required; the signed version stays as it is."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import RecordKind
from app.domain.errors import KnownError
from app.services.changes import Changes
from app.services.portfolio import Portfolio
from app.services.signing import lifecycle
from app.ui.look import set_tone
from app.ui.ops import ChangeBus, Op


class AmendDialog(QDialog):
    def __init__(
        self,
        portfolio: Portfolio,
        kind: RecordKind,
        record_id: int,
        parent: QWidget | None = None,
        *,
        bus: ChangeBus | None = None,
        initiator: object | None = None,
    ) -> None:
        super().__init__(parent)
        self.portfolio, self.kind, self.record_id = portfolio, kind, record_id
        self.bus, self.initiator = bus or ChangeBus(), initiator
        status = lifecycle.signature_status(portfolio, kind, record_id)
        number = status.version or 1
        what = kind.label.lower()
        self.setWindowTitle(f"Amend {what}")
        intro = QLabel(
            f"Version {number} stays in the portfolio exactly as it was signed, and its"
            f" printed code will show it was superseded. Amending lets you edit the {what};"
            f" when you mark it ready to sign again it becomes version {number + 1}, which"
            " needs new signatures."
        )
        intro.setWordWrap(True)
        label = QLabel("&Why are you amending it? (kept with the new version)")
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Reason for the amendment")
        self.reason.setPlaceholderText("For example: the date of the next meeting was wrong")
        self.reason.setTabChangesFocus(True)
        label.setBuddy(self.reason)
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_tone(self.error, "error")
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.amend_button = self.buttons.addButton("Amend", QDialogButtonBox.ButtonRole.AcceptRole)
        self.amend_button.setEnabled(False)
        self.buttons.accepted.connect(self._amend)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(
            lambda: self.amend_button.setEnabled(bool(self.reason.toPlainText().strip()))
        )
        layout = QVBoxLayout(self)
        for widget in (intro, label, self.reason, self.error, self.buttons):
            layout.addWidget(widget)
        self.resize(520, 300)

    def _amend(self) -> None:
        reason = self.reason.toPlainText()
        if (
            Op(
                self.bus,
                self,
                lambda: lifecycle.amend(self.portfolio, self.kind, self.record_id, reason),
            )
            .changes(Changes.of(self.kind, self.record_id))
            .failure(self._refused)
            .run(initiator=self.initiator)
        ):
            self.accept()

    def _refused(self, err: KnownError) -> None:
        self.error.setText(err.message)
        self.error.setVisible(True)

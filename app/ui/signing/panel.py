"""The strip a signable section shows above its editor: the record's signature
status and the actions that move it on (mark ready, record signatures, amend,
history). Sections pass ``current_record()`` to ``set_record`` and reload when
``changed`` fires (a frozen record's editor becomes read-only)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import registry
from app.domain.enums import RecordKind, SignerRole
from app.services.changes import Changes
from app.services.portfolio import Portfolio
from app.services.signing import lifecycle, signable
from app.ui.flow_layout import FlowLayout
from app.ui.ops import ChangeBus, Op
from app.ui.signing.status import StatusBadge

if TYPE_CHECKING:
    from app.ui.signing.import_return import ImportReturnDialog


class HistoryDialog(QDialog):
    def __init__(
        self,
        portfolio: Portfolio,
        record: tuple[RecordKind, int] | None,
        parent: QWidget | None = None,
    ) -> None:
        from app.ui.signing.history_view import HistoryView

        super().__init__(parent)
        self.setWindowTitle(
            "History" if record is None else f"History of {registry.reference(*record).lower()}"
        )
        self.view = HistoryView(portfolio)
        if record is None:
            self.view.show_portfolio()
        else:
            self.view.show_record(*record)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(900, 560)


class SigningPanel(QWidget):
    """``changed`` fires after the panel froze, signed or amended the record; the same
    change is announced on ``bus`` for the rest of the window (``owner``, the form
    holding the panel, reloads on ``changed``)."""

    changed = Signal()

    def __init__(
        self,
        portfolio: Portfolio,
        parent: QWidget | None = None,
        *,
        bus: ChangeBus | None = None,
        owner: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.bus = bus or ChangeBus()
        self.owner = owner
        self.record: tuple[RecordKind, int] | None = None
        self.latest: lifecycle.VersionInfo | None = None  # the version to sign, if any
        self.badge = StatusBadge()
        self.ready_button = QPushButton("Mark &ready to sign")
        self.ready_button.setToolTip("Freeze this version so it can be printed and signed")
        self.sign_button = QPushButton("Record &signatures…")
        self.send_button = QPushButton("Send f&or signature…")
        self.send_button.setToolTip(
            "Write a PDF of this version for your mentor to sign in their PDF reader and send back"
        )
        self.import_button = QPushButton("Import signed &copy…")
        self.import_button.setToolTip(
            "Record the signature on a signed PDF sent back to you (or drop the file"
            " onto this page)"
        )
        self.amend_button = QPushButton("&Amend…")
        self.amend_button.setToolTip("Make a new version of a frozen record, with a reason")
        self.cancel_amendment_button = QPushButton("Cance&l amendment")
        self.cancel_amendment_button.setToolTip(
            "Close an amendment that changed nothing: the last version stays as it is"
        )
        self.history_button = QPushButton("&History…")
        self.ready_button.clicked.connect(self.mark_ready)
        self.sign_button.clicked.connect(self.open_sign_dialog)
        self.send_button.clicked.connect(self._send_clicked)
        self.import_button.clicked.connect(lambda: self.import_signed_copy())
        self.amend_button.clicked.connect(self.open_amend_dialog)
        self.cancel_amendment_button.clicked.connect(self.cancel_amendment)
        self.history_button.clicked.connect(self.open_history)
        # The badge, then the buttons, wrapping onto a second line where the form is
        # narrow rather than pushing the form wider than its window.
        layout = FlowLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.badge,
            self.ready_button,
            self.sign_button,
            self.send_button,
            self.import_button,
            self.amend_button,
            self.cancel_amendment_button,
            self.history_button,
        ):
            layout.addWidget(widget)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.set_record(None)

    def set_record(self, record: tuple[RecordKind, int] | None) -> None:
        self.record = record
        self.refresh()

    def refresh(self) -> None:
        record = self.record
        self.latest = None
        # Sections may pass any record (an action, a mentor): only signable ones show.
        shown = record is not None and record[0] in registry.signable_kinds()
        self.setVisible(shown)
        if record is None or not shown:
            return
        status = lifecycle.signature_status(self.portfolio, *record)
        self.badge.set_status(status)
        label = status.label
        self.ready_button.setEnabled(label in ("unsigned", "amended"))
        self.ready_button.setText(
            "Mark amended version &ready to sign" if label == "amended" else "Mark &ready to sign"
        )
        if label not in ("unsigned", "amended") and status.version is not None:
            self.latest = lifecycle.get_version(self.portfolio, *record, status.version)
        unsigned = self.latest is not None and any(
            self.latest.signature(role) is None for role in SignerRole
        )
        self.sign_button.setEnabled(unsigned)
        self.send_button.setEnabled(unsigned)
        self._offer_signers()
        self.import_button.setEnabled(unsigned)
        self.amend_button.setEnabled(label not in ("unsigned", "amended"))
        # While amending, Cancel amendment takes the place of Amend… and Record
        # signatures… (neither applies), so the strip keeps its width.
        amending = label == "amended"
        self.cancel_amendment_button.setEnabled(amending)
        self.cancel_amendment_button.setVisible(amending)
        self.amend_button.setVisible(not amending)
        self.sign_button.setVisible(not amending)
        self.send_button.setVisible(not amending)
        self.import_button.setVisible(not amending)

    def _changed(self) -> None:
        self.refresh()
        self.changed.emit()

    def mark_ready(self) -> None:
        if self.record is None:
            return
        kind, record_id = self.record
        code = signable.identify(self.portfolio, kind, record_id).code.text
        answer = QMessageBox.question(
            self,
            "Mark ready to sign",
            f"Freeze this {kind.label.lower()} as it is now, so it can be printed and"
            f" signed? Its pages will carry the code {code}. After this it cannot be"
            " edited unless you amend it.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        frozen: list[lifecycle.VersionInfo] = []
        done = (
            Op(self.bus, self, lambda: lifecycle.mark_ready(self.portfolio, kind, record_id))
            .changes(Changes.of(kind, record_id))
            .success(frozen.append)
            .run(initiator=self.owner)
        )
        if not done:
            return
        info = frozen[0]
        self._changed()
        QMessageBox.information(
            self,
            "Ready to sign",
            f"Version {info.version} is frozen. Print it for signing; its pages carry the"
            f" code {info.code}. Then record the signatures here.",
        )

    def open_sign_dialog(self) -> None:
        from app.ui.signing.sign_dialog import SignDialog

        if self.record is None:
            return
        latest = self.latest
        if latest is None:
            return
        dialog = SignDialog(self.portfolio, latest, self, bus=self.bus, initiator=self.owner)
        dialog.exec()
        if dialog.recorded:
            self._changed()

    def _offer_signers(self) -> None:
        """While neither has signed, Send for signature… asks whose signature the
        request is for: the mentor's, or the mentee's own (a certificate they hold)."""
        latest = self.latest
        both = latest is not None and all(latest.signature(r) is None for r in SignerRole)
        # PySide6's stubs leave out None, which Qt takes: no menu.
        self.send_button.setMenu(None)  # type: ignore[arg-type]
        if both:
            menu = QMenu(self.send_button)
            menu.addAction(
                "For my &mentor to sign…", lambda: self.send_for_signature(SignerRole.MENTOR)
            )
            menu.addAction(
                "For me to sign with my &own certificate…",
                lambda: self.send_for_signature(SignerRole.MENTEE),
            )
            self.send_button.setMenu(menu)

    def _send_clicked(self) -> None:
        # A button with a menu still says "clicked" once its menu closes (after the
        # chosen entry sent the request): only a button without one sends from here.
        if self.send_button.menu() is None:
            self.send_for_signature()

    def send_for_signature(self, role: SignerRole | None = None) -> None:
        """A signing request PDF of the version to sign (app/ui/signing/send_request.py),
        for ``role``'s signature (by default whoever has not signed, the mentor first)."""
        from app.ui.signing.send_request import send_for_signature

        if self.latest is not None:
            send_for_signature(
                self, self.portfolio, self.latest, bus=self.bus, initiator=self.owner, role=role
            )

    def import_signed_copy(self, path: Path | None = None) -> ImportReturnDialog | None:
        """Check a signed return (chosen, or ``path`` when dropped) and record it."""
        from app.ui.signing.import_return import import_signed_copy

        dialog = import_signed_copy(
            self, self.portfolio, path, bus=self.bus, initiator=self.owner, expected=self.record
        )
        if dialog is not None:
            dialog.recorded.connect(lambda _accepted: self._changed())
        return dialog

    def take_drops_on(self, page: QWidget) -> None:
        """A PDF dropped anywhere on ``page`` (the record's form) is imported as a
        signed copy while this panel shows a record."""
        from app.ui.signing.return_drop import ReturnDrop

        ReturnDrop(page, self.import_signed_copy, lambda: self.isVisible() and bool(self.record))

    def open_amend_dialog(self) -> None:
        from app.ui.signing.amend_dialog import AmendDialog

        if self.record is None:
            return
        dialog = AmendDialog(
            self.portfolio, *self.record, parent=self, bus=self.bus, initiator=self.owner
        )
        if dialog.exec():
            self._changed()

    def cancel_amendment(self) -> None:
        if self.record is None:
            return
        kind, record_id = self.record
        status = lifecycle.signature_status(self.portfolio, kind, record_id)
        answer = QMessageBox.question(
            self,
            "Cancel amendment",
            f"Stop amending this {kind.label.lower()}? Nothing was changed, so version"
            f" {status.version} stays as it is and no new version is made.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        done = (
            Op(
                self.bus,
                self,
                lambda: lifecycle.cancel_amendment(self.portfolio, kind, record_id),
            )
            .changes(Changes.of(kind, record_id))
            .run(initiator=self.owner)
        )
        if done:
            self._changed()

    def open_history(self) -> None:
        HistoryDialog(self.portfolio, self.record, self).exec()

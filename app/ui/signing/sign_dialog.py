"""Record signatures on a frozen version: signed in ink on the printed page (names,
dates and an optional scan), or drawn here on the pad by mentee and mentor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import clock
from app.domain.enums import SignatureMethod, SignerRole
from app.domain.errors import KnownError
from app.domain.kind_spec import Future
from app.services.changes import NOTHING, Changes
from app.services.portfolio import Portfolio
from app.services.records import saved_id
from app.services.signing import attachments, lifecycle
from app.services.signing.lifecycle import ROLE_LABEL, VersionInfo
from app.services.signing.verify import title_of
from app.ui.common import scrolling
from app.ui.date_field import DateField
from app.ui.look import set_tone
from app.ui.ops import ChangeBus, Op
from app.ui.signing.pad import SignaturePad

T = TypeVar("T")

ROLES = (SignerRole.MENTEE, SignerRole.MENTOR)


@dataclass
class _InkRow:
    signed: QCheckBox
    name: QLineEdit
    date: DateField


@dataclass
class _PadRow:
    name: QLineEdit
    pad: SignaturePad


def _name_edit(text: str, role: SignerRole) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setMaxLength(200)
    edit.setAccessibleName(f"{ROLE_LABEL[role].capitalize()}'s name as signed")
    return edit


class SignDialog(QDialog):
    """``version`` must be the current, unsuperseded version."""

    def __init__(
        self,
        portfolio: Portfolio,
        version: VersionInfo,
        parent: QWidget | None = None,
        *,
        bus: ChangeBus | None = None,
        initiator: object | None = None,
    ) -> None:
        super().__init__(parent)
        self.portfolio, self.version = portfolio, version
        self.bus, self.initiator = bus or ChangeBus(), initiator
        self.recorded: list[SignerRole] = []
        self.scan_path: Path | None = None
        # A scan stored on a first attempt is reused if a signature then needs fixing.
        self._stored_scans: dict[Path, int] = {}
        content = version.content
        names = {
            SignerRole.MENTEE: str(content.get("mentee") or ""),
            SignerRole.MENTOR: str(content.get("mentor") or ""),
        }
        self.pending = [r for r in ROLES if version.signature(r) is None]
        self.setWindowTitle("Record signatures")
        heading = QLabel(
            f"<b>{_escape(title_of(version.kind, version.record_id, content, on_screen=True))}"
            f"</b>, version {version.version}<br>Code {version.code}"
        )
        heading.setWordWrap(True)
        done = [f"Already signed by {s.summary_on_screen}." for s in version.signatures]
        already = QLabel("\n".join(done))
        already.setVisible(bool(done))
        self.tabs = QTabWidget()
        self.ink_rows: dict[SignerRole, _InkRow] = {}
        self.pad_rows: dict[SignerRole, _PadRow] = {}
        # Each tab scrolls where the screen is short (two pads are taller than 600 px).
        self.tabs.addTab(scrolling(self._ink_tab(names)), "Signed on &paper")
        self.tabs.addTab(scrolling(self._pad_tab(names)), "Sign &here in the app")
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_tone(self.error, "error")
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.record_button = self.buttons.addButton(
            "&Record signatures", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (heading, already, self.tabs, self.error, self.buttons):
            layout.addWidget(widget)
        self.resize(640, 520)

    def _ink_tab(self, names: dict[SignerRole, str]) -> QWidget:
        tab = QWidget()
        grid = QGridLayout()
        intro = QLabel(
            "Tick who signed the printed page, with their name as signed and the date they wrote."
        )
        intro.setWordWrap(True)
        for row, role in enumerate(self.pending):
            signed = QCheckBox(f"The {ROLE_LABEL[role]} signed")
            signed.setChecked(True)
            name = _name_edit(names[role], role)
            when = DateField(
                future=Future.REFUSED,
                why_past="a signature is dated the day it was made",
                label=f"Date the {ROLE_LABEL[role]} signed",
            )
            when.set_value(clock.today())
            signed.toggled.connect(name.setEnabled)
            signed.toggled.connect(when.setEnabled)
            grid.addWidget(signed, row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(when, row, 2)
            self.ink_rows[role] = _InkRow(signed, name, when)
        scan_box = QGroupBox("Scan or photo of the signed page (optional)")
        self.scan_label = QLabel(
            "None chosen. Some appraisal services accept only electronic"
            " documents, so a scan is worth keeping."
        )
        self.scan_label.setWordWrap(True)
        choose = QPushButton("Choose &file…")
        choose.clicked.connect(self._choose_scan)
        self.remove_scan = QPushButton("Re&move")
        self.remove_scan.setEnabled(False)
        self.remove_scan.clicked.connect(lambda: self.set_scan(None))
        scan_row = QHBoxLayout(scan_box)
        scan_row.addWidget(self.scan_label, 1)
        scan_row.addWidget(choose)
        scan_row.addWidget(self.remove_scan)
        layout = QVBoxLayout(tab)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(scan_box)
        layout.addStretch(1)
        return tab

    def _pad_tab(self, names: dict[SignerRole, str]) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        intro = QLabel(
            "Each of you signs on a pad with the mouse, a pen or a finger. The"
            " signature is kept as drawn, bound to this exact version, and printed"
            " on its page. A pad left empty records nothing."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        for role in self.pending:
            box = QGroupBox(ROLE_LABEL[role].capitalize())
            form = QFormLayout(box)
            name = _name_edit(names[role], role)
            pad = SignaturePad()
            pad.changed.connect(lambda: self.error.setVisible(False))
            pad.setAccessibleName(f"{ROLE_LABEL[role].capitalize()}'s signature pad")
            clear = QPushButton("Clear")
            clear.setAccessibleName(f"Clear the {ROLE_LABEL[role]}'s signature")
            clear.clicked.connect(pad.clear)
            form.addRow("Name:", name)
            pad_row = QHBoxLayout()
            pad_row.addWidget(pad, 1)
            pad_row.addWidget(clear)
            form.addRow("Signature:", pad_row)
            layout.addWidget(box)
            self.pad_rows[role] = _PadRow(name, pad)
        layout.addStretch(1)
        return tab

    def _choose_scan(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Scan or photo of the signed page",
            "",
            "Scans and photos (*.pdf *.png *.jpg *.jpeg);;All files (*)",
        )
        if path:
            self.set_scan(Path(path))

    def set_scan(self, path: Path | None) -> None:
        self.error.setVisible(False)
        self.scan_path = path
        self.remove_scan.setEnabled(path is not None)
        self.scan_label.setText(path.name if path else "None chosen.")

    def record(self) -> None:
        """Record every signature given; stays open with a message if one is refused."""
        self.error.setVisible(False)
        try:
            if self.tabs.currentIndex() == 0:
                self._record_ink()
            else:
                self._record_drawn()
        except KnownError as err:
            self.error.setText(err.message)
            self.error.setVisible(True)
            return
        self.accept()

    def done(self, result: int) -> None:
        """Closing the dialog drops scans stored for signatures that were not recorded."""
        for scan_id in self._stored_scans.values():
            Op(self.bus, self, partial(attachments.discard_if_unused, self.portfolio, scan_id)).run(
                initiator=self.initiator
            )
        self._stored_scans.clear()
        super().done(result)

    def _write(self, call: Callable[[], T], changes: Changes = NOTHING) -> T:
        """One write through the window's funnel; a refusal stops the recording and is
        shown in the dialog (by record())."""
        results: list[T] = []
        refused: list[KnownError] = []
        Op(self.bus, self, call).changes(changes).success(results.append).failure(
            refused.append
        ).run(initiator=self.initiator)
        if refused:
            raise refused[0]
        return results[0]

    def _sign(
        self,
        role: SignerRole,
        *,
        signer_name: str,
        signed_on: date,
        method: SignatureMethod,
        strokes: object = None,
        scan_attachment_id: int | None = None,
    ) -> None:
        v = self.version
        self._write(
            lambda: lifecycle.sign(
                self.portfolio,
                v.kind,
                v.record_id,
                v.version,
                role=role,
                signer_name=signer_name,
                signed_on=signed_on,
                method=method,
                strokes=strokes,
                scan_attachment_id=scan_attachment_id,
            ),
            Changes.of(v.kind, v.record_id),
        )
        self.recorded.append(role)
        self.pending.remove(role)

    def _record_ink(self) -> None:
        chosen = [r for r in list(self.pending) if self.ink_rows[r].signed.isChecked()]
        if not chosen:
            raise KnownError("Tick at least one person who signed the page.")
        dates = {role: self._date_signed(role) for role in chosen}  # all, before any signs
        scan_id = None
        if self.scan_path is not None:
            scan_id = self._stored_scans.get(self.scan_path)
            if scan_id is None:
                path, v = self.scan_path, self.version
                scan_id = saved_id(
                    self._write(
                        lambda: attachments.add_scan(self.portfolio, v.kind, v.record_id, path)
                    )
                )
                self._stored_scans[self.scan_path] = scan_id
        for role in chosen:
            row = self.ink_rows[role]
            self._sign(
                role,
                signer_name=row.name.text(),
                signed_on=dates[role],
                method=SignatureMethod.INK,
                scan_attachment_id=scan_id,
            )
            row.signed.setChecked(False)
            row.signed.setEnabled(False)

    def _date_signed(self, role: SignerRole) -> date:
        """The date typed for ``role``; a KnownError (said under the field too) if it is
        not a date, is ahead, or is empty."""
        field = self.ink_rows[role].date
        if not field.accepts():
            field.edit.setFocus()
        day = field.value()
        if day is None:
            field.edit.setFocus()
            raise KnownError(f"Type the date the {ROLE_LABEL[role]} signed.")
        return day

    def _record_drawn(self) -> None:

        chosen = [r for r in list(self.pending) if not self.pad_rows[r].pad.is_empty()]
        if not chosen:
            raise KnownError("Nobody has signed on a pad yet.")
        for role in chosen:
            row = self.pad_rows[role]
            self._sign(
                role,
                signer_name=row.name.text(),
                signed_on=clock.today(),
                method=SignatureMethod.DRAWN,
                strokes=row.pad.strokes(),
            )
            row.pad.setEnabled(False)


def _escape(text: str) -> str:
    from html import escape

    return escape(text)

"""The pin beside a record's private layer: retention (app/services/retention.py)
never deletes a pinned record's private text however old it is. A pin is kept in the
portfolio as soon as it is ticked, apart from the record's Save."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget

from app.domain.errors import KnownError
from app.domain.record_kind import RecordKind
from app.services import retention
from app.services.portfolio import Portfolio
from app.ui.ops import Op


def has_pin(kind: RecordKind) -> bool:
    return any(spec.kind == kind for spec in retention.layered_kinds())


class RetentionPin(QCheckBox):
    def __init__(self, portfolio: Portfolio, kind: RecordKind, parent: QWidget | None = None):
        super().__init__("Keep this private text when old private text is deleted", parent)
        self.portfolio = portfolio
        self.kind = kind
        self.record_id: int | None = None
        self.setAccessibleName("Pinned: kept by retention")
        self.toggled.connect(self._toggled)

    def show_record(self, record_id: int | None) -> None:
        self.record_id = record_id
        pinned = False
        if record_id is not None:
            try:
                pinned = retention.is_pinned(self.portfolio, self.kind, record_id)
            except KnownError:
                pinned = False
        self.blockSignals(True)
        self.setChecked(pinned)
        self.blockSignals(False)
        self.setEnabled(record_id is not None and not self.portfolio.read_only)
        self.setToolTip(
            "Save the record first, then pin it."
            if record_id is None
            else "Pinned: the retention setting never deletes this record's private text."
        )

    def _toggled(self, pinned: bool) -> None:
        record_id = self.record_id
        if record_id is None:
            return

        def write() -> None:
            retention.set_pinned(self.portfolio, self.kind, record_id, pinned)

        if not Op(None, self, write, title="Pin not changed").run():
            self.show_record(record_id)  # as it is kept

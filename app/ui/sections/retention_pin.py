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
        #: The form row's label, shown and hidden with the pin.
        self.row_label: QWidget | None = None
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
        # A record not saved yet has nothing to pin: the row shows once it is saved.
        for widget in (self, self.row_label):
            if widget is not None:
                widget.setVisible(record_id is not None)
        self.setEnabled(not self.portfolio.read_only)
        self.setToolTip("Pinned: the retention setting never deletes this record's private text.")

    def _toggled(self, pinned: bool) -> None:
        record_id = self.record_id
        if record_id is None:
            return

        def write() -> None:
            retention.set_pinned(self.portfolio, self.kind, record_id, pinned)

        if not Op(None, self, write, title="Pin not changed").run():
            self.show_record(record_id)  # as it is kept

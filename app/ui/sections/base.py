"""The contract between the main window and each sidebar section.

The main window (app/ui/main_window.py) owns the sidebar, search, lock and settings;
each section owns one kind of paper trail: a sortable, filterable list over the
services plus an editor form. Sections never talk SQL, only to app.services."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QWidget

from app.domain.enums import RecordKind
from app.services.changes import Changes
from app.services.portfolio import Portfolio
from app.ui.ops import ChangeBus


@dataclass
class SectionContext:
    """What every section gets from the main window while the portfolio is unlocked."""

    portfolio: Portfolio
    locale: QLocale = field(default_factory=QLocale)
    #: Where writes announce what they changed (app/ui/ops.py).
    bus: ChangeBus = field(default_factory=ChangeBus)


class Section(QWidget):
    """One sidebar page. Subclasses set ``title`` and ``kinds`` and implement the methods."""

    #: Ask the main window to show a record that lives in another section.
    open_record = Signal(object, int)  # (RecordKind, record id)

    title: str = ""
    #: The record kinds this section shows; search results of these kinds jump here.
    kinds: tuple[RecordKind, ...] = ()

    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

    @property
    def watches(self) -> frozenset[RecordKind]:
        """The kinds whose changes this section shows (by default, its own)."""
        return frozenset(self.kinds)

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        """Another part of the window wrote something this section shows, while it is
        on screen (a hidden section reloads when it is shown)."""
        self.refresh()

    def refresh(self) -> None:
        """Reload from the services, keeping the current selection where possible."""
        raise NotImplementedError

    def shown(self) -> None:
        """The section comes on screen again: show what changed while it was hidden."""
        self.refresh()

    def discard_changes(self) -> None:
        """The user chose to discard what the section holds unsaved."""

    def position(self) -> Any:
        """Where the user is in the section (the record open), kept across a lock."""
        return None

    def restore_position(self, position: Any) -> None:
        """Go back to what ``position`` returned, after unlocking (before any draft)."""

    def show_record(self, kind: RecordKind, record_id: int) -> None:
        """Select ``record_id`` in the list and open it in the editor."""
        raise NotImplementedError

    def has_unsaved_changes(self) -> bool:
        raise NotImplementedError

    def save_changes(self) -> bool:
        """Save the open editor; False (with the form kept as typed) if it cannot be."""
        raise NotImplementedError

    def take_draft(self) -> Any:
        """Unsaved editor state, held in memory across a lock; None if nothing unsaved."""
        raise NotImplementedError

    def restore_draft(self, draft: Any) -> None:
        """Put back what take_draft returned, after the portfolio is unlocked again."""
        raise NotImplementedError

"""A Section made of one or more RecordPanes (several as tabs)."""

from __future__ import annotations

import weakref
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QVBoxLayout, QWidget
from shiboken6 import isValid

from app.domain.enums import RecordKind
from app.ui.printing.actions import PrintButton
from app.ui.sections.base import Section, SectionContext
from app.ui.sections.record_pane import RecordPane
from app.ui.signing.panel import SigningPanel


class PaneSection(Section):
    def __init__(self, context: SectionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.panes: dict[RecordKind, RecordPane] = {}
        self.tabs: QTabWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 8, 8, 8)
        # Print, sign and amend for whichever signable record is open (hidden otherwise).
        self.signing = SigningPanel(context.portfolio, self)
        self.print_button = PrintButton(context.portfolio, self)
        top = QHBoxLayout()
        top.addWidget(self.signing, 1)
        top.addWidget(self.print_button)
        self._layout.addLayout(top)
        self.signing.changed.connect(self.refresh)
        self.signing.changed.connect(self.records_changed)

    def add_pane(self, kind: RecordKind, pane: RecordPane, tab_title: str = "") -> None:
        self.panes[kind] = pane
        pane.changed.connect(self.records_changed)
        pane.changed.connect(self._refresh_others)
        pane.open_callbacks = [*getattr(pane, "open_callbacks", []),
                               weakref.WeakMethod(self.update_signing)]
        pane.changed.connect(self.update_signing)
        if tab_title:
            if self.tabs is None:
                self.tabs = QTabWidget(self)
                self.tabs.setAccessibleName(f"{self.title} tabs")
                self.tabs.tabBar().setAccessibleName(f"{self.title} tabs")
                self._layout.addWidget(self.tabs)
            if self.tabs.count() == 0:
                self.tabs.currentChanged.connect(self.update_signing)
            self.tabs.addTab(pane, tab_title)
        else:
            self._layout.addWidget(pane)

    def update_signing(self) -> None:
        # Panes can report a record while the section is being torn down.
        if not (isValid(self) and isValid(self.signing) and isValid(self.print_button)):
            return
        record = self.current_record()
        self.signing.set_record(record)
        # A relationship prints as its summary or action log; others as current_record.
        kind = next((k for k, p in self.panes.items() if p is self.current_pane()), None)
        pane = self.current_pane()
        if kind is RecordKind.RELATIONSHIP and pane.current is not None and pane.current.id:
            record = (kind, pane.current.id)
        self.print_button.set_record(record)

    def _refresh_others(self) -> None:
        sender = self.sender()
        for pane in self.panes.values():
            if pane is not sender:
                pane.refresh()

    def refresh(self) -> None:
        for pane in self.panes.values():
            pane.refresh()

    def show_record(self, kind: RecordKind, record_id: int) -> None:
        pane = self.panes.get(kind)
        if pane is None:
            return
        if self.tabs is not None:
            self.tabs.setCurrentWidget(pane)
        pane.refresh()
        pane.show_record(record_id)

    def has_unsaved_changes(self) -> bool:
        return any(pane.has_unsaved_changes() for pane in self.panes.values())

    def save_changes(self) -> bool:
        return all(pane.save() for pane in self.panes.values() if pane.has_unsaved_changes())

    def take_draft(self) -> Any:
        drafts = {kind: pane.take_draft() for kind, pane in self.panes.items()}
        drafts = {kind: draft for kind, draft in drafts.items() if draft is not None}
        return drafts or None

    def restore_draft(self, draft: Any) -> None:
        for kind, pane_draft in (draft or {}).items():
            self.panes[kind].restore_draft(pane_draft)

    def current_pane(self) -> RecordPane:
        if self.tabs is not None:
            widget = self.tabs.currentWidget()
            assert isinstance(widget, RecordPane)
            return widget
        return next(iter(self.panes.values()))

    def current_record(self) -> tuple[RecordKind, int] | None:
        pane = self.current_pane()
        if pane.current is None or pane.current.id is None:
            return None
        kind = next(k for k, p in self.panes.items() if p is pane)
        return kind, pane.current.id

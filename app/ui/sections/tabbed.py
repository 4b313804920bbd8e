"""A sidebar section holding the forms of several kinds as tabs (Relationships &
contract: relationships, mentors and the contract), behaving as one Section."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.domain import registry
from app.domain.enums import RecordKind
from app.services.changes import Changes
from app.ui.sections.base import Section, SectionContext
from app.ui.sections.record_section import RecordSection


def _attribute(form: RecordSection) -> str:
    """The form as an attribute of its section: page.mentors, page.contracts."""
    return registry.spec(form.kind).plural.lower().replace(" ", "_")


class TabbedSection(Section):
    def __init__(
        self,
        context: SectionContext,
        title: str,
        tabs: list[tuple[str, Section]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.title = title
        self.parts: list[RecordSection] = []
        self.tabs = QTabWidget()
        for label, form in tabs:
            assert isinstance(form, RecordSection)
            self.parts.append(form)
            self.tabs.addTab(form, label)
            setattr(self, _attribute(form), form)
        self.kinds = tuple(part.kind for part in self.parts)
        names = [registry.spec(part.kind).plural for part in self.parts]
        spoken = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        self.tabs.setAccessibleName(spoken[0].upper() + spoken[1:].lower())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    @property
    def watches(self) -> frozenset[RecordKind]:
        return frozenset().union(*(part.watches for part in self.parts))

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        """A tab wrote something, or something else did: the other tabs that show it
        reload (the tab that wrote has already)."""
        for part in self.parts:
            if part is not initiator and changes.touches(part.watches):
                part.on_changes(changes, initiator)

    def refresh(self) -> None:
        for part in self.parts:
            part.refresh()

    def show_record(self, kind: RecordKind, record_id: int) -> None:
        for part in self.parts:
            if part.kind == kind:
                self.tabs.setCurrentWidget(part)
                part.show_record(kind, record_id)

    def shown(self) -> None:
        for part in self.parts:
            part.shown()

    def discard_changes(self) -> None:
        for part in self.parts:
            part.discard_changes()

    def position(self) -> Any:
        return (self.tabs.currentIndex(), [part.position() for part in self.parts])

    def restore_position(self, position: Any) -> None:
        if not position:
            return
        tab, parts = position
        for part, where in zip(self.parts, parts, strict=False):
            part.restore_position(where)
        self.tabs.setCurrentIndex(tab)

    def has_unsaved_changes(self) -> bool:
        return any(p.has_unsaved_changes() for p in self.parts)

    def save_changes(self) -> bool:
        return all(p.save_changes() for p in self.parts if p.has_unsaved_changes())

    def confirm_leave(self) -> bool:
        return all(p.confirm_leave() for p in self.parts)

    def take_draft(self) -> Any:
        drafts = [p.take_draft() for p in self.parts]
        return drafts if any(drafts) else None

    def restore_draft(self, draft: Any) -> None:
        for part, one in zip(self.parts, draft or [], strict=False):
            part.restore_draft(one)

"""The record sections, in sidebar order, for the main window."""

from __future__ import annotations

from app.ui.sections.actions import ActionsSection
from app.ui.sections.base import Section, SectionContext
from app.ui.sections.checklists import ChecklistsSection
from app.ui.sections.goals import GoalsSection
from app.ui.sections.relationships import RelationshipsSection
from app.ui.sections.sessions import SessionsSection


def record_sections(context: SectionContext) -> list[Section]:
    return [RelationshipsSection(context), GoalsSection(context), SessionsSection(context),
            ActionsSection(context), ChecklistsSection(context)]

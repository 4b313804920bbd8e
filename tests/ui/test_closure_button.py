"""Ending a relationship from its editor: the review is recorded, the button turns into
Reopen, and the relationship's records refuse edits."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.enums import RecordKind, RelationshipStatus
from app.domain.errors import RecordFrozen
from app.domain.record_types import Goal, Mentor, Relationship
from app.services import records
from app.services.closure import EndReview, close_relationship
from app.ui.main_window import SECTION_NAMES, MainWindow


def test_end_and_reopen_from_the_editor(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    pf = window.portfolio
    mentor = records.save(pf, Mentor(name="Dr Ng"))
    rel = records.save(pf, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    goal = records.save(pf, Goal(relationship_id=rel.id, title="Lead QI"))
    asked: list[str] = []

    def end(portfolio, relationship_id, who, parent) -> bool:  # type: ignore[no-untyped-def]
        asked.append(who)
        close_relationship(
            portfolio, relationship_id, EndReview(date(2026, 11, 1), "Goals met", achieved="Led QI")
        )
        return True

    monkeypatch.setattr("app.ui.reflection.closure_dialog.end_relationship", end)
    window.go_to(SECTION_NAMES.index("Relationships & contract"))
    page = window.sections[SECTION_NAMES.index("Relationships & contract")]
    page.show_record(RecordKind.RELATIONSHIP, rel.id)
    editor = next(s for s in page.findChildren(object) if hasattr(s, "end_button"))
    assert editor.end_button.isVisibleTo(editor) and "End" in editor.end_button.text()
    editor.end_button.click()
    assert asked == ["Dr Ng"]
    assert records.get(pf, Relationship, rel.id).status is RelationshipStatus.ENDED
    assert "Reopen" in editor.end_button.text()
    with pytest.raises(RecordFrozen):
        records.save(pf, records.copy_with(goal, title="Changed"))

"""The window's sections come from the registry: each kind's form where its PLACEMENT
puts it, forms sharing a section as tabs, the Print… menus from the kinds' documents."""

from __future__ import annotations

from app.domain import registry
from app.domain.enums import RecordKind
from app.domain.record_types import Goal, Relationship
from app.ui.printing.actions import documents
from app.ui.sections.sidebar import section_entries, shown_as


def test_sections_are_placed_by_their_forms() -> None:
    entries = section_entries()
    assert [e.title for e in entries] == [
        "Overview",
        "Relationships & contract",
        "Goals",
        "Sessions",
        "Reflections",
        "Actions",
        "Checklists",
        "Appraisal",
    ]
    tabs = entries[1].kinds
    assert tabs == (RecordKind.RELATIONSHIP, RecordKind.MENTOR, RecordKind.CONTRACT)
    shown = {kind for entry in entries for kind in entry.kinds}
    assert {s.kind for s in registry.all_specs() if s.form} <= shown


def test_records_without_a_form_open_where_they_are_shown() -> None:
    assert shown_as(RecordKind.GOALS_PLAN) is RecordKind.GOAL
    assert shown_as(RecordKind.SESSION) is RecordKind.SESSION


def test_print_offers_each_records_documents() -> None:
    assert documents(RecordKind.RELATIONSHIP) == (
        ("Relationship summary", "relationship"),
        ("Action log", "actions"),
    )
    assert documents(RecordKind.GOALS_PLAN) == (("Goals plan", "goals"),)
    assert documents(RecordKind.ACTION) == ()
    goal = Goal(id=3, relationship_id=7)
    assert registry.printable_for(RecordKind.GOAL, goal) == (RecordKind.GOALS_PLAN, 7)
    assert registry.printable_for(RecordKind.GOAL, Goal(id=3)) is None
    assert registry.printable_for(RecordKind.RELATIONSHIP, Relationship(id=2)) == (
        RecordKind.RELATIONSHIP,
        2,
    )


def test_each_form_shows_its_kinds_fields_by_their_labels(qtbot: object, portfolio: object) -> None:
    """Declaring a field in the kind's module is what puts it on the form."""
    from app.domain.kind_spec import Shape
    from app.ui.sections.base import SectionContext

    context = SectionContext(portfolio)  # type: ignore[arg-type]
    for entry in section_entries():
        section = entry.build(context)
        qtbot.addWidget(section)  # type: ignore[attr-defined]
        for form in getattr(section, "parts", [section]):
            if not hasattr(form, "widgets"):
                continue
            spec = registry.spec(form.kind)
            declared = [f for f in spec.fields if f.shape not in (Shape.ITEMS, Shape.IDS)]
            assert list(form.widgets) == [f.name for f in declared], form.kind
            for field in declared:
                assert form.widgets[field.name].accessibleName() == field.label

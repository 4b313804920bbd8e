"""The record-kind registry: every kind declared once, found by listing its package,
with nothing two kinds may share (names, letters, search numbers, tables, sections)."""

from __future__ import annotations

import copy
import dataclasses
import importlib
import json
import pickle

import pytest

from app.domain import registry
from app.domain.kind_spec import RecordKindSpec
from app.domain.record_kind import BUILT_IN, RecordKind
from app.selftest import _record_kinds


def test_discovery_finds_every_built_in_kind() -> None:
    # The built-in kinds, and those declared by their own module alone (reflective notes).
    declared = {RecordKind("reflective_note")}
    assert {s.kind for s in registry.all_specs()} == set(BUILT_IN) | declared
    assert len(BUILT_IN) == 11
    assert _record_kinds() == "12 record kinds found"


def test_discovery_fails_loudly_when_a_kind_module_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A frozen build that did not collect app/domain/kinds finds no modules: the app
    must refuse to start, not run without its kinds."""
    monkeypatch.setattr(registry, "_specs", {})
    monkeypatch.setattr(registry, "_discovered", False)
    monkeypatch.setattr(registry.pkgutil, "iter_modules", lambda *_a, **_k: iter(()))
    with pytest.raises(registry.KindsMissing, match="session"):
        registry.discover()


def test_a_record_kind_is_an_interned_name() -> None:
    kind = RecordKind("session")
    assert kind is RecordKind.SESSION and kind == "session" and hash(kind) == hash("session")
    assert kind.value == "session" and type(kind.value) is str
    assert pickle.loads(pickle.dumps(kind)) is kind
    assert copy.deepcopy(kind) is kind
    assert json.dumps({"kind": kind}) == '{"kind": "session"}'
    assert RecordKind.declare("session") is kind
    assert kind.label == "Session record"
    with pytest.raises(ValueError):
        RecordKind("no_such_kind")
    with pytest.raises(ValueError):
        RecordKind.declare("Not A Name")


def test_nothing_two_kinds_may_share_is_shared() -> None:
    specs = registry.all_specs()
    for attribute in ("letter", "table", "number", "section", "record_type"):
        values = [
            {
                "letter": s.letter,
                "table": s.row.table if s.row else None,
                "number": s.search.number if s.search else None,
                "section": s.export.section if s.export else None,
                "record_type": s.record_type,
            }[attribute]
            for s in specs
        ]
        present = [v for v in values if v is not None]
        assert len(present) == len(set(present)), attribute


def test_registering_a_clashing_kind_is_refused() -> None:
    session = registry.spec(RecordKind.SESSION)
    twin = dataclasses.replace(
        session, kind=RecordKind.declare("session_twin"), record_type=None, row=None
    )
    with pytest.raises(ValueError, match="code letter S"):
        registry.register(twin)
    with pytest.raises(ValueError, match="built-in"):
        registry.unregister(RecordKind.SESSION)


def test_export_order_loads_every_link_target_first() -> None:
    order = {s.kind: s.export.order for s in registry.exported() if s.export}
    for spec in registry.exported():
        for link in spec.links():
            assert order[link.to] < order[spec.kind], (spec.kind, link.field)


def test_every_field_and_link_names_a_field_of_the_dataclass() -> None:
    for spec in registry.all_specs():
        if spec.record_type is None:
            continue
        names = {f.name for f in dataclasses.fields(spec.record_type)}
        declared = [f.name for f in spec.fields] + [link.field for link in spec.links()]
        assert set(declared) <= names, spec.kind
        for field in spec.fields:
            assert (field.enum is not None) == (field.shape == "enum"), (spec.kind, field.name)


def test_every_named_module_imports() -> None:
    for spec, document in registry.documents():
        page = importlib.import_module(document.page)
        assert isinstance(page.TITLE, str)
        if spec.signing is not None and document.per is None:  # lays out signed content
            assert callable(page.signed_page), document.page
    for spec in registry.all_specs():
        if spec.form is not None:
            importlib.import_module(spec.form)


def test_specs_are_plain_frozen_data() -> None:
    for spec in registry.all_specs():
        assert isinstance(spec, RecordKindSpec)
        with pytest.raises(dataclasses.FrozenInstanceError):
            spec.label = "changed"  # type: ignore[misc]


def test_code_letters_and_search_numbers_never_change() -> None:
    """Printed codes and existing search indexes depend on them: a kind keeps its own."""
    letters = {s.kind.value: s.letter for s in registry.all_specs() if s.letter}
    assert letters == {
        "owner": "P",
        "mentor": "M",
        "relationship": "R",
        "contract": "C",
        "checklist": "K",
        "session": "S",
        "action": "A",
        "goals_plan": "G",
    }
    numbers = {s.kind.value: s.search.number for s in registry.all_specs() if s.search}
    assert numbers == {
        "mentor": 2,
        "contract": 4,
        "goal": 5,
        "checklist_template": 6,
        "checklist": 7,
        "session": 8,
        "action": 9,
        "reflective_note": 10,
    }


def test_a_record_has_one_heading_one_sentence_name_and_one_reference() -> None:
    from datetime import date

    from app.domain.record_types import Checklist, SessionRecord

    session = SessionRecord(id=12, held_on=date(2026, 2, 3))
    assert registry.heading(RecordKind.SESSION, session) == "Session of 03/02/2026"
    assert registry.heading(RecordKind.CONTRACT, None, "Dr X") == "Contract with Dr X"
    assert (
        registry.sentence_name(RecordKind.SESSION, 12, session, "Dr X")
        == "Session record 12 of 3 February 2026 with Dr X"
    )
    assert registry.sentence_name(RecordKind.SESSION, 12) == "Session record 12"
    assert (
        registry.sentence_name(RecordKind.CHECKLIST, 4, Checklist(title="First meeting"))
        == "Checklist 4 “First meeting”"
    )
    assert registry.sentence_name(RecordKind.GOALS_PLAN, 3, None, "Dr X") == (
        "Goals plan with Dr X (relationship 3)"
    )
    assert registry.sentence_name(RecordKind.CONTRACT, 2, None, "Dr X") == "Contract 2 with Dr X"
    assert registry.reference(RecordKind.SESSION, 12, 2) == "Session record 12, version 2"
    assert registry.reference("portfolio") == "Portfolio"

"""The search index follows the records by itself: what is saved is found, what is
changed is found by its new words only, what is deleted is gone. Accents and letters
such as ł or ß are found as people type them on an English keyboard, and what a user
types is never taken as a query operator."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.domain.enums import GoalStatus, RecordKind
from app.store import search_index
from app.store.engine import unit_of_work
from app.store.models import GoalRow, MentorRow
from tests.store.conftest import Store


def _found(store: Store, typed: str) -> list[tuple[RecordKind, int]]:
    query = search_index.fts_query(typed)
    if not query:
        return []
    with unit_of_work(store.engine, store.path) as session:
        rows = session.execute(
            text(
                "SELECT kind, record_id FROM search_index WHERE search_index MATCH :q"
                " ORDER BY kind, record_id"
            ),
            {"q": query},
        ).all()
    return [(RecordKind(kind), int(record_id)) for kind, record_id in rows]


def _mentor(store: Store, name: str, notes: str = "") -> int:
    with unit_of_work(store.engine, store.path) as session:
        row = MentorRow(name=name, notes=notes)
        session.add(row)
        session.flush()
        return row.id


def _goal(store: Store, title: str, progress: str = "") -> int:
    with unit_of_work(store.engine, store.path) as session:
        row = GoalRow(title=title, progress_notes=progress, status=GoalStatus.IN_PROGRESS)
        session.add(row)
        session.flush()
        return row.id


def test_saved_records_are_found_by_word_and_prefix(store: Store) -> None:
    mentor = _mentor(store, "Dr Helen Morris", "Consultant anaesthetist; teaches simulation")
    goal = _goal(store, "Lead a QI project on sepsis", "Cycle one done")
    assert _found(store, "simulation") == [(RecordKind.MENTOR, mentor)]
    assert _found(store, "anaesth") == [(RecordKind.MENTOR, mentor)]
    assert _found(store, "SEPSIS") == [(RecordKind.GOAL, goal)]
    assert _found(store, "sepsis cycle") == [(RecordKind.GOAL, goal)]  # every word
    assert _found(store, "sepsis simulation") == []
    assert _found(store, "nowhere") == []


def test_a_change_is_found_by_its_new_words_only(store: Store) -> None:
    goal = _goal(store, "Pass the FRCA viva", "Booked a mock")
    with unit_of_work(store.engine, store.path) as session:
        row = session.get(GoalRow, goal)
        assert row is not None
        row.title = "Teach the new registrars"
        row.progress_notes = "Two sessions planned"
    assert _found(store, "FRCA") == [] and _found(store, "mock") == []
    assert _found(store, "registrars") == [(RecordKind.GOAL, goal)]
    assert _found(store, "planned") == [(RecordKind.GOAL, goal)]


def test_a_deleted_record_is_gone_from_the_index(store: Store) -> None:
    kept = _mentor(store, "Dr Ada Okafor", "paediatrics")
    gone = _mentor(store, "Dr Bea Okafor", "paediatrics")
    with unit_of_work(store.engine, store.path) as session:
        row = session.get(MentorRow, gone)
        assert row is not None
        session.delete(row)
    assert _found(store, "okafor") == [(RecordKind.MENTOR, kept)]
    assert _found(store, "Bea") == []


@pytest.mark.parametrize(
    ("saved", "typed"),
    [
        ("Łukasz Żółć", "lukasz zolc"),
        ("Łukasz Żółć", "Łukasz Żółć"),
        ("Siân Ó Dálaigh", "sian o dalaigh"),
        ("Björn Øvergård", "bjorn overgard"),
        ("Straße", "strasse"),
        ("Ærø", "aero"),
        ("Αλέξανδρος", "αλέξανδρος"),
    ],
)
def test_letters_are_found_as_they_are_typed(store: Store, saved: str, typed: str) -> None:
    mentor = _mentor(store, saved)
    assert _found(store, typed) == [(RecordKind.MENTOR, mentor)]


@pytest.mark.parametrize(
    "typed",
    ['"', 'rota" OR "x', "NEAR(rota nights)", "rota AND", "rota*", "-rota", "title:rota", "^rota"],
)
def test_typed_operators_are_taken_literally(store: Store, typed: str) -> None:
    _mentor(store, "Dr Rota", "nights")
    _found(store, typed)  # never a query syntax error


def test_rebuild_indexes_every_record_again(store: Store) -> None:
    mentor = _mentor(store, "Dr Helen Morris")
    goal = _goal(store, "Lead a QI project")
    with unit_of_work(store.engine, store.path) as session:
        session.execute(text("DELETE FROM search_index"))
    assert _found(store, "morris") == []
    with unit_of_work(store.engine, store.path) as session:
        search_index.rebuild(session)
    assert _found(store, "morris") == [(RecordKind.MENTOR, mentor)]
    assert _found(store, "project") == [(RecordKind.GOAL, goal)]

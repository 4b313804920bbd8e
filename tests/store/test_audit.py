"""The audit chain: entries are numbered and linked in order, stamped in UTC to the
second, refused any change through the database's triggers, and any entry edited,
removed or forged with a fresh hash behind the triggers' back is named by the check."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
from sqlalchemy import Connection, select
from sqlalchemy.exc import DatabaseError

from app.store import audit
from app.store.engine import unit_of_work
from app.store.models import AuditRow
from tests.store.conftest import Store


def _append(store: Store, *entries: tuple[str, str, str]) -> None:
    for action, kind, detail in entries:
        with unit_of_work(store.engine, store.path) as session:
            audit.append(session, action, kind, 1, None, detail)


def _rows(store: Store) -> list[AuditRow]:
    with unit_of_work(store.engine, store.path) as session:
        return list(session.scalars(select(AuditRow).order_by(AuditRow.seq)))


@contextmanager
def _behind_the_triggers(store: Store) -> Iterator[Connection]:
    """A tamperer with the key: the append-only triggers dropped for one change."""
    with store.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        connection.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        yield connection


THREE = (
    ("create", "session", "Session of 3 February 2026"),
    ("ready", "session", "version 1"),
    ("sign", "session", "mentee, ink on paper"),
)


def test_entries_chain_in_order(store: Store) -> None:
    _append(store, *THREE)
    rows = _rows(store)
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == audit.GENESIS_HASH
    assert [r.prev_hash for r in rows[1:]] == [r.entry_hash for r in rows[:-1]]
    assert len({r.entry_hash for r in rows}) == 3
    assert [r.detail for r in rows] == [detail for _, _, detail in THREE]
    assert audit.first_broken(rows) is None
    assert audit.first_broken([]) is None


@pytest.mark.today("2027-06-01 00:30:00.750", tz="Europe/London")
def test_entries_are_stamped_in_utc_to_the_second(store: Store) -> None:
    _append(store, THREE[0])
    (row,) = _rows(store)
    # 00:30 British Summer Time is 23:30 the day before in UTC.
    assert row.at.tzinfo is None
    assert datetime(2027, 5, 31, 23, 30) <= row.at < datetime(2027, 6, 1)  # the clock ticks
    assert row.at.microsecond == 0
    assert audit.first_broken([row]) is None  # the stored time is the hashed time


def test_the_database_refuses_to_change_or_remove_an_entry(store: Store) -> None:
    _append(store, *THREE)
    for statement in (
        "UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 2",
        "DELETE FROM audit_log WHERE seq = 3",
    ):
        with pytest.raises(DatabaseError, match="append-only"), store.engine.begin() as c:
            c.exec_driver_sql(statement)
    assert audit.first_broken(_rows(store)) is None


def test_an_edited_entry_is_named(store: Store) -> None:
    _append(store, *THREE)
    with _behind_the_triggers(store) as connection:
        connection.exec_driver_sql("UPDATE audit_log SET detail = 'version 7' WHERE seq = 2")
    broken = audit.first_broken(_rows(store))
    assert broken is not None and broken[0] == 2 and "altered" in broken[1]


def test_an_edited_time_is_named(store: Store) -> None:
    _append(store, *THREE)
    with _behind_the_triggers(store) as connection:
        connection.exec_driver_sql(
            "UPDATE audit_log SET at = '2020-01-01 12:00:00.000000' WHERE seq = 3"
        )
    broken = audit.first_broken(_rows(store))
    assert broken is not None and broken[0] == 3


def test_a_removed_entry_is_named(store: Store) -> None:
    _append(store, *THREE)
    with _behind_the_triggers(store) as connection:
        connection.exec_driver_sql("DELETE FROM audit_log WHERE seq = 2")
    assert audit.first_broken(_rows(store)) == (2, "entry 2 is missing")


def test_a_forged_entry_with_a_fresh_hash_breaks_the_next_link(store: Store) -> None:
    _append(store, *THREE)
    second = _rows(store)[1]
    forged = audit.entry_hash(
        second.seq,
        second.at,
        second.action,
        second.record_kind,
        second.record_id,
        second.version,
        "version 7",
        second.prev_hash,
    )
    with _behind_the_triggers(store) as connection:
        connection.exec_driver_sql(
            "UPDATE audit_log SET detail = 'version 7', entry_hash = ? WHERE seq = 2",
            (forged,),
        )
    broken = audit.first_broken(_rows(store))
    assert broken is not None and broken[0] == 3 and "does not follow" in broken[1]

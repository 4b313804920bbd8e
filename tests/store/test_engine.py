"""The encrypted engine: the file opens with its data key and no other, every
connection gets the same settings, and nothing readable lies on disk (database, WAL
or shared memory) while the portfolio is open or after it is closed."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from app.domain.enums import RelationshipKind, RelationshipStatus
from app.domain.errors import MissingFile, NotAPortfolio, PortfolioDamaged
from app.store import keyslot
from app.store.engine import (
    check_plausible_file,
    open_engine,
    secure_side_files,
    unit_of_work,
)
from app.store.files import side_files
from app.store.models import MentorRow, RelationshipRow
from tests.store.conftest import SECRET, Store


def _names(store: Store) -> list[str]:
    with unit_of_work(store.engine, store.path) as session:
        return list(session.scalars(select(MentorRow.name).order_by(MentorRow.id)))


def _on_disk(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in [path, *side_files(path)] if p.exists())


def test_the_file_opens_again_with_its_key(store: Store) -> None:
    with unit_of_work(store.engine, store.path) as session:
        session.add(MentorRow(name=SECRET, notes="Łukasz Żółć, Αλέξανδρος"))
    store.engine.dispose()
    store.engine = open_engine(store.path, store.key)
    assert _names(store) == [SECRET]


def test_another_key_is_refused_and_changes_nothing(store: Store) -> None:
    with unit_of_work(store.engine, store.path) as session:
        session.add(MentorRow(name=SECRET))
    store.engine.dispose()
    before = store.path.read_bytes()
    wrong = open_engine(store.path, keyslot.new_data_key())
    try:
        with (
            pytest.raises(PortfolioDamaged, match="cannot be read with this key"),
            unit_of_work(wrong, store.path) as session,
        ):
            session.scalars(select(MentorRow)).all()
    finally:
        wrong.dispose()
    assert store.path.read_bytes() == before
    assert _names(store) == [SECRET]


def test_a_key_must_be_256_bits(tmp_path: Path) -> None:
    for bad in (b"", b"\x01" * 16, b"\x01" * 33):
        with pytest.raises(ValueError, match="32 bytes"):
            open_engine(tmp_path / "x.mpf", bad)


def _pragma(connection: Connection, name: str) -> object:
    return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_every_connection_is_set_up_alike(store: Store) -> None:
    # Two connections at once: the pool's second one must be set up like the first.
    with store.engine.connect() as first, store.engine.connect() as second:
        for connection in (first, second):
            assert str(_pragma(connection, "cipher_version")).startswith("4.")
            assert _pragma(connection, "journal_mode") == "wal"
            assert _pragma(connection, "synchronous") == 2  # FULL: commits survive power cuts
            assert _pragma(connection, "foreign_keys") == 1
            assert _pragma(connection, "temp_store") == 2  # MEMORY: no temporary files


def test_foreign_keys_are_enforced(store: Store) -> None:
    orphan = RelationshipRow(
        mentor_id=999, kind=RelationshipKind.FORMAL, status=RelationshipStatus.ACTIVE
    )
    with (
        pytest.raises(IntegrityError, match="FOREIGN KEY"),
        unit_of_work(store.engine, store.path) as session,
    ):
        session.add(orphan)
    assert _names(store) == []


def test_a_failed_unit_of_work_saves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), unit_of_work(store.engine, store.path) as session:
        session.add(MentorRow(name=SECRET))
        session.flush()
        raise RuntimeError("the caller changed its mind")
    assert _names(store) == []


def test_nothing_readable_on_disk_open_or_closed(store: Store) -> None:
    notes = "Rota worries after nights; NHS 943 476 5919 " * 50
    with unit_of_work(store.engine, store.path) as session:
        session.add(MentorRow(name=SECRET, notes=notes))
    # Still open: the new pages sit in the WAL, which is encrypted too.
    assert store.path.with_name(store.path.name + "-wal").stat().st_size > 0
    for moment in ("open", "closed"):
        raw = _on_disk(store.path)
        for needle in (SECRET, "Rota worries", "943 476 5919", "mentors", "CREATE TABLE"):
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                assert needle.encode(encoding) not in raw, (moment, needle, encoding)
        assert not store.path.read_bytes().startswith(b"SQLite format 3")
        store.engine.dispose()
    plain = sqlite3.connect(store.path)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        plain.close()


def test_side_files_are_made_private(store: Store) -> None:
    with unit_of_work(store.engine, store.path) as session:
        session.add(MentorRow(name=SECRET))
    present = [p for p in [store.path, *side_files(store.path)] if p.exists()]
    assert len(present) >= 2  # the database and its WAL
    for path in present:
        path.chmod(0o644)
    secure_side_files(store.path)
    for path in present:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_what_cannot_be_a_portfolio_is_refused_before_any_key(tmp_path: Path) -> None:
    with pytest.raises(MissingFile):
        check_plausible_file(tmp_path / "absent.mpf")
    with pytest.raises(NotAPortfolio, match="folder"):
        check_plausible_file(tmp_path)
    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(NotAPortfolio, match="unencrypted SQLite"):
        check_plausible_file(plain)
    short = tmp_path / "short.mpf"
    short.write_bytes(b"\x8f" * 100)
    with pytest.raises(PortfolioDamaged, match="too short"):
        check_plausible_file(short)


def test_an_encrypted_file_passes_the_plausibility_check(store: Store) -> None:
    check_plausible_file(store.path)

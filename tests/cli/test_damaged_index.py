"""A damaged search index is named by `check`, which says how to rebuild it, and
`check --rebuild-search-index` mends it from the records (found in review: with
damaged index pages, `check` only repeated "run check for details")."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
import sqlcipher3

from app.domain.record_types import Mentor, Relationship, SessionRecord
from app.services import records, search
from app.services.portfolio import CreatedPortfolio, unlock_with_passphrase
from app.store.encrypted_copy import default_backup_dir
from tests.cli.conftest import assert_one_line_error, run_cli
from tests.conftest import PASSPHRASE


def _damage(path: Path, data_key: bytes, tables: tuple[str, ...]) -> list[int]:
    """Overwrite the first page of each table with noise, as a bad disk sector would."""
    connection = sqlcipher3.connect(str(path))
    try:
        connection.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        marks = ", ".join("?" for _ in tables)
        pages = [
            row[0]
            for row in connection.execute(
                f"SELECT rootpage FROM sqlite_master WHERE name IN ({marks})", tables
            )
        ]
    finally:
        connection.close()
    with path.open("r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * 4096 + 200)
            handle.write(os.urandom(300))
    return pages


@pytest.fixture
def indexed(created: CreatedPortfolio) -> tuple[Path, bytes]:
    pf = created.portfolio
    mentor = records.save(pf, Mentor(name="Dr Xanthippe Łukasz"))
    rel = records.save(pf, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    for n in range(40):
        records.save(
            pf,
            SessionRecord(
                relationship_id=rel.id, held_on=date(2026, 2, 3), topics=f"rota {n} " * 150
            ),
        )
    path, key = pf.path, pf.data_key
    pf.lock()
    return path, key


def test_check_names_a_damaged_search_index_and_rebuilds_it(indexed: tuple[Path, bytes]) -> None:
    path, key = indexed
    pages = _damage(path, key, ("search_index_data", "search_index_idx"))
    checked = run_cli("check", path)
    assert_one_line_error(checked, "search index", "--rebuild-search-index")
    assert f"pages {pages[0]}" in checked.out or f"page {pages[0]}" in checked.out
    assert "ok   audit log" in checked.out and "ok   signed versions" in checked.out

    rebuilt = run_cli("check", path, "--rebuild-search-index")
    assert rebuilt.code == 0, rebuilt.err
    assert "Search index rebuilt" in rebuilt.out and "ok   file integrity: ok" in rebuilt.out
    assert "ok   encryption integrity: ok" in rebuilt.out
    kept = list(default_backup_dir(path).glob("*-damaged-*.mpf"))
    assert len(kept) == 1 and oct(kept[0].stat().st_mode & 0o777) == "0o600"
    pf = unlock_with_passphrase(path, PASSPHRASE)
    try:
        assert [h.title for h in search.search(pf, "xanthippe")] == ["Dr Xanthippe Łukasz"]
        assert len(search.search(pf, "rota")) == 40
        assert records.count_records(pf, SessionRecord) == 40
    finally:
        pf.lock()
    assert "Repair" in run_cli("history", path).out


def test_damaged_records_are_named_and_never_rebuilt_over(indexed: tuple[Path, bytes]) -> None:
    path, key = indexed
    _damage(path, key, ("sessions",))
    before = path.read_bytes()
    checked = run_cli("check", path)
    assert checked.code == 2 and "Traceback" not in checked.err, checked.err
    assert "sessions" in checked.out and "restore" in checked.out
    refused = run_cli("check", path, "--rebuild-search-index")
    assert_one_line_error(refused, "sessions", "restore")
    assert path.read_bytes() == before


def _drop(path: Path, data_key: bytes, table: str) -> None:
    """What someone holding the data key could do: drop a table outright."""
    connection = sqlcipher3.connect(str(path))
    try:
        connection.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute(f"DROP TABLE {table}")
        connection.commit()
    finally:
        connection.close()


@pytest.mark.parametrize("table", ["audit_log", "record_versions", "sessions", "preferences"])
def test_a_missing_table_is_named_not_an_internal_error(
    indexed: tuple[Path, bytes], tmp_path: Path, table: str
) -> None:
    path, key = indexed
    _drop(path, key, table)
    checked = run_cli("check", path)
    assert_one_line_error(checked, table)
    for args in (
        ("export-json", path, "-o", tmp_path / "out.json"),
        ("pdf", path, "session", "1", "-o", tmp_path / "out.pdf"),
        ("history", path),
    ):
        result = run_cli(*args)
        assert result.code in (0, 2), result.err
        assert "internal error" not in result.err and "Traceback" not in result.err


def test_a_missing_search_index_is_made_again(indexed: tuple[Path, bytes]) -> None:
    path, key = indexed
    _drop(path, key, "search_index")
    assert_one_line_error(run_cli("check", path), "search index", "--rebuild-search-index")
    assert run_cli("check", path, "--rebuild-search-index").code == 0
    pf = unlock_with_passphrase(path, PASSPHRASE)
    try:
        assert len(search.search(pf, "rota")) == 40
    finally:
        pf.lock()


def test_the_index_is_made_as_the_migrations_make_it(created: CreatedPortfolio) -> None:
    from sqlalchemy import text

    from app.store.repair import SEARCH_INDEX_SQL

    with created.portfolio.transaction() as session:
        made = session.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'search_index'")
        ).scalar_one()
    assert made == SEARCH_INDEX_SQL

"""Backups: an encrypted copy that opens with the portfolio's own key (and its key
file, so with the same passphrase), holds the records as they were when it was made,
and is refused by verification when it is damaged or the key is not its own."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.errors import PortfolioDamaged
from app.store import keyslot
from app.store.encrypted_copy import make_backup, verify_copy
from app.store.engine import open_engine, unit_of_work
from app.store.files import keyslot_path
from app.store.models import MentorRow
from tests.conftest import TEST_KDF
from tests.store.conftest import SECRET, Store


def _add_mentor(store: Store, name: str) -> None:
    with unit_of_work(store.engine, store.path) as session:
        session.add(MentorRow(name=name, notes="Rota worries after nights " * 40))


def _mentors(path: Path, key: bytes) -> list[str]:
    engine = open_engine(path, key)
    try:
        with unit_of_work(engine, path) as session:
            return list(session.scalars(select(MentorRow.name).order_by(MentorRow.id)))
    finally:
        engine.dispose()


def _backup(store: Store, tmp_path: Path) -> Path:
    return make_backup(store.engine, store.path, store.key, tmp_path / "backups")


def test_a_backup_opens_with_the_key_and_holds_what_was_saved(store: Store, tmp_path: Path) -> None:
    _add_mentor(store, SECRET)
    copy = _backup(store, tmp_path)
    _add_mentor(store, "Saved after the backup")
    verify_copy(copy, store.key)
    assert _mentors(copy, store.key) == [SECRET]
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    raw = copy.read_bytes()
    assert SECRET.encode() not in raw and b"Rota worries" not in raw
    assert not raw.startswith(b"SQLite format 3")


def test_the_key_file_goes_with_the_backup(store: Store, tmp_path: Path) -> None:
    slot = keyslot.wrap(store.key, "correct horse battery", store.portfolio_id, TEST_KDF)
    keyslot.write_keyslot(store.path, slot)
    copy = _backup(store, tmp_path)
    copied = keyslot.read_keyslot(copy)
    assert keyslot.unwrap(copied, "correct horse battery") == store.key
    assert stat.S_IMODE(keyslot_path(copy).stat().st_mode) == 0o600


def test_a_backup_does_not_verify_with_another_key(store: Store, tmp_path: Path) -> None:
    copy = _backup(store, tmp_path)
    with pytest.raises(PortfolioDamaged):
        verify_copy(copy, keyslot.new_data_key())


@pytest.mark.parametrize("where", [0.25, 0.5, 0.9])
def test_damage_inside_a_backup_is_found(store: Store, tmp_path: Path, where: float) -> None:
    for n in range(20):
        _add_mentor(store, f"Mentor {n}")
    copy = _backup(store, tmp_path)
    raw = bytearray(copy.read_bytes())
    page = 4096
    assert len(raw) >= 8 * page
    # Every page from this one on gets one byte changed, as a failing disk would.
    for offset in range(int(len(raw) * where) // page * page + 100, len(raw), page):
        raw[offset] ^= 0x5A
    copy.write_bytes(bytes(raw))
    with pytest.raises(PortfolioDamaged):
        verify_copy(copy, store.key)


def test_a_cut_off_backup_is_found(store: Store, tmp_path: Path) -> None:
    for n in range(20):
        _add_mentor(store, f"Mentor {n}")
    copy = _backup(store, tmp_path)
    raw = copy.read_bytes()
    copy.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(PortfolioDamaged):
        verify_copy(copy, store.key)


def test_a_second_backup_does_not_replace_the_first(store: Store, tmp_path: Path) -> None:
    first = _backup(store, tmp_path)
    second = _backup(store, tmp_path)
    assert first != second and first.exists() and second.exists()
    verify_copy(first, store.key)
    verify_copy(second, store.key)

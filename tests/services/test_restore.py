"""Restore in the app: backups listed with date, size and (unlocked) what they hold;
restored to a new file or over the current portfolio after backing it up; a damaged,
foreign or newer backup refused in one sentence with nothing replaced; a Cancel or a
kill part-way loses nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from app.domain.errors import KnownError
from app.domain.record_types import Mentor, OwnerProfile
from app.services import backup as backup_service
from app.services import records
from app.services.cancelling import Cancelled
from app.services.check import run_check
from app.services.history import portfolio_history
from app.services.portfolio import (
    CreatedPortfolio,
    Portfolio,
    create_portfolio,
    unlock_with_passphrase,
)
from app.services.restore import (
    backup_key,
    backups_in_folder,
    backups_of,
    contents,
    replace_with_backup,
    restore_to_new_file,
)
from app.store import swap
from app.store.encrypted_copy import raw_key_pragma
from app.store.files import keyslot_path
from tests.cli.conftest import run_cli
from tests.conftest import PASSPHRASE, TEST_KDF


def _mentors(pf: Portfolio) -> list[str]:
    return [m.name for m in records.list_records(pf, Mentor)]


@pytest.fixture
def with_backup(created: CreatedPortfolio) -> tuple[Portfolio, Path]:
    """A portfolio with one mentor in its backup and a second added since."""
    pf = created.portfolio
    records.save(pf, Mentor(name="Dr Before"))
    made, _ = backup_service.backup(pf)
    records.save(pf, Mentor(name="Dr After"))
    return pf, made


def test_backups_are_listed_with_date_size_and_what_they_hold(
    with_backup: tuple[Portfolio, Path],
) -> None:
    pf, made = with_backup
    listed = backups_of(pf.path, [None])
    assert [e.path for e in listed] == [made]
    assert listed[0].size == made.stat().st_size > 0
    assert backups_in_folder(made.parent)[0].path == made
    key, slot = backup_key(made, passphrase=PASSPHRASE)
    assert slot is not None
    held = dict(contents(made, key).counts)
    assert held["Mentors"] == 1 and held["History entries"] >= 3


def test_replacing_backs_up_first_and_brings_the_backup_back(
    with_backup: tuple[Portfolio, Path],
) -> None:
    pf, made = with_backup
    seen: list[float] = []
    result = replace_with_backup(pf, made, passphrase=PASSPHRASE, progress=seen.append)
    assert _mentors(pf) == ["Dr Before"]  # still unlocked, now the backup
    assert seen == sorted(seen) and seen[-1] >= 0.9
    assert any(e.action == "restore" for e in portfolio_history(pf))
    assert run_check(pf).ok
    safety = unlock_with_passphrase(result.safety_copy, PASSPHRASE)
    try:
        assert sorted(_mentors(safety)) == ["Dr After", "Dr Before"]  # nothing lost
    finally:
        safety.lock()
    pf.lock()
    again = unlock_with_passphrase(pf.path, PASSPHRASE)
    assert _mentors(again) == ["Dr Before"]
    again.lock()


def _newer(made: Path, key: bytes) -> None:
    conn = sqlcipher3.connect(str(made))
    conn.execute(raw_key_pragma(key))
    conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    conn.commit()
    conn.close()


def _damaged(made: Path, key: bytes) -> None:
    data = bytearray(made.read_bytes())
    data[9000:9100] = b"\x00" * 100
    made.write_bytes(bytes(data))


def _foreign(made: Path, key: bytes) -> None:
    made.write_bytes(os.urandom(8192))


def _plain(made: Path, key: bytes) -> None:
    made.write_bytes(b"name,date\nDr Before,2026-01-01\n" * 100)


@pytest.mark.parametrize(
    ("spoil", "said"),
    [
        (_newer, "newer version"),
        (_damaged, "damaged"),
        (_foreign, ""),
        (_plain, ""),
    ],
)
def test_a_bad_backup_is_refused_in_one_sentence_with_nothing_replaced(
    with_backup: tuple[Portfolio, Path], tmp_path: Path, spoil: object, said: str
) -> None:
    pf, made = with_backup
    assert callable(spoil)
    spoil(made, pf.data_key)
    key_file = keyslot_path(pf.path).read_bytes()
    backups_before = sorted(made.parent.iterdir())
    for attempt in (
        lambda: replace_with_backup(pf, made, passphrase=PASSPHRASE),
        lambda: restore_to_new_file(made, tmp_path / "new.mpf", passphrase=PASSPHRASE),
    ):
        with pytest.raises(KnownError) as caught:
            attempt()
        message = caught.value.message
        assert said in message and "\n" not in message and "Traceback" not in message
    assert sorted(_mentors(pf)) == ["Dr After", "Dr Before"]
    assert keyslot_path(pf.path).read_bytes() == key_file
    assert sorted(made.parent.iterdir()) == backups_before  # not even a safety copy
    assert not (tmp_path / "new.mpf").exists()


def test_a_backup_of_another_portfolio_is_not_put_in_its_place(
    with_backup: tuple[Portfolio, Path], tmp_path: Path
) -> None:
    pf, _ = with_backup
    (tmp_path / "other").mkdir()
    other = create_portfolio(
        tmp_path / "other" / "o.mpf",
        OwnerProfile(name="Someone Else"),
        PASSPHRASE,
        kdf=TEST_KDF,
    ).portfolio
    theirs, _ = backup_service.backup(other)
    other.lock()
    with pytest.raises(KnownError, match="of another portfolio; restore it to a new file"):
        replace_with_backup(pf, theirs, passphrase=PASSPHRASE)
    with pytest.raises(KnownError, match="is the portfolio itself"):
        replace_with_backup(pf, pf.path, passphrase=PASSPHRASE)
    assert sorted(_mentors(pf)) == ["Dr After", "Dr Before"]


def test_cancel_part_way_changes_nothing(with_backup: tuple[Portfolio, Path]) -> None:
    pf, made = with_backup

    def cancel_in_the_copy(fraction: float) -> None:
        if 0.4 < fraction < 0.85:
            raise Cancelled()

    with pytest.raises(Cancelled, match="nothing was changed"):
        replace_with_backup(pf, made, passphrase=PASSPHRASE, progress=cancel_in_the_copy)
    assert sorted(_mentors(pf)) == ["Dr After", "Dr Before"]  # open, as it was
    assert not swap.replacement_path(pf.path).exists()
    assert not swap.journal_path(pf.path).exists()
    assert not [p for p in pf.path.parent.iterdir() if p.name.endswith(".mentee-tmp")]


def test_cli_restore_replace_backups_and_one_sentence_errors(
    with_backup: tuple[Portfolio, Path],
) -> None:
    pf, made = with_backup
    pf.lock()
    listed = run_cli("backups", pf.path, passphrase=None)
    assert listed.code == 0 and made.name in listed.out and " KB " in listed.out
    done = run_cli("restore", made, pf.path, "--replace")
    assert done.code == 0, done.err
    assert "kept as" in done.out
    missing = run_cli("restore", made.with_name("nope.mpf"), pf.path, "--replace")
    assert missing.code == 2 and missing.err.count("\n") == 1 and "Traceback" not in missing.err
    wrong = run_cli("restore", made, pf.path, "--replace", passphrase="not it at all")
    assert wrong.code == 2 and wrong.err.count("\n") == 1
    again = unlock_with_passphrase(pf.path, PASSPHRASE)
    assert _mentors(again) == ["Dr Before"]
    again.lock()


# Through the safety backup (~165 page writes, 25 fsyncs, 1 rename), the replacement,
# the journal (rename 3: the commit point), the swap (renames 4 and 5) and the history
# entry after it.
KILLS = [
    *(("pwrite64", n) for n in (1, 10, 40, 80, 120, 150, 170, 178)),
    *(("fsync", n) for n in (2, 8, 16, 22, 25, 26, 27, 28, 30, 33)),
    *(("rename", n) for n in (2, 3, 4, 5, 6)),
    *(("unlink", n) for n in (3, 11, 12)),
    ("linkat", 1),
]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace (packaging/dev.sh)")
def test_killed_anywhere_the_portfolio_opens_as_it_was_or_as_the_backup(
    with_backup: tuple[Portfolio, Path],
) -> None:
    pf, made = with_backup
    for n in range(20):
        records.save(pf, Mentor(name=f"Later {n}", notes="y" * 3000))
    pf.lock()
    killed = 0
    states: set[int] = set()
    for call, n in KILLS:
        result = subprocess.run(
            [
                "strace",
                "-f",
                "-o",
                os.devnull,
                "-e",
                f"inject={call}:signal=KILL:when={n}",
                sys.executable,
                "-m",
                "app",
                "restore",
                str(made),
                str(pf.path),
                "--replace",
            ],
            env={**os.environ, "MENTEE_PORTFOLIO_PASSPHRASE": PASSPHRASE},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert "Traceback" not in result.stderr, result.stderr
        killed += result.returncode != 0
        portfolio = unlock_with_passphrase(pf.path, PASSPHRASE)
        try:
            report = run_check(portfolio)
            assert report.ok, (call, n, report.first_problem)
            count = records.count_records(portfolio, Mentor)
            assert count in (1, 22), (call, n, count)
            states.add(count)
            if count == 1:  # the backup is back: add the later ones again for the next kill
                for m in range(21):
                    records.save(portfolio, Mentor(name=f"Again {m}", notes="y" * 3000))
        finally:
            portfolio.lock()
        assert not swap.journal_path(pf.path).exists()
    assert killed >= 20, killed
    assert states == {1, 22}

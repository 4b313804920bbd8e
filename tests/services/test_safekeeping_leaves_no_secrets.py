"""After the whole safekeeping flow (automatic backups to two folders, a changed
passphrase, a new recovery code, a restore over the portfolio and one to a new file,
the same by command), no backup folder, temporary folder or log holds portfolio text,
a passphrase, a recovery code or a data key."""

from __future__ import annotations

import os
from pathlib import Path

from app.domain import recovery_code as codes
from app.domain.record_types import Mentor, OwnerProfile
from app.paths import log_dir
from app.services import records
from app.services.auto_backup import BackupPlan, run_automatic_backup
from app.services.portfolio import create_portfolio, set_passphrase, unlock_with_passphrase
from app.services.rekey import new_recovery_code
from app.services.restore import backups_of, replace_with_backup, restore_to_new_file
from tests.cli.conftest import run_cli
from tests.conftest import TEST_KDF

TEXT = "Zebedee Quarrington-Fothergill"
NOTES = "confided: the night shift on Ward Ysgubor"
FIRST = "first passphrase Llanfair"
SECOND = "second passphrase Pwllgwyn"


def _needles(secrets: list[str], keys: list[bytes]) -> list[bytes]:
    found: list[bytes] = []
    for text in secrets:
        found += [text.encode("utf-8"), text.encode("utf-16-le")]
    for key in keys:
        code = codes.encode(key)
        found += [code.encode(), code.replace("-", "").encode(), key, key.hex().encode()]
    return found


def _files(*folders: Path) -> list[Path]:
    out = []
    for folder in folders:
        for root, _dirs, names in os.walk(folder):
            out += [Path(root) / name for name in names]
    return out


def test_nothing_readable_is_left_anywhere_after_the_whole_flow(
    tmp_path: Path, monkeypatch
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    home = tmp_path / "home"
    home.mkdir()
    usb = tmp_path / "usb"
    usb.mkdir()
    created = create_portfolio(home / "p.mpf", OwnerProfile(name=TEXT), FIRST, kdf=TEST_KDF)
    pf = created.portfolio
    keys = [pf.data_key]
    records.save(pf, Mentor(name=TEXT, notes=NOTES))
    plan = BackupPlan(second_folder=usb)
    run_automatic_backup(pf, plan)
    set_passphrase(pf, SECOND, TEST_KDF)
    result = new_recovery_code(pf, SECOND, TEST_KDF)
    keys.append(pf.data_key)
    run_automatic_backup(pf, plan)
    oldest = backups_of(pf.path, [None])[-1].path
    replace_with_backup(pf, oldest, passphrase=FIRST)
    keys.append(pf.data_key)
    restore_to_new_file(oldest, home / "copy.mpf", passphrase=FIRST)
    pf.lock()
    env = {"TMPDIR": str(temp)}
    assert (
        run_cli("backup", pf.path, "--to", usb, "--calendar", env=env, passphrase=FIRST).code == 0
    )
    assert run_cli("new-recovery-code", pf.path, env=env, passphrase=FIRST).code == 0
    assert run_cli("backups", pf.path, "--to", usb, env=env, passphrase=None).code == 0
    again = unlock_with_passphrase(pf.path, FIRST)
    keys.append(again.data_key)
    again.lock()
    needles = _needles([TEXT, NOTES, FIRST, SECOND, result.recovery_code], keys)
    files = _files(home / "backups", usb, temp, log_dir())
    assert len([f for f in files if f.suffix == ".mpf"]) >= 4
    assert _files(log_dir()), "the commands' log was looked at"
    for file in files:
        data = file.read_bytes()
        for needle in needles:
            assert needle not in data, (file, needle[:12])
    # The portfolio itself and its key files too: nothing in the clear.
    for file in _files(home):
        data = file.read_bytes()
        for needle in _needles([TEXT, NOTES, FIRST, SECOND], []):
            assert needle not in data, file

"""The commands that keep a portfolio safe, each scriptable: new-recovery-code,
restore --replace, backups, backup --calendar, remember and forget; each error one
sentence and exit 2."""

from __future__ import annotations

import re
from pathlib import Path

from app.services.portfolio import CreatedPortfolio
from tests.cli.conftest import assert_one_line_error, run_cli

CODE = re.compile(r"[0-9A-Z]{5}(?:-[0-9A-Z]{5}){12}")


def test_new_recovery_code_replaces_the_key_and_says_old_backups_keep_the_old(
    created: CreatedPortfolio, tmp_path: Path
) -> None:
    path = created.portfolio.path
    created.portfolio.lock()
    old_code = tmp_path / "old.txt"
    old_code.write_text(created.recovery_code + "\n")
    assert run_cli("backup", path).code == 0
    result = run_cli("new-recovery-code", path)
    assert result.code == 0, result.err
    said = " ".join(result.out.split())
    found = CODE.findall(result.out)
    assert len(found) == 1 and found[0] != created.recovery_code
    assert "Backups made before now keep the old key" in said
    new_code = tmp_path / "new.txt"
    new_code.write_text(found[0] + "\n")
    assert run_cli("check", path, "--recovery-code-file", new_code, passphrase=None).code == 0
    assert run_cli("check", path).code == 0  # the passphrase is the same
    refused = run_cli("check", path, "--recovery-code-file", old_code, passphrase=None)
    assert refused.code == 2
    written = tmp_path / "written.txt"
    again = run_cli("new-recovery-code", path, "--recovery-code-out", written)
    assert again.code == 0 and CODE.fullmatch(written.read_text().strip())
    assert written.read_text().strip() not in again.out


def test_new_recovery_code_errors_are_one_sentence(
    created: CreatedPortfolio, tmp_path: Path
) -> None:
    path = created.portfolio.path
    created.portfolio.lock()
    assert_one_line_error(
        run_cli("new-recovery-code", path, passphrase="not the passphrase"), "passphrase"
    )
    assert_one_line_error(run_cli("new-recovery-code", tmp_path / "none.mpf"), "no portfolio")
    assert_one_line_error(
        run_cli("new-recovery-code", path, "--recovery-code-out", path), "the portfolio itself"
    )


def test_backup_calendar_and_keep_together_are_refused(created: CreatedPortfolio) -> None:
    path = created.portfolio.path
    created.portfolio.lock()
    assert_one_line_error(run_cli("backup", path, "--keep", "3", "--calendar"), "not both")
    made = run_cli("backup", path, "--calendar")
    assert made.code == 0, made.err


def test_remember_and_forget(created: CreatedPortfolio, secret_service: None) -> None:
    path = created.portfolio.path
    created.portfolio.lock()
    remembered = run_cli("remember", path)
    assert remembered.code == 0 and "now remembers" in remembered.out
    forgot = run_cli("forget", path)
    assert forgot.code == 0 and "no longer remembers" in forgot.out


def test_remember_without_a_keyring_is_one_sentence(created: CreatedPortfolio) -> None:
    path = created.portfolio.path
    created.portfolio.lock()
    result = run_cli("remember", path, env={"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"})
    assert_one_line_error(result, "keyring is not available")

"""The store commands, exactly as the README and issue spell them."""

import json
import os
import shutil
import tempfile
from pathlib import Path

from app.services import portfolio as portfolios
from app.services.export_json import dumps
from app.services.portfolio import CreatedPortfolio
from app.store.files import keyslot_path
from tests.cli.conftest import assert_one_line_error, run_cli
from tests.conftest import PASSPHRASE


def test_init_then_check(tmp_path: Path) -> None:
    path = tmp_path / "mine.mpf"
    code_file = tmp_path / "code.txt"
    result = run_cli("init", path, "--owner", "Siân Ó Dálaigh", "--recovery-code-out", code_file)
    assert result.code == 0, result.err
    assert oct(code_file.stat().st_mode & 0o777) == "0o600"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    checked = run_cli("check", path, "--recovery-code-file", code_file, passphrase=None)
    assert checked.code == 0, checked.err
    assert "ok   audit log: chain intact" in checked.out
    assert PASSPHRASE not in result.out + result.err


def test_change_passphrase(filled: CreatedPortfolio, tmp_path: Path) -> None:
    new_file = tmp_path / "new.txt"
    new_file.write_text("the new passphrase\n")
    path = filled.portfolio.path
    result = run_cli("change-passphrase", path, "--new-passphrase-file", new_file)
    assert result.code == 0, result.err
    assert_one_line_error(run_cli("check", path), "does not open")
    # Said plainly: a new passphrase revokes nothing (found in review).
    said = " ".join(result.out.split())
    assert "Passphrase changed." in said
    assert "does not lock anyone out" in said
    assert "an older copy of the key file" in said and "backups/" in said
    assert "still opens this portfolio with the old passphrase" in said
    assert "recovery code is unchanged" in said
    assert "New recovery code" in said
    assert run_cli("check", path, passphrase="the new passphrase").code == 0


def test_export_import_export_is_byte_identical(filled: CreatedPortfolio, tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    assert run_cli("export-json", filled.portfolio.path, "-o", first).code == 0
    target = tmp_path / "copy.mpf"
    assert run_cli("init", target, "--owner", "Someone").code == 0
    imported = run_cli("import-json", target, first)
    assert imported.code == 0, imported.err
    assert "1 sessions" in imported.out
    second = tmp_path / "second.json"
    assert run_cli("export-json", target, "-o", second).code == 0
    # The records come back byte for byte; the audit log is each portfolio's own (the
    # copy's begins with its creation and records the import of the first's).
    first_doc, second_doc = json.loads(first.read_text()), json.loads(second.read_text())
    first_log, second_log = first_doc.pop("audit_log"), second_doc.pop("audit_log")
    assert dumps(first_doc) == dumps(second_doc)
    head = first_log[-1]
    assert any(
        f"its audit log checked to entry {head['seq']}, hash {head['entry_hash']}" in e["detail"]
        for e in second_log
    )
    assert "Αλέξανδρος" in first.read_text(encoding="utf-8")
    # Importing again into a portfolio that now holds records is refused.
    assert_one_line_error(run_cli("import-json", target, first), "already holds records")


def test_backup_rotation_and_restore(filled: CreatedPortfolio, tmp_path: Path) -> None:
    path = filled.portfolio.path
    backups = tmp_path / "bk"
    for _ in range(3):
        result = run_cli("backup", path, "--to", backups, "--keep", "2")
        assert result.code == 0, result.err
    made = sorted(p for p in backups.iterdir() if p.suffix == ".mpf")
    assert len(made) == 2
    newest = made[-1]
    # The backup opens with the same passphrase and with the recovery code.
    assert run_cli("check", newest).code == 0
    portfolios.unlock_with_recovery_code(newest, filled.recovery_code).lock()
    restored = tmp_path / "restored.mpf"
    result = run_cli("restore", newest, restored)
    assert result.code == 0, result.err
    assert run_cli("check", restored).code == 0
    before = path.read_bytes()
    assert_one_line_error(run_cli("restore", newest, path), "already exists")
    assert path.read_bytes() == before


def test_wrong_passphrase_and_garbled_code(filled: CreatedPortfolio, tmp_path: Path) -> None:
    path = filled.portfolio.path
    assert_one_line_error(
        run_cli("check", path, passphrase="nope nope nope"), "passphrase does not open"
    )
    code = filled.recovery_code
    garbled = tmp_path / "code.txt"
    garbled.write_text(code[:13] + ("Z" if code[13] != "Z" else "Y") + code[14:])
    assert_one_line_error(
        run_cli("check", path, "--recovery-code-file", garbled, passphrase=None), "typo in group 3"
    )


def test_not_a_portfolio_truncated_corrupt_missing(
    filled: CreatedPortfolio, tmp_path: Path
) -> None:
    text_file = tmp_path / "notes.mpf"
    text_file.write_text("shopping list\n" * 200)
    keyslot_path(text_file).write_bytes(keyslot_path(filled.portfolio.path).read_bytes())
    assert_one_line_error(run_cli("check", text_file), "not a portfolio")

    data = filled.portfolio.path.read_bytes()
    truncated = tmp_path / "cut.mpf"
    truncated.write_bytes(data[: len(data) // 2 + 100])
    keyslot_path(truncated).write_bytes(keyslot_path(filled.portfolio.path).read_bytes())
    result = run_cli("check", truncated)
    assert result.code == 2 and "Traceback" not in result.err
    assert any(w in result.err for w in ("damaged", "cut off", "FAIL")), result.err

    corrupt = tmp_path / "corrupt.mpf"
    scrambled = bytearray(data)
    for page in range(2, len(data) // 4096):
        scrambled[page * 4096 + 50 : page * 4096 + 90] = os.urandom(40)
    corrupt.write_bytes(bytes(scrambled))
    keyslot_path(corrupt).write_bytes(keyslot_path(filled.portfolio.path).read_bytes())
    assert_one_line_error(run_cli("check", corrupt), "damaged")
    assert corrupt.read_bytes() == bytes(scrambled)

    assert_one_line_error(run_cli("check", tmp_path / "nowhere.mpf"), "There is no portfolio")
    keyslot_path(filled.portfolio.path).unlink()
    assert_one_line_error(run_cli("check", filled.portfolio.path), "key file", "missing")


def test_read_only_folder(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # Root writes through permission bits: run the command as nobody, in a folder
        # nobody can see but not write.
        base = Path(tempfile.mkdtemp(prefix="mp-ro-"))
        base.chmod(0o755)
        folder = base / "ro"
        folder.mkdir(mode=0o755)
        result = run_cli("init", folder / "p.mpf", "--owner", "A", user="65534")
        hidden = run_cli("init", tmp_path / "p.mpf", "--owner", "A", user="65534")
        assert_one_line_error(hidden, "read-only or not yours")
        shutil.rmtree(base)
    else:
        folder = tmp_path / "ro"
        folder.mkdir(mode=0o555)
        result = run_cli("init", folder / "p.mpf", "--owner", "A")
    assert_one_line_error(result, "read-only or not yours")


def test_remember_without_a_keyring(tmp_path: Path) -> None:
    env = {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"}
    result = run_cli("init", tmp_path / "p.mpf", "--owner", "A", "--remember", env=env)
    assert_one_line_error(result, "keyring is not available")
    assert list(tmp_path.iterdir()) == []


def test_no_passphrase_source_without_a_terminal(filled: CreatedPortfolio) -> None:
    assert_one_line_error(
        run_cli("check", filled.portfolio.path, passphrase=None), "No passphrase given"
    )


def test_passphrase_is_never_an_argument() -> None:
    result = run_cli("check", "x.mpf", "--passphrase", "secret")
    assert result.code == 2 and "unrecognized arguments" in result.err


def test_newer_schema_gets_one_clear_line(filled: CreatedPortfolio) -> None:
    from sqlalchemy import text

    from app.services.portfolio import unlock_with_passphrase

    path = filled.portfolio.path
    portfolio = unlock_with_passphrase(path, PASSPHRASE)
    with portfolio.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    portfolio.lock()
    for command in (["check", path], ["export-json", path, "-o", path.with_suffix(".json")]):
        result = run_cli(*command)
        assert_one_line_error(result, "newer version of Mentee Portfolio")
    assert not path.with_suffix(".json").exists()


def test_opening_the_app_does_not_load_the_commands() -> None:
    """A bare launch builds only the app's options, so the store, crypto and printing
    load after the first window is painted (bench: start benchmark)."""
    from app.main import _opens_the_app

    assert _opens_the_app([]) and _opens_the_app(["--demo"])
    assert _opens_the_app(["--portfolio", "x.mpf"]) and _opens_the_app(["--portfolio=x"])
    assert not _opens_the_app(["check", "x.mpf"]) and not _opens_the_app(["--portfolio"])
    assert not _opens_the_app(["-h"]) and not _opens_the_app(["--version"])

"""The recovery code opens the portfolio whatever its key file holds (nothing, noise,
half of itself, another portfolio's key file, a FIFO), then offers to write a fresh key
file; a key file that is not this portfolio's is moved aside, never overwritten
(found in review: the right code was refused until the file was moved away)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain.errors import KnownError, WrongRecoveryCode
from app.domain.record_types import Mentor, OwnerProfile
from app.services import portfolio as portfolios
from app.services import records
from app.services.portfolio import CreatedPortfolio
from app.store.files import keyslot_path
from app.ui.unlock import UnlockDialog
from tests.cli.conftest import assert_one_line_error, run_cli
from tests.conftest import TEST_KDF

NEW = "a fresh passphrase here"


def _foreign(tmp_path: Path) -> bytes:
    (tmp_path / "other").mkdir()
    other = portfolios.create_portfolio(
        tmp_path / "other" / "o.mpf", OwnerProfile(name="O"), "other passphrase", kdf=TEST_KDF
    )
    other.portfolio.lock()
    return keyslot_path(other.portfolio.path).read_bytes()


def _bounds(raw: bytes) -> bytes:
    doc = json.loads(raw)
    doc["kdf"]["n"] = 2**62
    return json.dumps(doc).encode()


# name -> what to put in place of the key file (bytes; None: nothing there)
DAMAGE: dict[str, Callable[[bytes, Path], bytes | None]] = {
    "missing": lambda raw, tmp: None,
    "empty": lambda raw, tmp: b"",
    "random bytes": lambda raw, tmp: os.urandom(len(raw)),
    "truncated": lambda raw, tmp: raw[: len(raw) // 2],
    "another portfolio's": lambda raw, tmp: _foreign(tmp),
    "out of bounds": lambda raw, tmp: _bounds(raw),
}


def _damage(path: Path, how: str, tmp_path: Path) -> bytes | None:
    slot = keyslot_path(path)
    content = DAMAGE[how](slot.read_bytes(), tmp_path)
    slot.unlink()
    if content is not None:
        slot.write_bytes(content)
    return content


@pytest.fixture
def mine(created: CreatedPortfolio) -> CreatedPortfolio:
    records.save(created.portfolio, Mentor(name="Dr Zofia Wiśniewska"))
    created.portfolio.lock()
    return created


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_the_code_opens_and_a_fresh_key_file_follows(
    mine: CreatedPortfolio, tmp_path: Path, how: str
) -> None:
    path = mine.portfolio.path
    content = _damage(path, how, tmp_path)
    opened = portfolios.unlock_with_recovery_code(path, mine.recovery_code)
    try:
        assert [m.name for m in records.list_records(opened, Mentor)] == ["Dr Zofia Wiśniewska"]
        assert opened.key_file_problem
        portfolios.set_passphrase(opened, NEW, kdf=TEST_KDF)
        assert not opened.key_file_problem
    finally:
        opened.lock()
    portfolios.unlock_with_passphrase(path, NEW).lock()
    # Whatever stood there is kept beside it, never overwritten.
    aside = [p for p in path.parent.iterdir() if p.name.startswith(path.name + ".keys-")]
    if content is None:
        assert aside == []
    else:
        assert [p.read_bytes() for p in aside] == [content]


def test_the_foreign_key_file_still_opens_its_own_portfolio(
    mine: CreatedPortfolio, tmp_path: Path
) -> None:
    path = mine.portfolio.path
    _damage(path, "another portfolio's", tmp_path)
    opened = portfolios.unlock_with_recovery_code(path, mine.recovery_code)
    assert "another portfolio" in opened.key_file_problem
    portfolios.set_passphrase(opened, NEW, kdf=TEST_KDF)
    opened.lock()
    [aside] = [p for p in path.parent.iterdir() if p.name.startswith(path.name + ".keys-")]
    other = tmp_path / "other" / "o.mpf"
    keyslot_path(other).unlink()
    keyslot_path(other).write_bytes(aside.read_bytes())
    portfolios.unlock_with_passphrase(other, "other passphrase").lock()


def test_a_healthy_key_file_reports_nothing(mine: CreatedPortfolio) -> None:
    opened = portfolios.unlock_with_recovery_code(mine.portfolio.path, mine.recovery_code)
    assert opened.key_file_problem == ""
    opened.lock()


def test_a_wrong_code_is_still_refused(mine: CreatedPortfolio, tmp_path: Path) -> None:
    from app.domain import recovery_code

    wrong = recovery_code.encode(b"\x42" * 32)
    with pytest.raises(WrongRecoveryCode):
        portfolios.unlock_with_recovery_code(mine.portfolio.path, wrong)
    _damage(mine.portfolio.path, "random bytes", tmp_path)
    with pytest.raises(KnownError, match="does not open"):
        portfolios.unlock_with_recovery_code(mine.portfolio.path, wrong)


def test_command_line_says_how_in_one_line(mine: CreatedPortfolio, tmp_path: Path) -> None:
    path = mine.portfolio.path
    code_file = tmp_path / "code.txt"
    code_file.write_text(mine.recovery_code + "\n")
    _damage(path, "random bytes", tmp_path)
    assert_one_line_error(run_cli("check", path), "damaged or was not made by this app")
    checked = run_cli("check", path, "--recovery-code-file", code_file, passphrase=None)
    # The records all check out, but the audit head the key file kept cannot be read
    # until a fresh key file is written: check fails on that one item, and one line
    # says how to write it.
    assert checked.code == 2, checked.err
    note, failed = checked.err.strip().splitlines()
    assert "change-passphrase" in note and "--recovery-code-file" in note
    assert failed.startswith("mentee-portfolio: check failed: audit head"), failed
    new_file = tmp_path / "new.txt"
    new_file.write_text(NEW + "\n")
    changed = run_cli(
        "change-passphrase",
        path,
        "--recovery-code-file",
        code_file,
        "--new-passphrase-file",
        new_file,
        passphrase=None,
    )
    assert changed.code == 0, changed.err
    assert "key file" in changed.out and "moved" in changed.out
    assert run_cli("check", path, passphrase=NEW).code == 0


def test_unlock_dialog_offers_a_new_passphrase(
    qtbot, mine: CreatedPortfolio, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = mine.portfolio.path
    _damage(path, "truncated", tmp_path)
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.use_code.click()
    qtbot.keyClicks(dialog.secret, mine.recovery_code)
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: dialog.new_key_file is not None and dialog.new_key_file.isVisible(),
        timeout=20000,
    )
    assert dialog.error.isHidden(), dialog.error.text()
    panel = dialog.new_key_file
    assert dialog.result() == 0  # not closed yet: the offer comes first
    assert "key file" in panel.explain.text()
    qtbot.keyClicks(panel.passphrase, NEW)
    qtbot.keyClicks(panel.passphrase2, NEW + "x")
    qtbot.mouseClick(panel.set_button, Qt.MouseButton.LeftButton)
    assert "different" in panel.error.text()
    panel.passphrase2.clear()
    qtbot.keyClicks(panel.passphrase2, NEW)
    qtbot.mouseClick(panel.set_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == 1)
    assert dialog.portfolio is not None and dialog.portfolio.is_open
    dialog.portfolio.lock()
    portfolios.unlock_with_passphrase(path, NEW).lock()


def test_unlock_dialog_not_now_keeps_it_unlocked(
    qtbot, mine: CreatedPortfolio, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = mine.portfolio.path
    _damage(path, "missing", tmp_path)
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.use_code.setChecked(True)
    qtbot.keyClicks(dialog.secret, mine.recovery_code)
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.new_key_file is not None and dialog.new_key_file.isVisible())
    qtbot.mouseClick(dialog.new_key_file.later_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == 1)
    assert dialog.portfolio is not None and dialog.portfolio.is_open
    dialog.portfolio.lock()
    assert not keyslot_path(path).exists()

"""Output that cannot be written ends in one sentence and exit 2 (found in review:
`history | head` gave "internal error (BrokenPipeError)")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.services.portfolio import CreatedPortfolio
from tests.conftest import PASSPHRASE


def _command(*args: str | Path) -> tuple[list[str], dict[str, str]]:
    env = {**os.environ, "MENTEE_PORTFOLIO_PASSPHRASE": PASSPHRASE}
    return [sys.executable, "-m", "app", *map(str, args)], env


def _one_line(stderr: bytes, fragment: str) -> None:
    text = stderr.decode()
    assert "Traceback" not in text and "internal error" not in text, text
    lines = text.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], text


def test_a_reader_that_stops_early(filled: CreatedPortfolio) -> None:
    command, env = _command("history", filled.portfolio.path)
    read, write = os.pipe()
    os.close(read)  # like head after its first lines: nobody reads any more
    try:
        done = subprocess.run(
            command, stdout=write, stderr=subprocess.PIPE, env=env, timeout=120, check=False
        )
    finally:
        os.close(write)
    assert done.returncode == 2
    _one_line(done.stderr, "stopped reading")


def test_a_full_disk_behind_the_output(filled: CreatedPortfolio) -> None:
    command, env = _command("history", filled.portfolio.path)
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            command, stdout=full, stderr=subprocess.PIPE, env=env, timeout=120, check=False
        )
    assert done.returncode == 2
    _one_line(done.stderr, "could not be written")


def test_file_names_that_are_not_text_are_shown_not_obeyed(
    filled: CreatedPortfolio, tmp_path: Path
) -> None:
    """A name with a terminal escape, a line break or bytes that are not UTF-8 is
    shown as escapes: one line, and nothing sent to the terminal to obey."""
    command, env = _command(
        "pdf",
        filled.portfolio.path,
        "session",
        "1",
        "-o",
        os.fsdecode(bytes(tmp_path) + b"/\xff\x1b[2J.pdf"),
    )
    done = subprocess.run(
        command, capture_output=True, env={**env, "LC_ALL": "C.UTF-8"}, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert b"\\x1b[2J" in done.stdout and b"\x1b" not in done.stdout
    missing = os.fsdecode(bytes(tmp_path) + b"/no\nsuch\x1b.json")
    command, env = _command("import-json", filled.portfolio.path, missing)
    done = subprocess.run(
        command, capture_output=True, env={**env, "LC_ALL": "C.UTF-8"}, timeout=120, check=False
    )
    assert done.returncode == 2
    _one_line(done.stderr, "no\\nsuch\\x1b.json")


def test_simultaneous_imports_give_one_portfolio_and_sentences(
    filled: CreatedPortfolio, tmp_path: Path
) -> None:
    """Found in review: two imports at once gave "internal error"."""
    from app.domain.record_types import OwnerProfile, SessionRecord
    from app.services import records
    from app.services.portfolio import create_portfolio, unlock_with_passphrase
    from tests.conftest import TEST_KDF

    source = tmp_path / "export.json"
    command, env = _command("export-json", filled.portfolio.path, "-o", source)
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=120)
    target = tmp_path / "target.mpf"
    create_portfolio(target, OwnerProfile(name="T"), PASSPHRASE, kdf=TEST_KDF).portfolio.lock()
    command, env = _command("import-json", target, source)
    running = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    results = [(p.communicate(timeout=120)[1], p.returncode) for p in running]
    results = [(code, err) for err, code in results]
    assert sorted(code for code, _ in results) == [0, 2, 2], results
    for code, err in results:
        if code == 2:
            _one_line(err, "")
            assert b"busy" in err or b"already holds records" in err, err
    pf = unlock_with_passphrase(target, PASSPHRASE)
    try:
        assert records.count_records(pf, SessionRecord) == 1
    finally:
        pf.lock()

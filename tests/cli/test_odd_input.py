"""Odd arguments and odd files end in one sentence and exit 2, never a traceback,
"internal error" or a command that never ends (probes of review finding 9)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.services.portfolio import CreatedPortfolio
from tests.cli.conftest import assert_one_line_error, run_cli

HUGE = "9" * 30


@pytest.fixture
def odd(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9 au lait\n")
    return tmp_path


def test_a_pipe_or_device_is_never_read_as_a_portfolio(filled: CreatedPortfolio, odd: Path) -> None:
    assert_one_line_error(run_cli("check", odd / "fifo"), "not a file")
    assert_one_line_error(run_cli("restore", odd / "fifo", odd / "r.mpf"), "not a file")
    assert_one_line_error(run_cli("history", "/dev/zero"), "not a file")


@pytest.mark.parametrize(
    ("option", "source", "fragment"),
    [
        ("--passphrase-file", "/dev/zero", "device"),
        ("--passphrase-file", "folder", "folder"),
        ("--passphrase-file", "latin1.txt", "not text"),
        ("--recovery-code-file", "/dev/urandom", "device"),
    ],
)
def test_secret_files_that_are_not_secrets(
    filled: CreatedPortfolio, odd: Path, option: str, source: str, fragment: str
) -> None:
    path = source if source.startswith("/") else odd / source
    result = run_cli("check", filled.portfolio.path, option, path, passphrase=None)
    assert_one_line_error(result, fragment)


def test_imports_from_devices_and_folders(filled: CreatedPortfolio, odd: Path) -> None:
    path = filled.portfolio.path
    assert_one_line_error(run_cli("import-json", path, "/dev/zero"), "device")
    assert_one_line_error(run_cli("import-json", path, odd / "folder"), "folder")


@pytest.mark.parametrize(
    "args",
    [
        ("pdf", "{p}", "session", HUGE, "-o", "{d}/x.pdf"),
        ("pdf", "{p}", "session", "-1", "-o", "{d}/x.pdf"),
        ("pdf", "{p}", "session", "1", "--version", HUGE, "-o", "{d}/x.pdf"),
        ("history", "{p}", "session", HUGE),
        ("mark-ready", "{p}", "contract", "1e3"),
        ("sign", "{p}", "session", "1", "--version", "٣", "--role", "mentee", "--name", "X"),
        ("pdf", "{p}", "sesion", "1", "-o", "{d}/x.pdf"),
        ("no-such-command",),
        ("pack", "{p}", "--from", "2026-02-30", "--to", "2026-03-01", "-o", "{d}/x.pdf"),
    ],
)
def test_usage_mistakes_are_one_line(
    filled: CreatedPortfolio, tmp_path: Path, args: tuple[str, ...]
) -> None:
    filled_args = [a.format(p=filled.portfolio.path, d=tmp_path) for a in args]
    result = run_cli(*filled_args)
    assert_one_line_error(result, "--help")


def test_sign_reads_no_device(filled: CreatedPortfolio) -> None:
    path = filled.portfolio.path
    assert run_cli("mark-ready", path, "session", "1").code == 0
    base = ("sign", path, "session", "1", "--version", "1", "--role", "mentee", "--name", "S")
    for option in ("--scan", "--strokes"):
        result = run_cli(*base, "--date", "2026-02-03", option, "/dev/zero")
        assert_one_line_error(result, "device")


def test_text_that_is_not_utf8(filled: CreatedPortfolio) -> None:
    """Bytes that are not UTF-8 (in the environment or the arguments) arrive as halves
    of characters: refused with a sentence, never stored (found while probing: a
    passphrase or an amendment reason like that gave UnicodeEncodeError)."""
    path = filled.portfolio.path
    not_utf8 = os.fsdecode(b"caf\xe9 au lait passphrase")
    result = run_cli("check", path, passphrase=not_utf8)
    assert_one_line_error(result, "not text")
    assert run_cli("mark-ready", path, "session", "1").code == 0
    result = run_cli(
        "sign",
        path,
        "session",
        "1",
        "--version",
        "1",
        "--role",
        "mentee",
        "--name",
        os.fsdecode(b"S\xe9"),
        "--date",
        "2026-02-03",
    )
    assert_one_line_error(result, "half of a character")

"""Standard places, and a log that never holds portfolio text or secrets."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app.domain.record_types import Mentor, OwnerProfile, Relationship, SessionRecord
from app.logging_setup import (
    LOG_FILE,
    log_error,
    log_event,
    setup_logging,
    shutdown_logging,
)
from app.services import documents, records
from app.services.portfolio import create_portfolio, unlock_with_passphrase
from tests.conftest import PASSPHRASE, TEST_KDF

OWNER = "Siân Ó Dálaigh"
RECORD_TEXT = "Discussed the Łukasz Żółć complaint and the sepsis audit"
PRIVATE = "Felt anxious about the <FRCA> viva"


def _env_without_override() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "MENTEE_PORTFOLIO_HOME"}
    return env


def test_paths_need_no_application_object(tmp_path: Path) -> None:
    """The CLI asks for the paths before (or without) any QApplication."""
    env = {
        **_env_without_override(),
        "HOME": str(tmp_path),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    env.pop("XDG_DOCUMENTS_DIR", None)
    code = (
        "from PySide6.QtCore import QCoreApplication as C\n"
        "from app import paths\n"
        "assert C.instance() is None\n"
        "print(paths.default_portfolio_path()); print(paths.app_data_dir());"
        " print(paths.log_dir())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    portfolio, data, logs = (Path(line) for line in out)
    assert portfolio == tmp_path / "Documents" / "Mentee Portfolio" / "portfolio.mpf"
    assert data == tmp_path / "data" / "Mentee Portfolio"
    assert logs == tmp_path / "state" / "Mentee Portfolio" / "logs"


def test_home_override_keeps_everything_in_one_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import paths

    monkeypatch.setenv("MENTEE_PORTFOLIO_HOME", str(tmp_path))
    assert paths.default_portfolio_dir() == tmp_path / "portfolios"
    assert paths.log_dir() == tmp_path / "logs"
    assert paths.app_data_dir() == tmp_path / "data"


@pytest.fixture
def log_folder(tmp_path: Path):
    folder = tmp_path / "logs"
    setup_logging(folder, level=logging.DEBUG)
    yield folder
    shutdown_logging()


def _log_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()))


def test_log_file_is_private_and_rotates(log_folder: Path) -> None:
    assert stat.S_IMODE((log_folder / LOG_FILE).stat().st_mode) == 0o600
    assert stat.S_IMODE(log_folder.stat().st_mode) == 0o700
    for n in range(12000):
        log_event("test.filler", number=n)
    names = sorted(p.name for p in log_folder.iterdir())
    assert LOG_FILE in names and f"{LOG_FILE}.1" in names
    assert len(names) <= 4  # the current file and three older ones
    for path in log_folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_formatter_keeps_events_counts_and_class_names_only(log_folder: Path) -> None:
    log_event("record.saved", kind="session", count=3, title=RECORD_TEXT)
    logging.getLogger("some.library").warning("statement with %s", PASSPHRASE)
    logging.getLogger("mentee_portfolio").warning(f"careless message about {OWNER}")
    try:
        raise KeyError(f"{OWNER}: {PASSPHRASE}")
    except KeyError as exc:
        log_error("save.failed", exc, count=1)
    text = _log_text(log_folder)
    assert "record.saved kind=session count=3 title=?" in text
    assert "save.failed count=1 error_class=KeyError error=KeyError" in text
    assert "test_paths_and_log.py:" in text and "in test_formatter_keeps" in text
    assert text.count("unlisted") == 2
    for secret in (OWNER, PASSPHRASE, RECORD_TEXT, "Siân", "horse"):
        assert secret not in text


def test_log_after_create_unlock_save_print_holds_no_portfolio_data(
    log_folder: Path, tmp_path: Path, qtbot
) -> None:  # noqa: ANN001
    # SQLAlchemy's engine logger writes every statement and its parameters: the
    # formatter must still keep the record text out.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
    logging.getLogger().setLevel(logging.DEBUG)
    path = tmp_path / "flow.mentee"
    created = create_portfolio(path, OwnerProfile(name=OWNER), PASSPHRASE, kdf=TEST_KDF)
    created.portfolio.lock()
    portfolio = unlock_with_passphrase(path, PASSPHRASE)
    try:
        mentor = records.save(portfolio, Mentor(name="Dr Αλέξανδρος"))
        rel = records.save(
            portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5))
        )
        session = records.save(
            portfolio,
            SessionRecord(
                relationship_id=rel.id,
                held_on=date(2026, 2, 3),
                summary=RECORD_TEXT,
                private_reflection=PRIVATE,
            ),
        )
        assert session.id is not None
        doc = documents.render(portfolio, "session", session.id)
        assert doc.pdf.startswith(b"%PDF")
        log_event("record.printed", pages=doc.pages)
        # A crash while the portfolio is open, with data in the exception message.
        from app.ui.crash import CrashHandler

        shown: list[str] = []
        handler = CrashHandler(show_dialog=shown.append)
        try:
            raise ValueError(f"{RECORD_TEXT} {created.recovery_code}")
        except ValueError as exc:
            handler.handle_exception(type(exc), exc, exc.__traceback__)
        qtbot.waitUntil(lambda: bool(shown))
    finally:
        portfolio.lock()
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    text = _log_text(log_folder)
    assert "record.printed pages=1" in text
    assert "app.crash" in text and "error=ValueError" in text
    assert "sqlalchemy.engine" in text  # the statements were logged, as event-free lines
    code_words = created.recovery_code.replace("-", " ").split()
    for secret in (
        OWNER,
        "Siân",
        RECORD_TEXT,
        "sepsis",
        PRIVATE,
        "anxious",
        PASSPHRASE,
        created.recovery_code,
        *code_words,
        "Αλέξανδρος",
    ):
        assert secret not in text, secret
    assert created.recovery_code not in shown[0] and RECORD_TEXT not in shown[0]


def test_an_error_before_the_first_paint_is_logged_privately_not_printed(tmp_path: Path) -> None:
    """The desktop app starts its log after the first paint; a bug before then must
    still reach the private log, and never print its message (which could quote
    portfolio text) through Python's last-resort handler."""
    code = (
        "import app.ui.launch as launch\n"
        "def broken(args):\n"
        f"    raise RuntimeError({RECORD_TEXT!r})\n"
        "launch.run_app = broken\n"
        "from app.main import main\n"
        "raise SystemExit(main([]))\n"
    )
    env = {
        **_env_without_override(),
        "MENTEE_PORTFOLIO_HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
    }
    env.pop("MENTEE_PORTFOLIO_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 1
    assert "internal error (RuntimeError)" in done.stderr
    assert RECORD_TEXT not in done.stderr and "Traceback" not in done.stderr
    log = _log_text(tmp_path / "logs")
    assert "cli.internal_error" in log and "RuntimeError" in log
    assert RECORD_TEXT not in log

"""``mentee-portfolio --self-test``: prove that this installation works end to end.

In a throw-away folder it creates a portfolio (real encryption), locks and unlocks it,
adds a mentor, a relationship and a session record, prints the session page as a PDF
and checks it, and opens the About dialog (which loads Qt, the icons and the licence
texts). Used by packaging/build.sh on the frozen app. Prints one line per step;
returns the exit status (0 all good, 1 a step failed)."""

from __future__ import annotations

import secrets
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from app.domain.record_types import Mentor, OwnerProfile, Relationship, SessionRecord
from app.resources import resource_path

REQUIRED_RESOURCES = (
    ("templates", "contract.json"),
    ("templates", "checklists.json"),
    ("fonts", "DejaVuSans.ttf"),
    ("icons", "mentee-portfolio.svg"),
    ("licenses", "components.json"),
)


def _check_resources() -> str:
    missing = [
        "/".join(parts) for parts in REQUIRED_RESOURCES if not resource_path(*parts).is_file()
    ]
    if missing:
        raise RuntimeError(f"missing resources: {', '.join(missing)}")
    return f"{len(REQUIRED_RESOURCES)} resources found"


def _record_kinds() -> str:
    """A frozen build that did not collect the kind modules fails here, by name."""
    from app.domain import registry

    return f"{registry.discover()} record kinds found"


def _portfolio_round_trip(folder: Path) -> str:
    from app.services import documents, records
    from app.services.portfolio import create_portfolio, unlock_with_passphrase

    path = folder / "self-test.mentee"
    passphrase = secrets.token_urlsafe(16)
    created = create_portfolio(path, OwnerProfile(name="Self Test"), passphrase)
    created.portfolio.lock()
    portfolio = unlock_with_passphrase(path, passphrase)
    try:
        mentor = records.save(portfolio, Mentor(name="Self Test Mentor"))
        relationship = records.save(
            portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5))
        )
        session = records.save(
            portfolio,
            SessionRecord(
                relationship_id=relationship.id,
                held_on=date(2026, 2, 3),
                topics="Self-test topics",
                summary="Self-test summary",
            ),
        )
        assert session.id is not None
        doc = documents.render(portfolio, "session", session.id)
    finally:
        portfolio.lock()
    if not (doc.pdf.startswith(b"%PDF-") and b"%%EOF" in doc.pdf[-1024:] and doc.pages >= 1):
        raise RuntimeError("the printed page is not a complete PDF")
    if not doc.code:
        raise RuntimeError("the printed page has no verification code")
    return f"portfolio created, unlocked, session printed ({doc.pages} page, {len(doc.pdf)} bytes)"


def _qt_window() -> str:
    from PySide6.QtWidgets import QApplication

    from app.ui.about import AboutDialog, bundled_components

    qt_app = QApplication.instance() or QApplication([sys.argv[0]])
    dialog = AboutDialog()
    dialog.show()
    qt_app.processEvents()
    dialog.close()
    return f"Qt {QApplication.platformName()} window opened, {len(bundled_components())} licences"


def run_self_test(say: Callable[[str], None] = print) -> int:
    steps: list[tuple[str, Callable[[], str]]] = [
        ("resources", _check_resources),
        ("kinds", _record_kinds),
        ("qt", _qt_window),
    ]
    with tempfile.TemporaryDirectory(prefix="mentee-self-test-") as tmp:
        steps.append(("portfolio", lambda: _portfolio_round_trip(Path(tmp))))
        failed = 0
        for name, step in steps:
            try:
                say(f"self-test {name}: ok: {step()}")
            except Exception as exc:  # noqa: BLE001 - report each step, keep going
                failed += 1
                say(f"self-test {name}: FAILED ({type(exc).__name__}: {exc})")
    say("self-test: passed" if not failed else f"self-test: {failed} step(s) failed")
    return 0 if not failed else 1

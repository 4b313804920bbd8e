"""Shared fixtures. Every standard directory is redirected to a temporary one, so no
test can read or write the developer's own settings, data or keyring files."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_ISOLATED = Path(tempfile.mkdtemp(prefix="mp-tests-"))
for _name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DOCUMENTS_DIR"):
    os.environ[_name] = str(_ISOLATED / _name.lower())
os.environ.pop("MENTEE_PORTFOLIO_PASSPHRASE", None)
if not os.environ.get("XDG_RUNTIME_DIR"):
    # What a login session provides (Qt warns without it); the test command sets one.
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="mp-run-")

from app.domain.record_types import OwnerProfile  # noqa: E402
from app.services.portfolio import CreatedPortfolio, Portfolio, create_portfolio  # noqa: E402
from app.store.keyslot import KdfParams  # noqa: E402

# Cheap scrypt for tests that are not about the KDF; the parameters are stored in
# the key file, so unlocking uses them too. Production code has no way to ask for it.
TEST_KDF = KdfParams(n=2**12, r=8, p=1)
PASSPHRASE = "correct horse battery"


@pytest.fixture
def portfolio_path(tmp_path: Path) -> Path:
    return tmp_path / "portfolio.mpf"


@pytest.fixture
def created(portfolio_path: Path) -> Iterator[CreatedPortfolio]:
    result = create_portfolio(
        portfolio_path, OwnerProfile(name="Siân Ó Dálaigh"), PASSPHRASE, kdf=TEST_KDF
    )
    yield result
    result.portfolio.lock()


@pytest.fixture
def portfolio(created: CreatedPortfolio) -> Portfolio:
    return created.portfolio


def keyring_expected() -> bool:
    """The README's test command starts a real Secret Service and says so."""
    return os.environ.get("MENTEE_PORTFOLIO_TEST_KEYRING") == "1"


@pytest.fixture
def secret_service() -> None:
    """The real Secret Service of the README's test command, or a skip elsewhere."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        if keyring_expected():
            pytest.fail("the test command promised a Secret Service, but there is no D-Bus")
        pytest.skip("no Secret Service: run the README's test command")


# --- The clock ------------------------------------------------------------------------
# No test reads the real clock. A test that depends on the day says which day with
# `@pytest.mark.today("2026-11-23")` (or a date and time, "2026-12-31 23:59:30"): the
# app's clock is moved there by time-machine for the test, and the commands it runs
# in a subprocess (tests.cli.conftest.run_cli) are started under libfaketime at the
# same moment. `tz="Europe/London"` moves the computer's time zone there too (for clock
# changes; "2027-10-31 01:30:00+00:00" names the second 01:30 of the night the clocks
# go back). Everything else must pass on any day: CI runs the suite under faketime at
# a date far from today as well.
_pinned_now: list[datetime] = []


def pinned_now() -> datetime | None:
    """The moment a test pinned the clock to, moving as the test runs, or None."""
    return datetime.now().astimezone() if _pinned_now else None


@pytest.fixture(autouse=True)
def _pinned_day(request: pytest.FixtureRequest) -> Iterator[None]:
    marker = request.node.get_closest_marker("today")
    if marker is None:
        yield
        return
    moment = datetime.fromisoformat(str(marker.args[0]))
    if len(str(marker.args[0])) == 10:
        moment = moment.replace(hour=12)
    zone = marker.kwargs.get("tz")
    if zone is None:
        moment = moment.astimezone()
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    else:
        moment = moment.astimezone(ZoneInfo(zone))
    # A ZoneInfo moment makes time-machine set TZ (and restore it afterwards).
    with time_machine.travel(moment, tick=True):
        _pinned_now.append(moment)
        try:
            yield
        finally:
            _pinned_now.pop()


@pytest.fixture(autouse=True)
def _fresh_app_settings() -> None:
    """Each test starts with the app's settings file empty: what one test left there
    (a recent file, a backup plan) is not another's starting point."""
    import sys

    if "app.ui.app_settings" in sys.modules:
        from app.ui.app_settings import settings

        store = settings()
        store.clear()
        store.sync()


@pytest.fixture(autouse=True)
def _qt_left_tidy() -> Iterator[None]:
    """No automatic garbage collection during a test; after it, the worker threads it
    started (app/ui/background.py) are finished, Qt deletes every window it left (in
    Qt's order, while their Python wrappers are still alive), and only then is its
    garbage collected, on the GUI thread.

    A widget tree left in a reference cycle (a section built but not shown, a
    dialog dropped) was otherwise destroyed by the collector wrapper by wrapper, at
    whatever moment it ran: a child's Python half went first and the parent's
    destructor then crashed in it (QWidget::window() in ~QWidget, under gc.collect).

    What survives that collection is frozen (gc.freeze): the next test's collection
    looks only at what that test made, instead of every object the whole run has kept
    (a full collection took seconds per test late in the run, 40% of the suite's time).
    Frozen objects are still freed when nothing refers to them; a cycle among them is
    simply never collected, which is harmless in a test run."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
        _delete_windows_left()
    finally:
        gc.collect()
        gc.freeze()
        if collecting:
            gc.enable()


def _delete_windows_left() -> None:
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    import threading

    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    if QCoreApplication.instance() is None:
        return
    for thread in threading.enumerate():
        if thread.name.startswith("mentee-portfolio") and thread is not threading.current_thread():
            thread.join(timeout=60)
    QCoreApplication.processEvents()
    for window in QApplication.topLevelWidgets():
        if shiboken6.isValid(window) and shiboken6.createdByPython(window):
            window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

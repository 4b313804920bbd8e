"""'Remember on this computer' against the real Secret Service started by the test
command (gnome-keyring under dbus-run-session), and the clean fallback without it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.errors import KeyringUnavailable
from app.services import portfolio as portfolios
from app.services.portfolio import CreatedPortfolio
from app.store import keyring_slot


@pytest.mark.keyring
def test_remembered_key_unlocks_silently_and_can_be_forgotten(
    secret_service: None, created: CreatedPortfolio, portfolio_path: Path
) -> None:
    pf = created.portfolio
    portfolios.remember_on_this_computer(pf, True)
    assert portfolios.is_remembered(pf)
    stored = keyring_slot.recall(pf.portfolio_id)
    assert stored == pf.data_key
    pf.lock()
    opened = portfolios.unlock_with_keyring(portfolio_path)
    assert opened is not None and opened.portfolio_id == pf.portfolio_id
    portfolios.remember_on_this_computer(opened, False)
    opened.lock()
    assert keyring_slot.recall(pf.portfolio_id) is None
    assert portfolios.unlock_with_keyring(portfolio_path) is None


@pytest.mark.keyring
def test_a_stale_keyring_entry_is_ignored(
    secret_service: None, created: CreatedPortfolio, portfolio_path: Path
) -> None:
    keyring_slot.remember(created.portfolio.portfolio_id, os.urandom(32))
    created.portfolio.lock()
    assert portfolios.unlock_with_keyring(portfolio_path) is None
    keyring_slot.forget(created.portfolio.portfolio_id)


NO_KEYRING = """
import sys
from pathlib import Path
from app.domain.errors import KeyringUnavailable
from app.domain.record_types import OwnerProfile
from app.services import portfolio as ps
from app.store import keyring_slot
from app.store.keyslot import KdfParams
created = ps.create_portfolio(Path(sys.argv[1]), OwnerProfile(name="A"),
                              "correct horse battery", remember=True, kdf=KdfParams(n=2**12))
print("remembered", created.remembered)
print("message", created.keyring_message)
try:
    keyring_slot.recall(created.portfolio.portfolio_id)
except KeyringUnavailable as err:
    print("recall refused:", err.message)
"""


def test_without_a_keyring_creation_still_works_and_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/bus"
    env["PYTHON_KEYRING_BACKEND"] = ""
    result = subprocess.run(
        [sys.executable, "-c", NO_KEYRING, str(tmp_path / "p.mpf")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "remembered False" in result.stdout
    assert "keyring is not available" in result.stdout
    assert "recall refused" in result.stdout
    assert "Traceback" not in result.stderr
    # Nothing secret was written anywhere as a fallback.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.mpf", "p.mpf.keys"]


def test_keyring_errors_are_one_known_error() -> None:
    assert issubclass(KeyringUnavailable, Exception)


def test_a_plain_file_keyring_is_refused(tmp_path: Path) -> None:
    """keyring picks any installed backend (keyrings.alt's PlaintextKeyring writes the
    key base64 to a file); "remember" must refuse rather than store the key there."""
    store = tmp_path / "plain-keyring.json"
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "tests.services.plain_file_keyring.PlainFileKeyring",
        "PLAIN_KEYRING_FILE": str(store),
    }
    portfolio_dir = tmp_path / "pf"
    portfolio_dir.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", NO_KEYRING, str(portfolio_dir / "p.mpf")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert result.returncode == 0, result.stderr
    assert "remembered False" in result.stdout
    assert "keyring is not available" in result.stdout
    assert not store.exists()

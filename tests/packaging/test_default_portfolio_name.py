"""One default portfolio file name: the wizard proposes app.paths' default (.mpf, the
extension the Open and Save dialogs filter for), and a portfolio of any name still
opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import paths
from app.domain.record_types import OwnerProfile
from app.services.portfolio import create_portfolio, unlock_with_passphrase
from tests.conftest import PASSPHRASE, TEST_KDF


def test_the_wizard_proposes_the_one_default(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui.create_wizard import CreateWizard

    monkeypatch.setenv(paths.HOME_OVERRIDE, str(tmp_path))
    wizard = CreateWizard(kdf=TEST_KDF)
    qtbot.addWidget(wizard)
    assert Path(wizard.location.text()) == paths.default_portfolio_path()
    assert paths.default_portfolio_path() == tmp_path / "portfolios" / "portfolio.mpf"
    assert paths.PORTFOLIO_FILE.endswith(paths.PORTFOLIO_SUFFIX)


@pytest.mark.parametrize("name", ["portfolio.mentee", "Siân's portfolio", "old.MPF"])
def test_a_portfolio_of_any_name_opens(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    created = create_portfolio(path, OwnerProfile(name="Dr Aisha Khan"), PASSPHRASE, kdf=TEST_KDF)
    created.portfolio.lock()
    opened = unlock_with_passphrase(path, PASSPHRASE)
    try:
        assert opened.path == path
    finally:
        opened.lock()

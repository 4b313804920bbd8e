"""A passphrase of only spaces or other invisible characters is refused with a
sentence wherever a passphrase is set: init, change-passphrase, the create wizard
(found in review: eight spaces were accepted)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain.errors import ValidationFailed
from app.domain.record_types import OwnerProfile
from app.services import portfolio as portfolios
from app.services.portfolio import CreatedPortfolio
from app.ui.create_wizard import CreateWizard
from app.ui.new_passphrase import strength_hint
from tests.cli.conftest import assert_one_line_error, run_cli
from tests.conftest import PASSPHRASE, TEST_KDF

BLANK = [
    " " * 8,
    "\t" * 8,
    " \t \n \r  ",
    "\u00a0" * 8,  # no-break space
    "\u3000" * 10,  # ideographic space
    "\u200b" * 12,  # zero-width space
    "\u2800" * 8,  # braille blank
    " \u200d\ufeff\u2060    ",
]


@pytest.mark.parametrize("blank", BLANK, ids=range(len(BLANK)))
def test_services_refuse(blank: str, tmp_path: Path, created: CreatedPortfolio) -> None:
    with pytest.raises(ValidationFailed, match="only spaces"):
        portfolios.create_portfolio(tmp_path / "b.mpf", OwnerProfile(name="A"), blank)
    assert not (tmp_path / "b.mpf").exists()
    with pytest.raises(ValidationFailed, match="only spaces"):
        portfolios.set_passphrase(created.portfolio, blank, kdf=TEST_KDF)
    created.portfolio.lock()
    portfolios.unlock_with_passphrase(created.portfolio.path, PASSPHRASE).lock()


def test_spaces_around_words_are_fine(created: CreatedPortfolio) -> None:
    portfolios.set_passphrase(created.portfolio, "  two words  ", kdf=TEST_KDF)
    created.portfolio.lock()
    portfolios.unlock_with_passphrase(created.portfolio.path, "  two words  ").lock()


def test_command_line(tmp_path: Path, created: CreatedPortfolio) -> None:
    blank_file = tmp_path / "blank.txt"
    blank_file.write_text(" " * 8 + "\n")
    result = run_cli("init", tmp_path / "new.mpf", "--owner", "A", "--passphrase-file", blank_file)
    assert_one_line_error(result, "only spaces")
    assert not (tmp_path / "new.mpf").exists()
    created.portfolio.lock()
    path = created.portfolio.path
    result = run_cli("change-passphrase", path, "--new-passphrase-file", blank_file)
    assert_one_line_error(result, "only spaces")
    result = run_cli(
        "change-passphrase", path, env={"MENTEE_PORTFOLIO_NEW_PASSPHRASE": "\u3000" * 9}
    )
    assert_one_line_error(result, "only spaces")
    assert run_cli("check", path).code == 0  # the old passphrase still opens it


def test_create_wizard(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wizard = CreateWizard(kdf=TEST_KDF)
    qtbot.addWidget(wizard)
    wizard.name.setText("Dr Aisha Khan")
    wizard.location.setText(str(tmp_path / "mine.mpf"))
    qtbot.keyClicks(wizard.passphrase, " " * 12)
    assert not strength_hint(wizard.passphrase.text()).startswith(("Strong", "Good", "Weak"))
    assert "spaces" in wizard.new_passphrase.strength.text()
    wizard.passphrase2.setText(" " * 12)
    qtbot.mouseClick(wizard.create_button, Qt.MouseButton.LeftButton)
    assert "only spaces" in wizard.error.text()
    assert wizard.pages.currentIndex() == 0
    assert not (tmp_path / "mine.mpf").exists()

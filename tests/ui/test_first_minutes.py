"""The first minutes with the keyboard alone (issue 16, found in review): focus lands
where the user types, Enter does each page's obvious thing, an error goes once the user
types where it points, Browse starts where the file is proposed, and the recovery code
has one shape on screen, on paper and where it is typed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from app.domain.recovery_code import GROUPS_PER_ROW, TYPING_HINT, numbered_rows
from app.services.portfolio import CreatedPortfolio
from app.ui.create_wizard import CreateWizard
from app.ui.unlock import UnlockDialog
from tests.conftest import PASSPHRASE, TEST_KDF


def _typing_goes_to(window: QWidget) -> QWidget:
    widget = window.focusWidget()
    assert widget is not None
    return widget


def test_the_unlock_dialog_takes_the_passphrase_as_it_opens(
    qtbot: QtBot, created: CreatedPortfolio
) -> None:
    path = created.portfolio.path
    created.portfolio.lock()
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    target = _typing_goes_to(dialog)
    assert target is dialog.secret
    qtbot.keyClicks(target, PASSPHRASE)
    qtbot.keyClick(target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.portfolio is not None, timeout=20_000)
    assert dialog.portfolio is not None and dialog.portfolio.is_open
    dialog.portfolio.lock()


def test_the_recovery_code_is_asked_for_in_the_shape_it_is_shown(
    qtbot: QtBot, created: CreatedPortfolio
) -> None:
    dialog = UnlockDialog(created.portfolio.path)
    qtbot.addWidget(dialog)
    dialog.use_code.setChecked(True)
    assert dialog.secret.placeholderText() == TYPING_HINT
    shown = [group for row in numbered_rows(created.recovery_code) for _, group in row]
    assert all(len(group) == 5 for group in shown) and len(shown) == 13
    assert TYPING_HINT.startswith("-".join(["XXXXX"] * 3))


def test_the_create_wizard_with_the_keyboard_alone(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    browsed: list[str] = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda _parent, _title, start, _filter: (browsed.append(start), ("", ""))[1]),
    )
    wizard = CreateWizard(kdf=TEST_KDF)
    qtbot.addWidget(wizard)
    wizard.location.setText(str(tmp_path / "not yet" / "made" / "mine.mpf"))
    wizard.show()
    qtbot.waitExposed(wizard)
    assert _typing_goes_to(wizard) is wizard.name
    # Enter with no name: the one error, which goes once the name is typed.
    qtbot.keyClick(wizard.name, Qt.Key.Key_Return)
    assert wizard.error.isVisible() and "name" in wizard.error.text()
    qtbot.keyClicks(wizard.name, "Dr Aisha Khan")
    assert not wizard.error.isVisible()
    # Browse starts in the nearest folder that exists, proposing the file's name.
    wizard._browse()
    assert browsed == [str(tmp_path / "mine.mpf")]
    browsed.clear()
    qtbot.keyClicks(wizard.passphrase, PASSPHRASE)
    qtbot.keyClicks(wizard.passphrase2, PASSPHRASE)
    # Enter in "Passphrase again" creates the portfolio (it used to open Browse).
    qtbot.keyClick(wizard.passphrase2, Qt.Key.Key_Return)
    assert browsed == []
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 1, timeout=20_000)
    assert (tmp_path / "not yet" / "made" / "mine.mpf").exists()
    assert _typing_goes_to(wizard) is wizard.confirm
    # The screen shows the code numbered, four groups to a row, as the sheet prints it.
    code = wizard.created.recovery_code if wizard.created else ""
    label = wizard.code_label.text()
    for row in numbered_rows(code):
        for number, group in row:
            assert f"{number}&nbsp;" in label and group in label
    assert label.count("<tr>") == -(-13 // GROUPS_PER_ROW)
    # A wrong group: said; typing again clears it; Enter with the right one finishes.
    qtbot.keyClicks(wizard.confirm, "WRONG")
    qtbot.keyClick(wizard.confirm, Qt.Key.Key_Return)
    assert wizard.confirm_error.isVisible() and wizard.result() == 0
    wizard.confirm.selectAll()
    qtbot.keyClicks(wizard.confirm, wizard.groups[wizard.check_group])
    assert not wizard.confirm_error.isVisible()
    qtbot.keyClick(wizard.confirm, Qt.Key.Key_Return)
    assert wizard.result() == 1
    assert wizard.portfolio is not None
    wizard.portfolio.lock()


def test_the_sheet_prints_the_code_as_the_screen_shows_it(
    qtbot: QtBot, created: CreatedPortfolio, tmp_path: Path
) -> None:
    from app.services import documents

    doc = documents.render(created.portfolio, "recovery", 0)
    sheet = tmp_path / "sheet.pdf"
    sheet.write_bytes(doc.pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(sheet), "-"], capture_output=True, text=True, check=True
    ).stdout
    for row in numbered_rows(created.recovery_code):
        line = next(line for line in text.splitlines() if row[0][1] in line)
        assert [g for _, g in row] == [w for w in line.split() if len(w) == 5]
        assert all(str(number) in line.split() for number, _ in row)


def test_the_print_preview_fits_the_screen(qtbot: QtBot, created: CreatedPortfolio) -> None:
    from app.services import documents
    from app.ui.printing.preview import PrintPreviewDialog

    doc = documents.render(created.portfolio, "recovery", 0)
    preview = PrintPreviewDialog(doc, portfolio=created.portfolio)
    qtbot.addWidget(preview)
    screen = preview.screen() or QApplication.primaryScreen()
    room = screen.availableGeometry()
    assert preview.height() <= room.height() and preview.width() <= room.width()

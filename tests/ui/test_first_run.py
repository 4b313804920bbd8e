"""Create, unlock: driven through the real widgets."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt

from app.services.portfolio import CreatedPortfolio
from app.ui.create_wizard import CreateWizard
from app.ui.new_passphrase import strength_hint
from app.ui.unlock import UnlockDialog
from tests.conftest import PASSPHRASE, TEST_KDF


def test_create_flow_requires_recovery_group(qtbot, tmp_path: Path) -> None:
    wizard = CreateWizard(kdf=TEST_KDF)
    qtbot.addWidget(wizard)
    wizard.name.setText("Dr Aisha Khan")
    wizard.location.setText(str(tmp_path / "sub" / "mine.mpf"))
    wizard.passphrase.setText(PASSPHRASE)
    wizard.passphrase2.setText("different one")
    qtbot.mouseClick(wizard.create_button, Qt.MouseButton.LeftButton)
    assert "different" in wizard.error.text()
    wizard.passphrase2.setText(PASSPHRASE)
    qtbot.mouseClick(wizard.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 1, timeout=10000)
    assert (tmp_path / "sub" / "mine.mpf").exists()
    wizard.confirm.setText("WRONG")
    qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)
    assert not wizard.confirm_error.isHidden()
    assert wizard.result() == 0
    # "Write it down or print it": the sheet opens in the preview, code and all.
    from app.ui.printing.preview import PrintPreviewDialog

    qtbot.mouseClick(wizard.print_sheet, Qt.MouseButton.LeftButton)
    [preview] = wizard.findChildren(PrintPreviewDialog)
    sheet = tmp_path / "sheet.pdf"
    sheet.write_bytes(preview.doc.pdf)
    text = subprocess.run(
        ["pdftotext", str(sheet), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Recovery sheet" in text and all(group in text for group in wizard.groups)
    preview.close()
    # Copy marks the code secret for clipboard managers; Finish takes it back.
    from PySide6.QtWidgets import QApplication

    wizard._copy()
    copied = QApplication.clipboard().mimeData()
    assert copied.text() == "-".join(wizard.groups)
    assert bytes(copied.data("x-kde-passwordManagerHint").data()) == b"secret"
    wizard.confirm.setText(wizard.groups[wizard.check_group].lower())
    qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)
    assert wizard.result() == 1
    assert QApplication.clipboard().text() != "-".join(wizard.groups)
    assert wizard.portfolio is not None and wizard.portfolio.is_open
    wizard.portfolio.lock()


def test_strength_hint() -> None:
    assert strength_hint("abc").startswith("Too short")
    assert strength_hint("four long words here").startswith("Strong")


def test_unlock_wrong_then_right(qtbot, created: CreatedPortfolio) -> None:
    path = created.portfolio.path
    created.portfolio.lock()
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.secret.setText("not the passphrase")
    dialog.attempt()
    assert "does not open" in dialog.error.text()
    assert dialog.portfolio is None
    dialog.secret.setText(PASSPHRASE)
    dialog.attempt()
    assert dialog.portfolio is not None and dialog.portfolio.is_open
    dialog.portfolio.lock()


def test_unlock_recovery_code_and_typo(qtbot, created: CreatedPortfolio) -> None:
    path = created.portfolio.path
    code = created.recovery_code
    created.portfolio.lock()
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.secret.setText("my wrong passphrase")
    dialog.attempt()
    assert not dialog.error.isHidden()
    dialog.use_code.setChecked(True)
    # The recovery field shows what is typed: the passphrase must not appear there.
    assert dialog.secret.text() == "" and dialog.error.isHidden()
    groups = code.split("-")
    first = groups[1]
    groups[1] = ("Q" if first[0] != "Q" else "R") + first[1:]
    dialog.secret.setText("-".join(groups))
    dialog.attempt()
    assert "group 2" in dialog.error.text()
    dialog.secret.setText(code)
    dialog.attempt()
    assert dialog.portfolio is not None and dialog.portfolio.is_open
    dialog.portfolio.lock()


def test_unlock_missing_file(qtbot, tmp_path: Path) -> None:
    dialog = UnlockDialog(tmp_path / "nothing.mpf")
    qtbot.addWidget(dialog)
    dialog.secret.setText(PASSPHRASE)
    dialog.attempt()
    assert dialog.error.text()
    assert dialog.portfolio is None


def test_create_refuses_existing_file_inline(qtbot, created: CreatedPortfolio) -> None:
    wizard = CreateWizard(kdf=TEST_KDF)
    qtbot.addWidget(wizard)
    wizard.name.setText("Dr Aisha Khan")
    wizard.location.setText(str(created.portfolio.path))
    wizard.passphrase.setText(PASSPHRASE)
    wizard.passphrase2.setText(PASSPHRASE)
    wizard.start_create()
    qtbot.waitUntil(lambda: not wizard.error.isHidden(), timeout=10000)
    assert "already exists" in wizard.error.text()
    assert wizard.pages.currentIndex() == 0
    assert wizard.create_button.isEnabled()

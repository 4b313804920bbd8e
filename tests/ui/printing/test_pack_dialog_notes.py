"""What the pack dialog says before and after building."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.services.pack import PackRequest, candidates
from app.services.signing import lifecycle
from app.ui.printing.pack_dialog import PackDialog
from app.ui.printing.preview import PrintPreviewDialog
from tests.printing.conftest import Filled


def test_the_dialog_says_how_many_records_are_not_signed(qtbot: QtBot, filled: Filled) -> None:
    dialog = PackDialog(filled.portfolio)
    qtbot.addWidget(dialog)
    dialog.date_from.set_value(date(2026, 1, 1))
    dialog.date_to.set_value(date(2026, 12, 31))
    dialog.show_unsigned()  # set, not typed: the note follows typing by itself
    items = candidates(filled.portfolio, PackRequest(date(2026, 1, 1), date(2026, 12, 31)))
    signable = [i for i in items if i.status]
    assert signable and all(i.status == "unsigned" for i in signable)
    assert not dialog.unsigned_note.isHidden()
    assert f"{len(signable)} of the {len(signable)} records" in dialog.unsigned_note.text()
    # One record made ready to sign is still not signed: the count does not drop.
    from app.domain.enums import RecordKind

    lifecycle.mark_ready(filled.portfolio, RecordKind.SESSION, filled.session.id)
    dialog.show_unsigned()
    assert f"{len(signable)} of the {len(signable)} records" in dialog.unsigned_note.text()


def test_after_building_cancel_becomes_close(qtbot: QtBot, filled: Filled) -> None:
    dialog = PackDialog(filled.portfolio)
    qtbot.addWidget(dialog)
    dialog.date_from.set_value(date(2026, 1, 1))
    dialog.date_to.set_value(date(2026, 12, 31))
    assert dialog.cancel_button.text() == "Cancel"
    with qtbot.waitSignal(dialog.built, timeout=120_000):
        dialog.start(confirm=False)
    assert dialog.cancel_button.text() == "Close"
    for preview in dialog.findChildren(PrintPreviewDialog):
        preview.close()


def test_amendments_awaiting_signature_are_left_out_unless_ticked(
    qtbot: QtBot, filled: Filled
) -> None:
    dialog = PackDialog(filled.portfolio)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.request().include_amendments
    dialog.amendments.setFocus()
    qtbot.keyClick(dialog.amendments, Qt.Key.Key_Space)
    assert dialog.amendments.isChecked() and dialog.request().include_amendments
    assert not dialog.request().include_reflections  # one choice does not tick the other

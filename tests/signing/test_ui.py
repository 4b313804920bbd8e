"""The signing widgets, driven through real events (offscreen)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from app.domain.bidi import isolate
from app.domain.enums import RecordKind, SignatureMethod, SignerRole, VersionStatus
from app.services.portfolio import Portfolio
from app.services.signing import attachments, lifecycle
from app.ui.signing.amend_dialog import AmendDialog
from app.ui.signing.history_view import HistoryView
from app.ui.signing.pad import SignaturePad
from app.ui.signing.panel import SigningPanel
from app.ui.signing.sign_dialog import SignDialog
from app.ui.signing.verify_dialog import VerifyDialog
from tests.conftest import _ISOLATED
from tests.signing.conftest import SIGNED_ON, Records, sign_both

S = RecordKind.SESSION
# Screenshots for a human to look at: set MENTEE_PORTFOLIO_SHOTS to keep them.
SHOTS = Path(os.environ.get("MENTEE_PORTFOLIO_SHOTS") or _ISOLATED / "shots")
SHOTS.mkdir(parents=True, exist_ok=True)


def _mouse(
    widget: SignaturePad, kind: QMouseEvent.Type, x: float, y: float, buttons: Qt.MouseButton
) -> None:
    button = (
        Qt.MouseButton.NoButton
        if kind == QMouseEvent.Type.MouseMove
        else (Qt.MouseButton.LeftButton)
    )
    point = QPointF(x, y)
    event = QMouseEvent(
        kind, point, widget.mapToGlobal(point), button, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, event)


def draw(pad: SignaturePad, points: list[tuple[float, float]]) -> None:
    left = Qt.MouseButton.LeftButton
    _mouse(pad, QMouseEvent.Type.MouseButtonPress, *points[0], left)
    for x, y in points[1:]:
        _mouse(pad, QMouseEvent.Type.MouseMove, x, y, left)
    _mouse(pad, QMouseEvent.Type.MouseButtonRelease, *points[-1], Qt.MouseButton.NoButton)


SCRIBBLE = [(20, 80), (40, 40), (60, 90), (90, 30), (120, 85), (160, 50), (200, 70)]


def test_pad_captures_strokes_and_clears(qtbot) -> None:  # type: ignore[no-untyped-def]
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 130)
    pad.show()
    assert pad.is_empty() and pad.strokes() is None
    with qtbot.waitSignal(pad.changed):
        draw(pad, SCRIBBLE)
    draw(pad, [(250, 60), (300, 62)])
    strokes = pad.strokes()
    assert strokes is not None
    assert strokes["w"] == 400.0 and strokes["h"] == 130.0
    assert strokes["strokes"][0][0] == [20.0, 80.0]
    assert len(strokes["strokes"]) == 2 and len(strokes["strokes"][0]) == len(SCRIBBLE)
    assert pad.accessibleName() == "Signature pad"
    pad.setFocus()
    qtbot.keyClick(pad, Qt.Key.Key_Delete)
    assert pad.is_empty()


def test_sign_dialog_drawn_by_both(
    qtbot,
    portfolio: Portfolio,  # type: ignore[no-untyped-def]
    recs: Records,
) -> None:
    info = lifecycle.mark_ready(portfolio, S, recs.session.id)
    dialog = SignDialog(portfolio, info)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(1)
    assert dialog.pad_rows[SignerRole.MENTOR].name.text() == "Dr Αλέξανδρος Łukasz"
    assert dialog.pad_rows[SignerRole.MENTEE].name.text() == "Siân Ó Dálaigh"
    dialog.record()  # nothing drawn yet
    assert dialog.error.isVisible() and "Nobody has signed" in dialog.error.text()
    for row in dialog.pad_rows.values():
        draw(row.pad, SCRIBBLE)
    assert dialog.grab().save(str(SHOTS / "sign_dialog_pad.png"))
    dialog.record()
    assert dialog.result() == dialog.DialogCode.Accepted
    latest = lifecycle.get_version(portfolio, S, recs.session.id, 1)
    assert latest.status is VersionStatus.LOCKED
    assert all(s.method is SignatureMethod.DRAWN and s.bound for s in latest.signatures)
    assert '"w":' in latest.signatures[0].strokes_json


def test_sign_dialog_ink_with_scan(
    qtbot,
    portfolio: Portfolio,
    recs: Records,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    info = lifecycle.mark_ready(portfolio, RecordKind.CONTRACT, recs.contract.id)
    dialog = SignDialog(portfolio, info)
    qtbot.addWidget(dialog)
    dialog.show()
    bad = tmp_path / "page.png"
    bad.write_text("not an image")
    dialog.set_scan(bad)
    dialog.record()
    assert "page.png is not a PDF, PNG or JPEG" in dialog.error.text()
    dialog.ink_rows[SignerRole.MENTEE].date.set_value(date(1986, 11, 23))
    good = tmp_path / "page.jpg"
    good.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 200)
    dialog.set_scan(good)
    dialog.record()  # the date is refused after the scan was stored...
    assert "check the year" in dialog.error.text()
    dialog.ink_rows[SignerRole.MENTEE].date.set_value(SIGNED_ON)
    assert lifecycle.get_version(portfolio, RecordKind.CONTRACT, 1, 1).signatures == ()
    dialog.ink_rows[SignerRole.MENTOR].signed.setChecked(False)
    assert dialog.grab().save(str(SHOTS / "sign_dialog_ink.png"))
    dialog.record()
    version = lifecycle.get_version(portfolio, RecordKind.CONTRACT, 1, 1)
    assert [s.role for s in version.signatures] == [SignerRole.MENTEE]
    assert version.signatures[0].scan_attachment_id is not None
    # ...and reused, not stored twice.
    assert len(attachments.scans_of(portfolio, RecordKind.CONTRACT, 1)) == 1
    assert lifecycle.signature_status(portfolio, RecordKind.CONTRACT, 1).label == (
        "awaiting mentor"
    )
    # The next dialog offers only the mentor.
    again = SignDialog(portfolio, version)
    qtbot.addWidget(again)
    assert list(again.ink_rows) == [SignerRole.MENTOR]


def test_amend_dialog_needs_a_reason(
    qtbot,
    portfolio: Portfolio,  # type: ignore[no-untyped-def]
    recs: Records,
) -> None:
    lifecycle.mark_ready(portfolio, S, recs.session.id)
    sign_both(portfolio, S, recs.session.id, 1)
    dialog = AmendDialog(portfolio, S, recs.session.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.amend_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "Next meeting date was wrong")
    assert dialog.amend_button.isEnabled()
    assert dialog.grab().save(str(SHOTS / "amend_dialog.png"))
    dialog.amend_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert lifecycle.signature_status(portfolio, S, recs.session.id).label == "amended"


def test_verify_dialog(qtbot, portfolio: Portfolio, recs: Records) -> None:  # type: ignore[no-untyped-def]
    code = lifecycle.mark_ready(portfolio, S, recs.session.id).code
    sign_both(portfolio, S, recs.session.id, 1)
    dialog = VerifyDialog(portfolio)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.verify_button.isEnabled()
    qtbot.keyClicks(dialog.code, code)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.verified is not None and dialog.verified.genuine
    assert "genuine, and the current version" in dialog.outcome.text()
    assert dialog.grab().save(str(SHOTS / "verify_dialog.png"))
    dialog.code.setText(code[:-1] + ("0" if code[-1] != "0" else "1"))
    dialog.verify_button.click()
    assert dialog.outcome.text().startswith("That code has a typo.")


def test_history_view_and_models(
    qtbot,
    qtmodeltester,
    portfolio: Portfolio,  # type: ignore[no-untyped-def]
    recs: Records,
) -> None:
    lifecycle.mark_ready(portfolio, S, recs.session.id)
    sign_both(portfolio, S, recs.session.id, 1)
    view = HistoryView(portfolio)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show_record(S, recs.session.id)
    view.show()
    qtmodeltester.check(view.log)
    qtmodeltester.check(view.versions)
    actions = [row.action for row in view.log.rows]
    assert actions[0] == "create" and actions[-2:] == ["sign", "sign"]
    assert "action" in {row.record_kind for row in view.log.rows}  # its agreed action
    assert view.versions.rowCount() == 1
    assert "Signed by mentee and mentor" in view.heading.text()
    assert view.grab().save(str(SHOTS / "history_record.png"))
    view.show_portfolio()
    assert view.versions_view.isHidden()
    assert view.log.rows[0].seq > view.log.rows[-1].seq


@pytest.mark.today("2027-06-01 00:30:00", tz="Europe/London")
def test_history_dates_versions_in_local_time(qtbot, portfolio: Portfolio, recs: Records) -> None:  # type: ignore[no-untyped-def]
    # 00:30 in London in summer is still 31 May in UTC, the stored timestamps' zone.
    lifecycle.mark_ready(portfolio, S, recs.session.id)
    view = HistoryView(portfolio)
    qtbot.addWidget(view)
    view.show_record(S, recs.session.id)
    assert view.versions.cell(view.versions.rows[0], 0) == "1 (1 Jun 2027)"
    assert view.log.cell(view.log.rows[-1], 1).startswith("1 Jun 2027 00:3")


def test_panel_buttons_follow_the_status(
    qtbot,
    monkeypatch,  # type: ignore[no-untyped-def]
    portfolio: Portfolio,
    recs: Records,
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    panel = SigningPanel(portfolio)
    qtbot.addWidget(panel)
    panel.set_record((RecordKind.CHECKLIST, recs.checklist.id))
    panel.resize(820, panel.sizeHint().height())
    panel.show()
    assert panel.badge.text() == "Unsigned"
    assert panel.ready_button.isEnabled() and not panel.sign_button.isEnabled()
    assert not panel.amend_button.isEnabled()
    with qtbot.waitSignal(panel.changed):
        panel.ready_button.click()
    assert "Version 1 is frozen" in shown[0] and "K1-1-" in shown[0]
    assert panel.badge.text() == "Ready to sign"
    # Once laid out, the badge is never squeezed ("Ready to s…").
    qtbot.waitUntil(lambda: panel.badge.width() >= panel.badge.sizeHint().width())
    assert not panel.ready_button.isEnabled() and panel.sign_button.isEnabled()
    assert panel.amend_button.isEnabled()
    assert panel.grab().save(str(SHOTS / "panel.png"))
    panel.set_record(None)
    assert panel.isHidden()
    panel.set_record((RecordKind.ACTION, recs.action.id))
    assert panel.isHidden()


def _jpeg(width: int, height: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#f4f1e8"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "JPEG")
    return bytes(data)


def _scanned_pdf(pages: list[bytes]) -> bytes:
    """A PDF as a scanner writes it: one JPEG (DCTDecode) image per page."""
    import io

    from reportlab import rl_config
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rl_config.useA85 = 0  # scanners do not ASCII85-encode their images
    try:
        out = io.BytesIO()
        pdf = canvas.Canvas(out)
        for jpeg in pages:
            pdf.drawImage(ImageReader(io.BytesIO(jpeg)), 20, 20, 500, 700)
            pdf.showPage()
        pdf.save()
    finally:
        rl_config.useA85 = 1
    return out.getvalue()


def test_scan_viewer_shows_images_and_scanned_pdfs(
    qtbot,
    portfolio: Portfolio,  # type: ignore[no-untyped-def]
    recs: Records,
    tmp_path: Path,
) -> None:
    from app.ui.signing.scan_viewer import ScanViewer

    photo = attachments.add_scan(portfolio, S, recs.session.id, _jpeg(300, 400), "photo.jpg")
    viewer = ScanViewer(portfolio, photo.id)
    qtbot.addWidget(viewer)
    assert len(viewer.pages) == 1 and viewer.pages[0].pixmap().width() == 300
    pdf = attachments.add_scan(
        portfolio, S, recs.session.id, _scanned_pdf([_jpeg(600, 800), _jpeg(600, 801)]), "scan.pdf"
    )
    viewer = ScanViewer(portfolio, pdf.id)
    qtbot.addWidget(viewer)
    assert len(viewer.pages) == 2
    text_pdf = attachments.add_scan(
        portfolio, S, recs.session.id, b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", "typed.pdf"
    )
    viewer = ScanViewer(portfolio, text_pdf.id)
    qtbot.addWidget(viewer)
    assert not viewer.pages and "save a copy" in viewer.message.text()
    viewer.save_to(tmp_path / "typed copy.pdf")
    assert (tmp_path / "typed copy.pdf").read_bytes().startswith(b"%PDF-1.4")


def test_overview_counts_statuses(
    qtbot,
    portfolio: Portfolio,  # type: ignore[no-untyped-def]
    recs: Records,
) -> None:
    from PySide6.QtWidgets import QWidget

    from app.ui.signing.overview import SigningOverview, signing_actions

    overview = SigningOverview(portfolio)
    qtbot.addWidget(overview)
    assert "Nothing has been prepared for signing yet" in overview.summary.text()
    lifecycle.mark_ready(portfolio, S, recs.session.id)
    sign_both(portfolio, S, recs.session.id, 1)
    lifecycle.mark_ready(portfolio, RecordKind.CONTRACT, recs.contract.id)
    lifecycle.sign(
        portfolio,
        RecordKind.CONTRACT,
        recs.contract.id,
        1,
        role=SignerRole.MENTEE,
        signer_name="Siân",
        signed_on=SIGNED_ON,
        method=SignatureMethod.INK,
    )
    overview.refresh()
    text = overview.summary.text()
    assert "1 awaiting mentor" in text and "1 signed" in text
    assert text.index("awaiting mentor") < text.index("signed</span>")
    host = QWidget()
    qtbot.addWidget(host)
    assert [a.text() for a in signing_actions(portfolio, host)] == [
        "&Verify a printed page…",
        "Portfolio &history…",
    ]


def test_a_records_history_lists_the_scans_kept_with_it(
    qtbot,  # type: ignore[no-untyped-def]
    portfolio: Portfolio,
    recs: Records,
) -> None:
    from app.domain.validation import EARLIEST_SIGNATURE
    from app.ui.signing.history_view import HistoryView

    lifecycle.mark_ready(portfolio, S, recs.session.id)
    scan = attachments.add_scan(portfolio, S, recs.session.id, _jpeg(30, 40), "signed page.jpg")
    lifecycle.sign(
        portfolio,
        S,
        recs.session.id,
        1,
        role=SignerRole.MENTEE,
        signer_name="Siân",
        signed_on=EARLIEST_SIGNATURE,
        method=SignatureMethod.INK,
        scan_attachment_id=scan.id,
    )
    attachments.add_scan(portfolio, S, recs.session.id, _jpeg(30, 40), "spare.jpg")
    view = HistoryView(portfolio)
    qtbot.addWidget(view)
    view.show_record(S, recs.session.id)
    signed, spare = view.scans.text().removeprefix("Scans kept: ").split("; ")
    # Each file name is isolated (FSI ... PDI) in its sentence.
    assert signed.startswith(f"{isolate('signed page.jpg')} (") and "not signed on" not in signed
    assert spare.startswith(f"{isolate('spare.jpg')} (") and spare.endswith(", not signed on)")


@pytest.mark.parametrize(
    ("typed", "refused"),
    [
        ("tomorrow", "a signature is dated the day it was made"),
        ("24/11/2026", "a signature is dated the day it was made"),
        ("31/11/2026", "There is no 31 November 2026."),
        ("", "Type the date the mentee signed."),
        ("23/11/2026", ""),
        ("23/11/26", ""),
        ("2026-11-23", ""),
        ("today", ""),
    ],
)
def test_the_paper_signature_date_is_typed_and_never_ahead(
    qtbot,  # type: ignore[no-untyped-def]
    portfolio: Portfolio,
    recs: Records,
    typed: str,
    refused: str,
) -> None:
    """Typed with real keys (issue 16: the paper-signature date accepted tomorrow)."""
    info = lifecycle.mark_ready(portfolio, RecordKind.CONTRACT, recs.contract.id)
    dialog = SignDialog(portfolio, info)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ink_rows[SignerRole.MENTOR].signed.setChecked(False)
    field = dialog.ink_rows[SignerRole.MENTEE].date
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field.edit, Qt.Key.Key_Backspace)
    if typed:
        qtbot.keyClicks(field.edit, typed)
    dialog.record()
    signatures = lifecycle.get_version(portfolio, RecordKind.CONTRACT, 1, 1).signatures
    if refused:
        assert signatures == ()
        assert refused in dialog.error.text()
        assert field.edit.text() == typed
    else:
        assert [s.signed_on for s in signatures] == [SIGNED_ON]

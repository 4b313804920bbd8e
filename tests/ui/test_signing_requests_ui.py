"""Send for signature… and Import signed copy… in the window (issue 19), driven with
real key events over one real portfolio: the request PDF the service writes, signed
here with pyHanko and a certificate made with `cryptography` the way a mentor's
reader signs it, dropped onto the record's page, then shown in History and checked
again in the Verify dialog. Each test works on its own checklist of the module's
portfolio, so none depends on another."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.domain.enums import RecordKind, SignerRole
from app.domain.record_types import (
    Checklist,
    ChecklistItem,
    Mentor,
    OwnerProfile,
    Relationship,
)
from app.services import records
from app.services.portfolio import Portfolio, create_portfolio
from app.services.signing import lifecycle
from app.ui.signing.history_view import HistoryView
from app.ui.signing.import_return import ImportReturnDialog
from app.ui.signing.panel import SigningPanel
from app.ui.signing.request_written import RequestWritten
from app.ui.signing.return_viewer import ReturnViewer
from app.ui.signing.verify_dialog import VerifyDialog
from tests.conftest import _ISOLATED, PASSPHRASE, TEST_KDF
from tests.signing.signed_returns import make_certificate, sign_pdf

K = RecordKind.CHECKLIST
SHOTS = Path(os.environ.get("MENTEE_PORTFOLIO_SHOTS") or _ISOLATED / "shots")
MENTOR = "Dr Αλέξανδρος Łukasz"


@pytest.fixture(scope="module")
def pf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portfolio]:
    folder = tmp_path_factory.mktemp("returns-ui")
    made = create_portfolio(
        folder / "portfolio.mpf", OwnerProfile(name="Siân Ó Dálaigh"), PASSPHRASE, kdf=TEST_KDF
    )
    yield _with_a_mentor(made.portfolio)
    made.portfolio.lock()


def _with_a_mentor(portfolio: Portfolio) -> Portfolio:
    mentor = records.save(portfolio, Mentor(name=MENTOR, role="Consultant"))
    records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    return portfolio


def _checklist(pf: Portfolio, title: str) -> int:
    """A new checklist of the module's relationship, frozen ready to sign."""
    rel = records.list_records(pf, Relationship)[0]
    saved = records.save(
        pf,
        Checklist(relationship_id=rel.id, title=title, items=[ChecklistItem("Ground rules", True)]),
    )
    lifecycle.mark_ready(pf, K, records.saved_id(saved))
    return records.saved_id(saved)


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every message box's text (none is shown)."""
    shown: list[str] = []

    def tell(_parent: object, _title: str, text: str, *args: object) -> object:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(tell))
    return shown


class Page(QWidget):
    """A record's page: the signing strip, taking dropped PDFs."""

    def __init__(self, pf: Portfolio, record_id: int) -> None:
        super().__init__()
        self.panel = SigningPanel(pf, self)
        self.panel.set_record((K, record_id))
        self.panel.take_drops_on(self)


def _page(qtbot: QtBot, pf: Portfolio, record_id: int) -> Page:
    """The page, shown and active (keep it: qtbot holds it weakly)."""
    holder = Page(pf, record_id)
    qtbot.addWidget(holder)
    holder.resize(1000, 200)
    holder.show()
    qtbot.waitExposed(holder)
    holder.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is holder)
    return holder


def _dialog(kind: type[QWidget]) -> QWidget | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[-1] if found else None


def send_request(
    qtbot: QtBot,
    pf: Portfolio,
    record_id: int,
    target: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    mine: bool = False,
) -> tuple[Page, RequestWritten]:
    """Send for signature… by its Alt+letter, saved to ``target``; the record's page
    and the dialog saying what next. ``mine``: for the mentee's own signature."""
    offered: list[str] = []

    def save_dialog(_parent: object, _title: str, suggested: str, *args: object) -> object:
        offered.append(suggested)
        return str(target), "PDF documents (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    page = _page(qtbot, pf, record_id)
    panel = page.panel
    assert panel.send_button.isEnabled() and panel.send_button.isVisible()
    # Alt+O: whose signature (neither has signed yet): M for the mentor, O for my own.
    qtbot.keyClick(panel.window(), Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    qtbot.keyClick(QApplication.activePopupWidget(), "o" if mine else "m")
    qtbot.waitUntil(lambda: _dialog(RequestWritten) is not None)
    qtbot.wait(50)  # a second request (the button's click after its menu) would show now
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, RequestWritten)]
    assert len([w for w in shown if w.isVisible()]) == 1, "one request, written once"
    written = _dialog(RequestWritten)
    assert isinstance(written, RequestWritten)
    assert offered and offered[0].endswith(".pdf") and f"-{record_id}-" in offered[0]
    return page, written


def test_send_for_signature_writes_the_request_and_says_what_next(
    qtbot: QtBot, pf: Portfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, told: list[str]
) -> None:
    record_id = _checklist(pf, "First meeting")
    target = tmp_path / "for my mentor"  # no .pdf: the app adds it
    _page, written = send_request(qtbot, pf, record_id, target, monkeypatch)
    sent = tmp_path / "for my mentor.pdf"
    assert sent.read_bytes().startswith(b"%PDF")
    assert sent.stat().st_mode & 0o777 == 0o600
    assert written.where.text().endswith("for my mentor.pdf\u2069")
    steps = written.steps.text()
    assert "Send this file to your mentor" in steps and "Import signed copy…" in steps
    assert MENTOR in steps
    # Keys alone: Open folder has the focus and its Alt+letter, Escape closes.
    shown: list[QUrl] = []
    written.show_folder = shown.append
    written.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is written)
    assert written.focusWidget() is written.open_button
    qtbot.keyClick(written.focusWidget(), "o", Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(shown))  # a button's Alt+letter clicks it a moment later
    assert shown == [QUrl.fromLocalFile(str(tmp_path))]
    written.grab().save(str(SHOTS / "request_written.png"))
    qtbot.keyClick(written, Qt.Key.Key_Escape)
    assert not written.isVisible()
    assert told == []


def drop(page: QWidget, path: Path) -> bool:
    """Drag ``path`` over ``page`` and drop it there, as a file manager does; True
    if the page took the drag."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    where = QPointF(page.rect().center())
    enter = QDragEnterEvent(
        where.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(page, enter)
    if not enter.isAccepted():
        return False
    dropped = QDropEvent(
        where,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(page, dropped)
    return dropped.isAccepted()


def _imported(qtbot: QtBot) -> ImportReturnDialog:
    qtbot.waitUntil(lambda: _dialog(ImportReturnDialog) is not None)
    dialog = _dialog(ImportReturnDialog)
    assert isinstance(dialog, ImportReturnDialog)
    qtbot.waitUntil(lambda: not dialog.task.running() and not dialog.progress.isVisible())
    return dialog


def test_a_digitally_signed_return_dropped_on_the_page_is_recorded_and_shown(
    qtbot: QtBot, pf: Portfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, told: list[str]
) -> None:
    record_id = _checklist(pf, "Second meeting")
    page, written = send_request(qtbot, pf, record_id, tmp_path / "request.pdf", monkeypatch)
    qtbot.keyClick(written, Qt.Key.Key_Escape)
    certificate = make_certificate("Dr Ada Example")
    signed = tmp_path / "request signed.pdf"
    signed.write_bytes(sign_pdf((tmp_path / "request.pdf").read_bytes(), certificate))
    assert not drop(page, tmp_path / "notes.txt")  # only a PDF is taken
    assert drop(page, signed)
    dialog = _imported(qtbot)
    assert dialog.refusal is None, dialog.refusal
    assert dialog.headline.text() == (
        f"Recorded the mentor's signature on checklist {record_id}, version 1."
    )
    details = dialog.details.text()
    assert "Dr Ada Example" in details and "digital signature, verified on import" in details
    fingerprint = dialog.accepted_return.certificate.sha256  # type: ignore[union-attr]
    assert f"Certificate SHA-256: {fingerprint}" in details
    assert "not from a trusted authority" in details
    dialog.grab().save(str(SHOTS / "import_recorded.png"))
    # The strip shows the new status at once; History lists the signed copy.
    panel = page.panel
    assert lifecycle.get_version(pf, K, record_id, 1).signature(SignerRole.MENTOR) is not None
    assert panel.badge.text() != "Ready to sign"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    view = HistoryView(pf)
    qtbot.addWidget(view)
    view.show_record(K, record_id)
    view.show()
    assert (
        "request signed.pdf" in view.returned.text() and "digitally signed" in view.returned.text()
    )
    assert "Scans kept" not in view.scans.text()  # the return and the request copy are not scans
    assert "Dr Ada Example" in view.versions.cell(view.versions.rows[0], 3)
    view.versions_view.setFocus()
    qtbot.keyClick(view.versions_view, Qt.Key.Key_Down)
    assert view.return_button.isEnabled() and not view.scan_button.isEnabled()
    viewer = ReturnViewer(pf, view.returns_kept[0], view)
    qtbot.addWidget(viewer)
    viewer.show()
    assert len(viewer.pages) >= 1 and not viewer.pages[0].pixmap().isNull()
    check = viewer.check_again()
    assert check is not None and check.ok, check
    assert "digital signature is valid" in viewer.check.text()
    viewer.grab().save(str(SHOTS / "return_viewer.png"))
    assert told == []


def test_a_refused_return_says_why_and_another_file_can_be_chosen(
    qtbot: QtBot, pf: Portfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, told: list[str]
) -> None:
    record_id = _checklist(pf, "Third meeting")
    page, written = send_request(qtbot, pf, record_id, tmp_path / "request.pdf", monkeypatch)
    qtbot.keyClick(written, Qt.Key.Key_Escape)
    unsigned = tmp_path / "request.pdf"
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(sign_pdf(unsigned.read_bytes(), make_certificate("Dr Bea Other")))
    chosen = [unsigned, signed]
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *args: (str(chosen.pop(0)), "PDF documents (*.pdf)")),
    )
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    qtbot.keyClick(QApplication.focusWidget(), "c", Qt.KeyboardModifier.AltModifier)
    dialog = _imported(qtbot)
    assert dialog.refusal is not None and "Traceback" not in dialog.refusal
    assert dialog.headline.text() == dialog.refusal
    assert dialog.details.text() == "Nothing was recorded."
    assert lifecycle.get_version(pf, K, record_id, 1).signatures == ()
    dialog.grab().save(str(SHOTS / "import_refused.png"))
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.focusWidget() is dialog.again_button
    qtbot.keyClick(dialog.again_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.accepted_return is not None or dialog.refusal is not None)
    qtbot.waitUntil(lambda: not dialog.task.running())
    assert dialog.accepted_return is not None, dialog.refusal
    assert dialog.accepted_return.signer_name == "Dr Bea Other"


def test_verify_checks_a_stored_return_again(
    qtbot: QtBot, pf: Portfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, told: list[str]
) -> None:
    from app.services import signing_requests as requests
    from app.services.signing import returns

    record_id = _checklist(pf, "Fourth meeting")
    request = requests.make_signing_request(pf, K, record_id, tmp_path / "request.pdf")
    signed = sign_pdf(Path(request.path).read_bytes(), make_certificate("Dr Cy Third"))
    returns.accept_signed_return(pf, signed, filename="back.pdf")
    code = lifecycle.get_version(pf, K, record_id, 1).code
    dialog = VerifyDialog(pf)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.code, code)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.returned.isVisible)
    assert "genuine" in dialog.outcome.text()
    assert "the digital signature is valid" in dialog.returned.text()
    assert "Dr Cy Third" in dialog.returned.text()
    dialog.grab().save(str(SHOTS / "verify_return.png"))


def _answer_review(qtbot: QtBot, keep: bool) -> list[str]:
    """Answer the check before sharing when it shows, with keys: Escape goes back;
    Space ticks "I have checked each one", then Alt+K keeps them. Returns what it said."""
    from app.ui.reflection.identifier_review import IdentifierReviewDialog

    said: list[str] = []

    def answer() -> None:
        review = _dialog(IdentifierReviewDialog)
        if review is None:
            QTimer.singleShot(20, answer)
            return
        assert isinstance(review, IdentifierReviewDialog)
        said.extend(
            review.table.model().index(row, 1).data() for row in range(review.table.rowCount())
        )
        try:
            review.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is review, timeout=2000)
            if keep:
                review.confirm.setFocus()
                qtbot.keyClick(review.confirm, Qt.Key.Key_Space)
                qtbot.keyClick(review.confirm, "k", Qt.KeyboardModifier.AltModifier)
                qtbot.waitUntil(lambda: not review.isVisible(), timeout=2000)
            else:
                qtbot.keyClick(review, Qt.Key.Key_Escape)
        finally:
            if review.isVisible():  # the keys did not answer it: never leave the test waiting
                said.append("not answered")
                review.reject()

    QTimer.singleShot(0, answer)
    return said


def test_the_check_before_sharing_comes_first(
    qtbot: QtBot, pf: Portfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, told: list[str]
) -> None:
    record_id = _checklist(pf, "Bay 3 patient, NHS 943 476 5919")
    target = tmp_path / "request.pdf"
    asked: list[str] = []

    def save_dialog(_parent: object, _title: str, name: str, *args: object) -> tuple[str, str]:
        asked.append(name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    page = _page(qtbot, pf, record_id)
    said = _answer_review(qtbot, keep=False)
    page.panel.send_for_signature()
    assert "NHS number" in said and asked == [] and not target.exists()  # went back
    said = _answer_review(qtbot, keep=True)
    page.panel.send_for_signature()
    qtbot.waitUntil(lambda: _dialog(RequestWritten) is not None)
    assert "NHS number" in said and asked and target.read_bytes().startswith(b"%PDF")


def test_file_menu_imports_a_drawn_return_for_whichever_record_it_answers(
    qtbot: QtBot,
    portfolio: Portfolio,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    told: list[str],
) -> None:
    from app.services import signing_requests as requests
    from app.ui.main_window import MainWindow
    from tests.signing.signed_returns import ink_incremental

    pf = _with_a_mentor(portfolio)  # its own: closing the window locks it

    record_id = _checklist(pf, "Fifth meeting")
    sent = requests.make_signing_request(pf, K, record_id, tmp_path / "request.pdf")
    drawn = tmp_path / "drawn.pdf"
    drawn.write_bytes(ink_incremental(Path(sent.path).read_bytes(), 0, (100, 100, 220, 150)))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(drawn), "")))
    window = MainWindow(pf)
    qtbot.addWidget(window)
    window.show()
    window.jump_to(K, record_id)
    [panel] = [p for p in window.findChildren(SigningPanel) if p.isVisible()]
    assert panel.badge.text() == "Ready to sign"
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    # Alt+F opens the File menu; its Import signed copy… takes "i".
    qtbot.keyClick(window, "f", Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    qtbot.keyClick(QApplication.activePopupWidget(), "i")
    dialog = _imported(qtbot)
    assert dialog.accepted_return is not None, dialog.refusal
    assert "signature drawn in the PDF reader, checked on import" in dialog.details.text()
    assert "Certificate" not in dialog.details.text()
    # The window's record page follows (the change is announced on the window's bus).
    assert panel.badge.text() != "Ready to sign"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    window.close()


def test_the_mentee_signs_their_own_side_the_same_way(
    qtbot: QtBot, pf: Portfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, told: list[str]
) -> None:
    record_id = _checklist(pf, "Sixth meeting")
    page, written = send_request(
        qtbot, pf, record_id, tmp_path / "mine.pdf", monkeypatch, mine=True
    )
    assert "sign in your signature box with your own certificate" in written.steps.text()
    qtbot.keyClick(written, Qt.Key.Key_Escape)
    signed = tmp_path / "mine signed.pdf"
    signed.write_bytes(
        sign_pdf(
            (tmp_path / "mine.pdf").read_bytes(),
            make_certificate("Siân Ó Dálaigh"),
            "MenteeSignature",
        )
    )
    assert drop(page, signed)
    dialog = _imported(qtbot)
    assert dialog.accepted_return is not None, dialog.refusal
    assert dialog.accepted_return.role is SignerRole.MENTEE
    assert (
        dialog.headline.text()
        == f"Recorded the mentee's signature on checklist {record_id}, version 1."
    )
    # Now only the mentor's is missing: the button sends for it, no question.
    assert page.panel.send_button.menu() is None and page.panel.send_button.isEnabled()

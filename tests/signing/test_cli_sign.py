"""The sign, mark-ready, amend and history commands, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain.enums import RecordKind, SignerRole
from app.services.portfolio import Portfolio, unlock_with_passphrase
from app.services.signing import attachments, lifecycle
from tests.cli.conftest import assert_one_line_error, run_cli
from tests.conftest import PASSPHRASE
from tests.signing.conftest import SIGNED_ON, SIGNING_DAY, STROKES, Records

TODAY = SIGNED_ON.isoformat()


def test_sign_amend_history_from_the_cli(
    portfolio: Portfolio, recs: Records, tmp_path: Path
) -> None:
    path = portfolio.path
    portfolio.lock()
    ready = run_cli("mark-ready", path, "session", "1")
    assert ready.code == 0, ready.err
    assert "Session record 1 version 1 is ready to sign; its verification code is S1-1-" in (
        ready.out
    )
    scan = tmp_path / "signed page.jpg"
    scan.write_bytes(b"\xff\xd8\xff\xe0" + b"jpeg" * 100)
    mentee = run_cli(
        "sign",
        path,
        "session",
        "1",
        "--version",
        "1",
        "--role",
        "mentee",
        "--name",
        "Siân Ó Dálaigh",
        "--date",
        TODAY,
        "--scan",
        scan,
    )
    assert mentee.code == 0, mentee.err
    assert "Now: awaiting mentor." in mentee.out
    strokes = tmp_path / "strokes.json"
    strokes.write_text(json.dumps(STROKES))
    mentor = run_cli(
        "sign",
        path,
        "session",
        "1",
        "--version",
        "1",
        "--role",
        "mentor",
        "--name",
        "Dr Αλέξανδρος Łukasz",
        "--date",
        TODAY,
        "--strokes",
        strokes,
    )
    assert mentor.code == 0, mentor.err
    assert "Now: signed." in mentor.out
    again = run_cli(
        "sign",
        path,
        "session",
        "1",
        "--version",
        "1",
        "--role",
        "mentor",
        "--name",
        "X",
        "--date",
        TODAY,
        "--scan",
        scan,
    )
    assert_one_line_error(again, "The mentor has already signed version 1.")
    bad_scan = tmp_path / "notes.pdf"
    bad_scan.write_text("not really a PDF")
    refused = run_cli(
        "sign",
        path,
        "contract",
        "1",
        "--version",
        "1",
        "--role",
        "mentee",
        "--name",
        "Siân",
        "--date",
        TODAY,
        "--scan",
        bad_scan,
    )
    assert_one_line_error(refused, "notes.pdf is not a PDF, PNG or JPEG file")
    assert_one_line_error(run_cli("amend", path, "session", "1", "--reason", " "), "reason")
    amended = run_cli("amend", path, "session", "1", "--reason", "Wrong date")
    assert amended.code == 0, amended.err
    log = run_cli("history", path, "session", "1")
    assert log.code == 0, log.err
    lines = log.out.splitlines()
    assert any(
        "Marked ready to sign" in line and "Session record 1, version 1" in line for line in lines
    )
    assert sum("Signed" in line for line in lines) == 2
    assert "Amendment started" in lines[-1] and "Wrong date" in lines[-1]
    versions = run_cli("history", path, "session", "1", "--versions")
    assert "version 1  locked" in versions.out
    assert "Siân Ó Dálaigh (mentee) on" in versions.out
    whole = run_cli("history", path)
    assert "Portfolio" in whole.out.splitlines()[-1]  # oldest last: "portfolio created"

    pf = unlock_with_passphrase(path, PASSPHRASE)
    try:
        info = lifecycle.get_version(pf, RecordKind.SESSION, 1, 1)
        scan_id = info.signature(SignerRole.MENTEE).scan_attachment_id
        assert scan_id is not None
        stored = attachments.get_scan(pf, scan_id)
        assert stored.attachment.media_type == "image/jpeg" and stored.is_image
        assert stored.data == scan.read_bytes()
        assert stored.attachment.filename == "signed page.jpg"
        # The scan given with the refused signature was not kept.
        assert [a.id for a in attachments.scans_of(pf, RecordKind.SESSION, 1)] == [scan_id]
    finally:
        pf.lock()
    # The scan is inside the encrypted file, not readable in it.
    assert b"jpegjpeg" not in path.read_bytes()


def test_cli_refuses_unknown_kinds(portfolio: Portfolio, recs: Records) -> None:
    path = portfolio.path
    portfolio.lock()
    result = run_cli("mark-ready", path, "mentor", "1")
    assert result.code == 2 and "must be one of contract, session" in result.err


@pytest.mark.today(SIGNING_DAY)
def test_a_signature_date_the_cli_cannot_take_is_one_sentence(
    portfolio: Portfolio, recs: Records
) -> None:
    """The window's date reading and rules: a day that does not exist, or a signature
    dated ahead, is refused in one sentence with exit status 2 and nothing signed."""
    path = portfolio.path
    portfolio.lock()
    assert run_cli("mark-ready", path, "session", "1").code == 0
    sign = ("sign", path, "session", "1", "--version", "1", "--role", "mentee", "--name", "Siân")
    assert_one_line_error(run_cli(*sign, "--date", "31/02/2026"), "There is no 31 February 2026.")
    assert_one_line_error(run_cli(*sign, "--date", "tomorrow"), "a signature is dated the day")
    typed = SIGNED_ON.strftime("%d/%m/%Y")
    signed = run_cli(*sign, "--date", typed)
    assert signed.code == 0, signed.err
    opened = unlock_with_passphrase(path, PASSPHRASE)
    try:
        history = lifecycle.history(opened, RecordKind.SESSION, 1)
        assert [s.signed_on for s in history[0].signatures] == [SIGNED_ON]
    finally:
        opened.lock()

"""The command line of issue 19: `signing-request`, `accept-signed`, and `verify`
checking a kept return again. One flow through real subprocesses; the checks
themselves are tested through the services (test_signed_returns.py)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from app.domain.enums import RecordKind
from app.domain.record_types import Mentor, Relationship, SessionRecord
from app.services import records
from app.services.portfolio import CreatedPortfolio
from app.services.signing import lifecycle
from tests.cli.conftest import run_cli
from tests.signing import signed_returns as made


def test_request_sign_accept_verify_on_the_command_line(
    created: CreatedPortfolio, portfolio_path: Path, tmp_path: Path
) -> None:
    pf = created.portfolio
    mentor = records.save(pf, Mentor(name="Dr Ada Example"))
    rel = records.save(pf, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    session = records.save(
        pf, SessionRecord(relationship_id=rel.id, held_on=date(2026, 2, 3), topics="Rota")
    )
    assert session.id is not None
    code = lifecycle.mark_ready(pf, RecordKind.SESSION, session.id).code
    pf.lock()

    request = tmp_path / "for signature.pdf"
    made_request = run_cli(
        "signing-request", portfolio_path, "session", str(session.id), "-o", request
    )
    assert made_request.code == 0, made_request.err
    assert "a signing request for session record 1 version 1" in made_request.out
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(made.sign_pdf(request.read_bytes(), made.make_certificate()))

    accepted = run_cli("accept-signed", portfolio_path, signed)
    assert accepted.code == 0, accepted.err
    assert "Recorded the mentor's signature on session record 1 version 1" in accepted.out
    assert "not from a trusted authority (a self-made certificate)" in accepted.out

    verified = run_cli("verify", portfolio_path, code)
    assert verified.code == 0, verified.err
    assert "the digital signature is valid and covers the document sent" in verified.out

    again = run_cli("accept-signed", portfolio_path, signed)
    assert again.code == 2 and again.out == ""
    assert again.err.strip() == (
        "mentee-portfolio: The mentor has already signed version 1 of session record 1."
    )


def test_a_named_pipe_nothing_writes_to_is_refused_not_waited_on(
    created: CreatedPortfolio, portfolio_path: Path, tmp_path: Path
) -> None:
    """IN.pdf a named pipe (mkfifo) that no program writes to: reading it would wait
    for a writer for ever. A pipe that is written (`<(cat signed.pdf)`) is still read."""
    created.portfolio.lock()
    pipe = tmp_path / "signed.pdf"
    os.mkfifo(pipe)
    result = run_cli("accept-signed", portfolio_path, pipe)
    assert result.code == 2, result.err
    assert "is a named pipe with nothing written to it, not the signed return file." in result.err
    assert "Traceback" not in result.err

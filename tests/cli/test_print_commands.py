"""`pdf` and `pack` from the command line: files written owner-only, one clear line
for every mistake."""

from __future__ import annotations

import stat
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from app.domain.enums import RecordKind, SignatureMethod, SignerRole
from app.domain.record_types import Mentor, Relationship, SessionRecord
from app.services import records
from app.services.portfolio import CreatedPortfolio
from app.services.signing import lifecycle
from tests.cli.conftest import assert_one_line_error, run_cli


def test_pdf_of_every_kind(filled: CreatedPortfolio, tmp_path: Path) -> None:
    path = filled.portfolio.path
    for kind, record_id in (
        ("contract", 1),
        ("goals", 1),
        ("session", 1),
        ("actions", 1),
        ("relationship", 1),
        ("recovery", 0),
    ):
        out = tmp_path / f"{kind}.pdf"
        result = run_cli("pdf", path, kind, str(record_id), "-o", out)
        assert result.code == 0, result.err
        assert out.read_bytes().startswith(b"%PDF")
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "session.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Rota" in text and "Read the NHS leadership framework" in text
    assert "warning" in run_cli("pdf", path, "session", "1", "-o", tmp_path / "s.pdf").err


def test_pdf_mistakes(filled: CreatedPortfolio, tmp_path: Path) -> None:
    path = filled.portfolio.path
    assert_one_line_error(
        run_cli("pdf", path, "session", "42", "-o", tmp_path / "x.pdf"),
        "no session record number 42",
    )
    assert_one_line_error(
        run_cli("pdf", path, "actions", "7", "-o", tmp_path / "x.pdf"), "no relationship number 7"
    )
    assert_one_line_error(
        run_cli("pdf", path, "actions", "1", "--version", "2", "-o", tmp_path / "x.pdf"),
        "have versions",
    )
    assert_one_line_error(
        run_cli("pdf", path, "session", "1", "--version", "9", "-o", tmp_path / "x.pdf"),
        "no version 9",
    )
    assert_one_line_error(
        run_cli("pdf", path, "session", "1", "-o", tmp_path / "missing-dir" / "x.pdf")
    )
    bad_kind = run_cli("pdf", path, "minutes", "1", "-o", tmp_path / "x.pdf")
    assert bad_kind.code == 2 and "invalid choice" in bad_kind.err
    assert not (tmp_path / "x.pdf").exists()


def test_pack(filled: CreatedPortfolio, tmp_path: Path) -> None:
    path, out = filled.portfolio.path, tmp_path / "pack.pdf"
    result = run_cli("pack", path, "--from", "2026-01-01", "--to", "2026-12-31", "-o", out)
    assert result.code == 0, result.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert_one_line_error(
        run_cli(
            "pack", path, "--from", "2026-12-31", "--to", "2026-01-01", "-o", tmp_path / "p2.pdf"
        ),
        "start before it ends",
    )
    assert_one_line_error(
        run_cli(
            "pack", path, "--from", "2020-01-01", "--to", "2020-12-31", "-o", tmp_path / "p3.pdf"
        ),
        "no records in that period",
    )
    bad_date = run_cli("pack", path, "--from", "31/02/2026", "--to", "2026-12-31", "-o", out)
    assert bad_date.code == 2 and "There is no 31 February 2026." in bad_date.err
    assert len(bad_date.err.strip().splitlines()) == 1


def test_pdf_takes_the_goals_plan_by_its_kind_name_too(
    filled: CreatedPortfolio, tmp_path: Path
) -> None:
    """`sign`, `amend` and `history` call it goals_plan (or goals-plan); `pdf` calls it
    goals, and now takes the other names as well."""
    path = filled.portfolio.path
    for name in ("goals", "goals_plan"):
        out = tmp_path / f"{name}.pdf"
        assert run_cli("pdf", path, name, "1", "-o", out).code == 0
    assert (tmp_path / "goals.pdf").read_bytes()[:4] == (tmp_path / "goals_plan.pdf").read_bytes()[
        :4
    ]


@pytest.mark.today("2026-11-23")
def test_pack_prints_amendments_awaiting_signature_when_asked(
    created: CreatedPortfolio, tmp_path: Path
) -> None:
    pf = created.portfolio
    mentor = records.save(pf, Mentor(name="Dr Ruth Evans"))
    rel = records.save(pf, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    session = records.save(
        pf,
        SessionRecord(
            relationship_id=rel.id, held_on=date(2026, 2, 3), location="Room 1", topics="Rota"
        ),
    )
    version = lifecycle.mark_ready(pf, RecordKind.SESSION, session.id).version
    for role in (SignerRole.MENTEE, SignerRole.MENTOR):
        lifecycle.sign(
            pf,
            RecordKind.SESSION,
            session.id,
            version,
            role=role,
            signer_name=role.value,
            signed_on=date(2026, 2, 5),
            method=SignatureMethod.INK,
        )
    lifecycle.amend(pf, RecordKind.SESSION, session.id, "Wrong room")
    records.save(pf, replace(session, location="Room 7 AMENDED"))
    pf.lock()
    out = tmp_path / "pack.pdf"
    period = ("--from", "2026-01-01", "--to", "2026-12-31", "-o", out)
    result = run_cli("pack", pf.path, *period, "--include-amendments")
    assert result.code == 0, result.err
    text = " ".join(
        subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "Room 1" in text and "Room 7 AMENDED" in text
    assert "Proposed amendment: Mentoring session record" in text
    assert text.index("Room 1") < text.index("Room 7 AMENDED")

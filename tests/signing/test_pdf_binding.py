"""Drawn strokes are bound to their version in print too: moved onto another version
(raw SQL through the key) they draw no ink there, verify warns and check names it."""

from __future__ import annotations

from pathlib import Path

from app.domain.enums import RecordKind, SignatureMethod, SignerRole
from app.services import documents
from app.services.check import run_check
from app.services.signing import lifecycle
from app.services.signing.verify import verify
from tests.printing.conftest import MENTEE, Filled, filled, pdf_text  # noqa: F401 - the fixture
from tests.printing.test_drawn_signature import ZIGZAG, _ink
from tests.signing.conftest import SIGNED_ON, tamper


def test_moved_strokes_draw_no_ink_and_fail_verification(
    filled: Filled,  # noqa: F811
    tmp_path: Path,
) -> None:
    pf = filled.portfolio
    session_id, target_id = filled.session.id, filled.checklist.id
    lifecycle.mark_ready(pf, RecordKind.SESSION, session_id)
    target_code = lifecycle.mark_ready(pf, RecordKind.CHECKLIST, target_id).code
    lifecycle.sign(
        pf,
        RecordKind.SESSION,
        session_id,
        1,
        role=SignerRole.MENTEE,
        signer_name=MENTEE,
        signed_on=SIGNED_ON,
        method=SignatureMethod.DRAWN,
        strokes=ZIGZAG,
    )
    page = tmp_path / "session.pdf"
    page.write_bytes(documents.render(pf, "session", session_id).pdf)
    assert _ink(page, tmp_path)[0] > 100  # drawn where it belongs

    session_version = lifecycle.get_version(pf, RecordKind.SESSION, session_id, 1)
    assert session_version.signature(SignerRole.MENTEE) is not None
    pf = tamper(
        pf,
        (
            "UPDATE signatures SET version_id = (SELECT id FROM record_versions WHERE"
            " record_kind = 'checklist' AND version = 1) WHERE role = 'mentee'",
            (),
        ),
    )
    try:
        target = tmp_path / "checklist.pdf"
        target.write_bytes(documents.render(pf, "checklist", target_id).pdf)
        assert _ink(target, tmp_path) == [0, 0]
        # Nor does the page claim the moved signature in words.
        text = pdf_text(target)
        assert "Signed in ink on paper" not in text and "Signed in the app" not in text
        result = verify(pf, target_code)
        assert "the mentee's signature record does not belong to this version" in result.text
        problem = run_check(pf).first_problem
        assert problem is not None and problem.detail == (
            f"the mentee's signature on checklist {target_id} version 1 does not belong to"
            " that version (moved or altered)"
        )
    finally:
        pf.lock()

"""Changes made with raw SQL through the SQLCipher key (triggers dropped, then put
back) make `check` fail naming what changed; an untouched portfolio passes."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from app.domain.enums import RecordKind
from app.services.check import run_check
from app.services.portfolio import Portfolio, unlock_with_passphrase
from app.services.signing import lifecycle
from app.services.signing.verify import verify
from tests.cli.conftest import run_cli
from tests.conftest import PASSPHRASE
from tests.signing.conftest import SIGNED_ON, Records, sign_both, tamper

S = RecordKind.SESSION


@pytest.fixture
def signed(portfolio: Portfolio, recs: Records) -> Portfolio:
    lifecycle.mark_ready(portfolio, S, recs.session.id)
    sign_both(portfolio, S, recs.session.id, 1, drawn=True)
    lifecycle.mark_ready(portfolio, RecordKind.CONTRACT, recs.contract.id)
    sign_both(portfolio, RecordKind.CONTRACT, recs.contract.id, 1)
    assert run_check(portfolio).ok
    return portfolio


def _problem(pf: Portfolio) -> str:
    report = run_check(pf)
    pf.lock()
    assert not report.ok
    problem = report.first_problem
    assert problem is not None
    return f"{problem.name}: {problem.detail}"


def test_untouched_portfolio_passes_from_the_cli(signed: Portfolio) -> None:
    path = signed.path
    signed.lock()
    result = run_cli("check", path)
    assert result.code == 0, result.err
    assert "ok   signed versions" in result.out and "FAIL" not in result.out


def test_one_byte_of_a_signed_version(signed: Portfolio) -> None:
    path = signed.path
    pf = tamper(
        signed,
        (
            "UPDATE record_versions SET content_json = replace(content_json, 'Rota', 'Rotb')"
            " WHERE record_kind = 'session' AND version = 1",
            (),
        ),
    )
    assert _problem(pf) == "signed versions: session 1 version 1 was altered after it was frozen"
    result = run_cli("check", path)
    assert result.code == 2
    assert "check failed: signed versions: session 1 version 1 was altered" in result.err
    assert "FAIL signed versions" in result.out


def test_content_and_hash_rewritten_together(signed: Portfolio) -> None:
    pf = tamper(
        signed,
        (
            "UPDATE record_versions SET content_json = replace(content_json, 'Rota', 'Rotb'),"
            " content_hash = ? WHERE record_kind = 'session' AND version = 1",
            ("0" * 64,),
        ),
    )
    # The stored hash now matches nothing; recomputing it properly is caught by the log.
    assert "session 1 version 1 was altered" in _problem(pf)


def test_a_recomputed_hash_is_caught_by_the_audit_log(signed: Portfolio) -> None:
    import hashlib

    pf = signed
    with pf.transaction() as session:
        from sqlalchemy import text

        content = session.execute(
            text("SELECT content_json FROM record_versions WHERE record_kind='session'")
        ).scalar_one()
    forged = content.replace("Rota", "Rotb")
    digest = hashlib.sha256(forged.encode()).hexdigest()
    pf = tamper(
        pf,
        (
            "UPDATE record_versions SET content_json = ?, content_hash = ?"
            " WHERE record_kind = 'session'",
            (forged, digest),
        ),
    )
    assert _problem(pf) == (
        "signed versions: session 1 version 1 was altered after it was frozen (it no longer"
        " matches the hash in its audit entry)"
    )


def test_one_byte_of_an_audit_entry(signed: Portfolio) -> None:
    path = signed.path
    pf = tamper(
        signed,
        (
            "UPDATE audit_log SET detail = replace(detail, 'mentee', 'mentea')"
            " WHERE action = 'sign' AND record_kind = 'session'",
            (),
        ),
    )
    problem = _problem(pf)
    assert problem.startswith("audit log: entry ")
    assert problem.endswith("(sign session) was altered")
    result = run_cli("check", path)
    assert result.code == 2 and "(sign session) was altered" in result.err


def test_a_deleted_audit_entry(signed: Portfolio) -> None:
    pf = tamper(signed, ("DELETE FROM audit_log WHERE seq = 3", ()))
    assert _problem(pf) == "audit log: entry 3 is missing"


def test_signer_name_changed(signed: Portfolio) -> None:
    pf = tamper(
        signed,
        (
            "UPDATE signatures SET signer_name = 'Someone else'"
            " WHERE role = 'mentor' AND version_id = 1",
            (),
        ),
    )
    assert _problem(pf) == (
        "signed versions: the mentor's signature on session 1 version 1"
        " does not match its audit entry (changed outside the app)"
    )


def test_status_set_back_to_ready(signed: Portfolio) -> None:
    # No trigger stops a status change, so check must.
    pf = tamper(
        signed,
        ("UPDATE record_versions SET status = 'ready_to_sign' WHERE record_kind = 'contract'", ()),
    )
    assert _problem(pf) == (
        "signed versions: contract 1 version 1 is marked ready_to_sign but"
        " its signatures make it locked"
    )


def test_live_record_edited_under_a_signature(signed: Portfolio) -> None:
    pf = tamper(signed, ("UPDATE sessions SET summary = 'Rewritten' WHERE id = 1", ()))
    assert _problem(pf) == (
        "signed versions: session 1 differs from its frozen version 1 (changed outside the app)"
    )


def test_amendment_opened_outside_the_app(signed: Portfolio) -> None:
    pf = tamper(
        signed,
        (
            "INSERT INTO preferences (key, value) VALUES (?, ?)",
            ("amendment:contract:1", '{"from_version": 1, "reason": "x"}'),
        ),
    )
    assert _problem(pf) == (
        "signed versions: the amendment of contract 1 has no audit entry:"
        " it was opened outside the app"
    )


def test_dropped_trigger_is_reported(signed: Portfolio) -> None:
    path, key = signed.path, signed.data_key
    signed.lock()
    con = sqlcipher3.connect(str(path))
    con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    con.execute("DROP TRIGGER signatures_no_update")
    con.commit()
    con.close()
    pf = unlock_with_passphrase(path, PASSPHRASE)
    assert _problem(pf) == (
        "immutability triggers: missing: signatures_no_update (dropped outside the app)"
    )


def test_drawn_signature_moved_to_another_version(signed: Portfolio, recs: Records) -> None:
    """Strokes bound to session 1 version 1, moved onto contract 1 version 1."""
    pf = signed
    contract_code = lifecycle.get_version(pf, RecordKind.CONTRACT, recs.contract.id, 1).code
    pf = tamper(
        pf,
        ("DELETE FROM signatures WHERE version_id = 2 AND role = 'mentee'", ()),
        ("UPDATE signatures SET version_id = 2 WHERE version_id = 1 AND role = 'mentee'", ()),
    )
    result = verify(pf, contract_code)
    assert "signature record does not belong to this version" in result.text
    assert (
        not lifecycle.get_version(pf, RecordKind.CONTRACT, 1, 1)
        .signature(lifecycle.SignerRole.MENTEE)
        .bound
    )
    assert _problem(pf) == (
        "signed versions: the mentee's signature on contract 1 version 1"
        " does not belong to that version (moved or altered)"
    )


def test_strokes_altered(signed: Portfolio) -> None:
    pf = tamper(
        signed,
        (
            "UPDATE signatures SET strokes_json = replace(strokes_json, '[10.0,60.0]',"
            " '[10.0,61.0]') WHERE method = 'drawn'",
            (),
        ),
    )
    assert _problem(pf) == (
        "signed versions: the mentee's signature on session 1 version 1"
        " does not belong to that version (moved or altered)"
    )


def test_scan_replaced(signed: Portfolio, recs: Records, tmp_path: Path) -> None:

    from app.domain.enums import SignatureMethod, SignerRole
    from app.services.signing import attachments

    pf = signed
    lifecycle.mark_ready(pf, RecordKind.CHECKLIST, recs.checklist.id)
    scan = attachments.add_scan(
        pf, RecordKind.CHECKLIST, recs.checklist.id, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "page.png"
    )
    lifecycle.sign(
        pf,
        RecordKind.CHECKLIST,
        recs.checklist.id,
        1,
        role=SignerRole.MENTEE,
        signer_name="Siân",
        signed_on=SIGNED_ON,
        method=SignatureMethod.INK,
        scan_attachment_id=scan.id,
    )
    assert run_check(pf).ok
    pf = tamper(
        pf,
        (
            "UPDATE attachments SET data = ? WHERE id = ?",
            (b"\x89PNG\r\n\x1a\n" + b"\1" * 64, scan.id),
        ),
    )
    assert _problem(pf) == (
        "signed versions: the mentee's signature on checklist 1 version 1"
        " does not match its audit entry (changed outside the app)"
    )


def test_amendment_reason_rewritten(signed: Portfolio, recs: Records) -> None:
    from dataclasses import replace

    from app.services import records

    pf = signed
    lifecycle.amend(pf, S, recs.session.id, "Wrong date")
    records.save(pf, replace(recs.session, summary="Corrected"))
    lifecycle.mark_ready(pf, S, recs.session.id)
    assert run_check(pf).ok
    pf = tamper(pf, ("UPDATE record_versions SET reason = 'Mentor asked' WHERE version = 2", ()))
    assert _problem(pf) == (
        "signed versions: the reason given for session 1 version 2 was changed outside the app"
    )


# --- Gaps: rows removed together with what pointed at them, the log's end, the key file.


def _seq(pf: Portfolio, action: str, kind: str, detail_part: str = "") -> int:
    """The audit entry the app wrote for an event (the last one that matches)."""
    from sqlalchemy import select

    from app.store.models import AuditRow

    with pf.transaction() as session:
        rows = session.scalars(
            select(AuditRow)
            .where(AuditRow.action == action, AuditRow.record_kind == kind)
            .order_by(AuditRow.seq)
        )
        return [r.seq for r in rows if detail_part in r.detail][-1]


def _last_seq(pf: Portfolio) -> int:
    from sqlalchemy import func, select

    from app.store.models import AuditRow

    with pf.transaction() as session:
        return int(session.execute(select(func.max(AuditRow.seq))).scalar_one())


def test_signature_deleted_and_status_set_back(signed: Portfolio) -> None:
    """The whole row goes, and the version's status is made to agree."""
    entry = _seq(signed, "sign", "contract", "(mentor)")
    pf = tamper(
        signed,
        (
            "DELETE FROM signatures WHERE role = 'mentor' AND version_id ="
            " (SELECT id FROM record_versions WHERE record_kind = 'contract')",
            (),
        ),
        ("UPDATE record_versions SET status = 'signed' WHERE record_kind = 'contract'", ()),
    )
    assert _problem(pf) == (
        f"signed versions: the mentor's signature on contract 1 version 1 (audit entry {entry})"
        " is missing: it was removed outside the app"
    )


def test_every_signature_of_a_version_deleted(signed: Portfolio) -> None:
    entry = _seq(signed, "sign", "session", "(mentee)")
    pf = tamper(
        signed,
        ("DELETE FROM signatures WHERE version_id = 1", ()),
        ("UPDATE record_versions SET status = 'ready_to_sign' WHERE id = 1", ()),
    )
    assert _problem(pf) == (
        f"signed versions: the mentee's signature on session 1 version 1 (audit entry {entry})"
        " is missing: it was removed outside the app"
    )


def test_frozen_version_and_its_signatures_deleted(signed: Portfolio) -> None:
    entry = _seq(signed, "ready", "contract")
    pf = tamper(
        signed,
        ("DELETE FROM signatures WHERE version_id = 2", ()),
        ("DELETE FROM record_versions WHERE id = 2", ()),
    )
    assert _problem(pf) == (
        f"signed versions: contract 1 version 1 (frozen in audit entry {entry}) is missing:"
        " it was removed outside the app"
    )


def test_latest_version_deleted_and_the_earlier_one_restored(
    signed: Portfolio, recs: Records
) -> None:
    """Version 2 (an amendment) removed, version 1 put back as the current one."""
    from dataclasses import replace

    from app.services import records

    pf = signed
    lifecycle.amend(pf, S, recs.session.id, "Wrong date")
    records.save(pf, replace(recs.session, summary="Corrected"))
    lifecycle.mark_ready(pf, S, recs.session.id)
    entry = _seq(pf, "ready", "session", "version 2 frozen")
    assert run_check(pf).ok
    pf = tamper(
        pf,
        ("DELETE FROM record_versions WHERE record_kind = 'session' AND version = 2", ()),
        ("UPDATE record_versions SET status = 'locked' WHERE id = 1", ()),
        ("UPDATE sessions SET summary = 'Siân talked through the rota' WHERE id = 1", ()),
    )
    assert _problem(pf) == (
        f"signed versions: session 1 version 2 (frozen in audit entry {entry}) is missing:"
        " it was removed outside the app"
    )


def test_amendment_closed_outside_the_app(signed: Portfolio, recs: Records) -> None:
    pf = signed
    lifecycle.amend(pf, S, recs.session.id, "Wrong date")
    entry = _seq(pf, "amend", "session")
    pf = tamper(pf, ("DELETE FROM preferences WHERE key = 'amendment:session:1'", ()))
    assert _problem(pf) == (
        f"signed versions: the amendment of session 1 opened in audit entry {entry} was closed"
        " outside the app"
    )


def test_the_last_audit_entry_deleted(signed: Portfolio) -> None:
    last = _last_seq(signed)
    pf = tamper(signed, ("DELETE FROM audit_log WHERE seq = ?", (last,)))
    assert _problem(pf) == (
        f"audit head: the key file records entry {last}, but the log ends at entry {last - 1}:"
        " entries were removed from its end"
    )


def test_the_last_signature_and_its_entry_deleted(signed: Portfolio) -> None:
    """The newest event undone completely: row, status and its audit entry."""
    last = _last_seq(signed)
    pf = tamper(
        signed,
        ("DELETE FROM audit_log WHERE seq = ?", (last,)),
        ("DELETE FROM signatures WHERE version_id = 2 AND role = 'mentor'", ()),
        ("UPDATE record_versions SET status = 'signed' WHERE id = 2", ()),
    )
    assert _problem(pf).startswith(f"audit head: the key file records entry {last}, but")


def test_the_last_audit_entry_rewritten_with_a_fresh_hash(signed: Portfolio) -> None:
    from app.store import audit

    pf = signed
    with pf.transaction() as session:
        from sqlalchemy import select

        from app.store.models import AuditRow

        row = session.scalars(select(AuditRow).order_by(AuditRow.seq.desc()).limit(1)).one()
        detail = row.detail.replace("Łukasz", "Lukas")
        forged = audit.entry_hash(
            row.seq,
            row.at,
            row.action,
            row.record_kind,
            row.record_id,
            row.version,
            detail,
            row.prev_hash,
        )
        seq, real = row.seq, row.entry_hash
    pf = tamper(
        pf,
        ("UPDATE audit_log SET detail = ?, entry_hash = ? WHERE seq = ?", (detail, forged, seq)),
    )
    assert _problem(pf) == (
        f"audit head: the key file records entry {seq} with hash {real[:16]}…, but the log's"
        f" entry {seq} has hash {forged[:16]}…: the log was rewritten"
    )


def test_a_middle_entry_deleted_and_the_rest_renumbered(signed: Portfolio) -> None:
    """A careful tamperer closes the gap and recomputes every later hash."""
    from app.store import audit

    pf = signed
    with pf.transaction() as session:
        from sqlalchemy import select

        from app.store.models import AuditRow

        rows = list(session.scalars(select(AuditRow).order_by(AuditRow.seq)))
    last = rows[-1].seq
    kept = [r for r in rows if r.seq != 5]
    statements: list[tuple[str, tuple[object, ...]]] = [("DELETE FROM audit_log", ())]
    prev = audit.GENESIS_HASH
    for seq, row in enumerate(kept, start=1):
        digest = audit.entry_hash(
            seq, row.at, row.action, row.record_kind, row.record_id, row.version, row.detail, prev
        )
        statements.append(
            (
                "INSERT INTO audit_log (seq, at, action, record_kind, record_id, version,"
                " detail, prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    seq,
                    row.at.isoformat(sep=" "),
                    row.action,
                    row.record_kind,
                    row.record_id,
                    row.version,
                    row.detail,
                    prev,
                    digest,
                ),
            )
        )
        prev = digest
    pf = tamper(pf, *statements)
    assert _problem(pf) == (
        f"audit head: the key file records entry {last}, but the log ends at entry {last - 1}:"
        " entries were removed from its end"
    )


def _edit_key_file(pf: Portfolio, change: object) -> Portfolio:
    import json

    from app.store.files import keyslot_path

    path = pf.path
    pf.lock()
    key_file = keyslot_path(path)
    doc = json.loads(key_file.read_text())
    change(doc)  # type: ignore[operator]
    key_file.write_text(json.dumps(doc))
    return unlock_with_passphrase(path, PASSPHRASE)


def test_key_file_head_moved_back(signed: Portfolio) -> None:
    def change(doc: dict[str, object]) -> None:
        head = doc["audit_head"]
        assert isinstance(head, dict)
        head["seq"] -= 1

    pf = _edit_key_file(signed, change)
    assert _problem(pf) == (
        "audit head: the copy of the log's head in the key file fails its authentication:"
        " it was edited outside the app"
    )


def test_key_file_head_given_another_hash(signed: Portfolio) -> None:
    def change(doc: dict[str, object]) -> None:
        head = doc["audit_head"]
        assert isinstance(head, dict)
        head["hash"] = "ab" * 32

    pf = _edit_key_file(signed, change)
    assert _problem(pf) == (
        "audit head: the copy of the log's head in the key file fails its authentication:"
        " it was edited outside the app"
    )


def test_key_file_head_removed(signed: Portfolio) -> None:
    def change(doc: dict[str, object]) -> None:
        del doc["audit_head"]

    pf = _edit_key_file(signed, change)
    assert _problem(pf) == (
        "audit head: the key file no longer keeps a copy of the log's head, though it has"
        " since entry 2: it was removed outside the app"
    )


def test_key_file_head_removed_and_the_last_entry_deleted(signed: Portfolio) -> None:
    """Removing the evidence first does not make the cut invisible."""

    def change(doc: dict[str, object]) -> None:
        del doc["audit_head"]

    last = _last_seq(signed)
    pf = tamper(signed, ("DELETE FROM audit_log WHERE seq = ?", (last,)))
    pf = _edit_key_file(pf, change)
    assert _problem(pf).startswith("audit head: the key file no longer keeps a copy")


def test_untouched_portfolio_names_its_head(signed: Portfolio) -> None:
    last = _last_seq(signed)
    report = run_check(signed)
    assert report.ok, report.first_problem
    details = {r.name: r.detail for r in report.results}
    assert details["audit log"].startswith(f"chain intact, entry {last}, hash ")
    assert details["audit head"] == f"the key file agrees (entry {last})"

"""The audit log's head (its last entry's number and hash) is also kept in the key
file, authenticated with the data key, so a log cut short is noticed: kept up to date
by every write, written on the first unlock of a portfolio made before it was kept,
printed on the pack's cover, and rewritten with the key file when the passphrase
changes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.domain.record_types import Mentor, SessionRecord
from app.services import records
from app.services.check import run_check
from app.services.pack import PackRequest, build_pack
from app.services.portfolio import (
    CreatedPortfolio,
    Portfolio,
    set_passphrase,
    unlock_with_passphrase,
    unlock_with_recovery_code,
)
from app.store import audit, audit_head, keyslot
from app.store.files import keyslot_path
from app.store.models import AuditRow
from tests.cli.conftest import run_cli
from tests.conftest import PASSPHRASE, TEST_KDF
from tests.signing.conftest import raw_db


def _log(pf: Portfolio) -> list[AuditRow]:
    with pf.transaction() as session:
        return list(session.scalars(select(AuditRow).order_by(AuditRow.seq)))


def _key_head(path: Path) -> dict[str, object]:
    head = json.loads(keyslot_path(path).read_text())["audit_head"]
    assert isinstance(head, dict)
    return head


def test_a_new_portfolio_keeps_its_head_from_the_start(portfolio: Portfolio) -> None:
    log = _log(portfolio)
    assert [(e.seq, e.action) for e in log] == [(1, "create"), (2, "audit-head")]
    head = _key_head(portfolio.path)
    assert head["version"] == 1
    assert (head["seq"], head["hash"]) == (2, log[-1].entry_hash)
    state = audit_head.read_state(
        keyslot.read_keyslot(portfolio.path), portfolio.data_key, portfolio.portfolio_id
    )
    assert state == audit_head.Head(2, log[-1].entry_hash)


def test_every_write_moves_the_head(portfolio: Portfolio) -> None:
    mentor = records.save(portfolio, Mentor(name="Dr A"))
    assert _key_head(portfolio.path)["seq"] == _log(portfolio)[-1].seq
    records.save(portfolio, Mentor(id=mentor.id, name="Dr B"))
    log = _log(portfolio)
    head = _key_head(portfolio.path)
    assert (head["seq"], head["hash"]) == (log[-1].seq, log[-1].entry_hash)
    # Reading writes nothing.
    before = keyslot_path(portfolio.path).read_bytes()
    records.list_records(portfolio, Mentor)
    assert keyslot_path(portfolio.path).read_bytes() == before


def _make_legacy(pf: Portfolio) -> Path:
    """What a portfolio from before the head was kept looks like: a log without the
    audit-head entry (chain intact) and a key file without the field."""
    path, key = pf.path, pf.data_key
    rows = [r for r in _log(pf) if r.action != "audit-head"]
    pf.lock()
    with raw_db(path, key) as con:
        con.execute("DELETE FROM audit_log")
        prev = audit.GENESIS_HASH
        for seq, row in enumerate(rows, start=1):
            digest = audit.entry_hash(
                seq,
                row.at,
                row.action,
                row.record_kind,
                row.record_id,
                row.version,
                row.detail,
                prev,
            )
            con.execute(
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
            prev = digest
    doc = json.loads(keyslot_path(path).read_text())
    del doc["audit_head"]
    keyslot_path(path).write_text(json.dumps(doc, indent=2, sort_keys=True))
    return path


def test_an_older_portfolio_gets_its_head_on_first_unlock(portfolio: Portfolio) -> None:
    records.save(portfolio, Mentor(name="Dr A"))
    path = _make_legacy(portfolio)
    pf = unlock_with_passphrase(path, PASSPHRASE)
    try:
        log = _log(pf)
        assert log[-1].action == "audit-head"
        assert "made before" in log[-1].detail
        head = _key_head(path)
        assert (head["seq"], head["hash"]) == (log[-1].seq, log[-1].entry_hash)
        report = run_check(pf)
        assert report.ok, report.first_problem
        detail = {r.name: r.detail for r in report.results}["audit head"]
        assert detail == (
            f"the key file agrees (entry {log[-1].seq}); it has kept the head since entry"
            f" {log[-1].seq}, written when this portfolio, made by an earlier version, was"
            " first opened by this one: entries before it are checked by their chain only"
        )
    finally:
        pf.lock()
    # The second unlock adds nothing.
    again = unlock_with_passphrase(path, PASSPHRASE)
    try:
        assert _log(again)[-1].seq == log[-1].seq
    finally:
        again.lock()


def test_check_from_the_cli_names_the_head(created: CreatedPortfolio) -> None:
    path = created.portfolio.path
    last = _log(created.portfolio)[-1]
    created.portfolio.lock()
    result = run_cli("check", path)
    assert result.code == 0, result.err
    assert f"ok   audit log: chain intact, entry {last.seq}, hash {last.entry_hash}" in result.out
    assert f"ok   audit head: the key file agrees (entry {last.seq})" in result.out


def test_a_new_passphrase_keeps_the_head(portfolio: Portfolio) -> None:
    set_passphrase(portfolio, "another long passphrase", kdf=TEST_KDF)
    log = _log(portfolio)
    assert log[-1].action == "change-passphrase"
    head = _key_head(portfolio.path)
    assert (head["seq"], head["hash"]) == (log[-1].seq, log[-1].entry_hash)
    portfolio.lock()
    pf = unlock_with_passphrase(portfolio.path, "another long passphrase")
    try:
        assert run_check(pf).ok
    finally:
        pf.lock()


def test_a_lost_key_file_is_named_and_a_new_passphrase_writes_one(
    created: CreatedPortfolio,
) -> None:
    path = created.portfolio.path
    created.portfolio.lock()
    keyslot_path(path).unlink()
    pf = unlock_with_recovery_code(path, created.recovery_code)
    try:
        problem = run_check(pf).first_problem
        assert problem is not None and problem.name == "audit head"
        assert "no key file" in problem.detail
        set_passphrase(pf, "another long passphrase", kdf=TEST_KDF)
        report = run_check(pf)
        assert report.ok, report.first_problem
    finally:
        pf.lock()


def test_the_pack_cover_prints_the_head(portfolio: Portfolio, tmp_path: Path) -> None:
    mentor = records.save(portfolio, Mentor(name="Dr A"))
    from app.domain.record_types import Relationship

    rel = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    records.save(
        portfolio,
        SessionRecord(topics="Catch-up", relationship_id=rel.id, held_on=date(2026, 2, 3)),
    )
    last = _log(portfolio)[-1]
    doc = build_pack(portfolio, PackRequest(date(2026, 1, 1), date(2026, 12, 31)))
    path = tmp_path / "pack.pdf"
    path.write_bytes(doc.pdf)
    import subprocess

    pages = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    printed = f"Audit chain: entry {last.seq}, hash {last.entry_hash}"
    carrying = [n for n, page in enumerate(pages) if "Audit chain" in page]
    # The cover's pages carry it (the cover runs on when its charts do), and only they.
    assert carrying and carrying == list(range(len(carrying)))
    for n in carrying:
        assert printed in " ".join(pages[n].split())
        assert "Cover and summary" in pages[n]
    # The pack's own entry follows the one printed.
    assert _log(portfolio)[-1].seq == last.seq + 1


def test_a_backup_made_while_others_save_gets_its_own_head(
    portfolio: Portfolio, tmp_path: Path
) -> None:
    """The key file beside a copy may have been copied after more was saved: the copy
    gets the head of its own log, so it passes check on its own."""
    from app.services.backup import backup
    from app.store.encrypted_copy import make_backup

    made = make_backup(portfolio.engine, portfolio.path, portfolio.data_key, tmp_path / "bk")
    records.save(portfolio, Mentor(name="Saved after the copy"))
    # What a key file copied a moment later holds: a head the copy never had.
    keyslot_path(made).write_bytes(keyslot_path(portfolio.path).read_bytes())
    audit_head.match_copy(made, portfolio.data_key)
    copy = unlock_with_passphrase(made, PASSPHRASE)
    try:
        report = run_check(copy)
        assert report.ok, report.first_problem
    finally:
        copy.lock()
    # And the service does it for every backup it makes.
    second, _ = backup(portfolio, tmp_path / "bk2")
    copy = unlock_with_passphrase(second, PASSPHRASE)
    try:
        assert run_check(copy).ok
    finally:
        copy.lock()


def test_a_copy_keeps_a_head_its_log_contradicts(portfolio: Portfolio, tmp_path: Path) -> None:
    from app.store.encrypted_copy import make_backup

    made = make_backup(portfolio.engine, portfolio.path, portfolio.data_key, tmp_path / "bk")
    doc = json.loads(keyslot_path(made).read_text())
    doc["audit_head"]["hash"] = "cd" * 32
    keyslot_path(made).write_text(json.dumps(doc))
    before = keyslot_path(made).read_bytes()
    audit_head.match_copy(made, portfolio.data_key)
    assert keyslot_path(made).read_bytes() == before

"""`mentee-portfolio retention`: a preview changes nothing; --apply deletes what the
preview listed; --prune-backups removes the backups that still hold it."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.enums import SessionFormat
from app.domain.record_types import Mentor, Relationship, SessionRecord
from app.services import backup as backup_service
from app.services import records
from app.services.portfolio import CreatedPortfolio, unlock_with_passphrase
from tests.cli.conftest import assert_one_line_error, run_cli
from tests.conftest import PASSPHRASE

SECRET = "I felt ashamed after the handover"


@pytest.mark.today("2026-11-23")
def test_preview_then_apply_and_prune(created: CreatedPortfolio) -> None:
    pf = created.portfolio
    mentor = records.save(pf, Mentor(name="Dr Grace Hopper"))
    rel = records.save(pf, Relationship(mentor_id=mentor.id, start_date=date(2025, 1, 6)))
    session = records.save(
        pf,
        SessionRecord(
            relationship_id=rel.id,
            held_on=date(2025, 3, 4),
            format=SessionFormat.VIDEO,
            topics="Handover",
            private_reflection=SECRET,
        ),
    )
    old_backup, _ = backup_service.backup(pf)
    pf.lock()
    path = pf.path

    shown = run_cli("retention", path, "--months", "6")
    assert shown.code == 0, shown.err
    assert f"Session record {session.id} of 4 Mar 2025: private reflection, 33 characters" in (
        shown.out
    )
    assert old_backup.name in shown.out and "Nothing changed" in shown.out
    assert SECRET not in shown.out

    done = run_cli("retention", path, "--months", "6", "--apply", "--prune-backups")
    assert done.code == 0, done.err
    assert "Deleted the private layers of 1 record (1 session record)" in done.out
    assert "Removed 1 backup that" in done.out and not old_backup.exists()
    again = unlock_with_passphrase(path, PASSPHRASE)
    try:
        assert records.get(again, SessionRecord, session.id).private_reflection == ""
        assert records.get(again, SessionRecord, session.id).topics == "Handover"
    finally:
        again.lock()


def test_a_number_of_months_that_is_not_one_is_refused(created: CreatedPortfolio) -> None:
    created.portfolio.lock()
    result = run_cli("retention", created.portfolio.path, "--months", "-3")
    assert_one_line_error(result)
    assert "number of months" in result.err

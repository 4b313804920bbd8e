"""Retention: private layers older than N months are deleted unless pinned, and are
really gone: no decrypted page of the database or its log holds them (the search
index and frozen versions included), while pinned and young text stays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.enums import RecordKind, SessionFormat
from app.domain.kinds.reflective_note import KIND as NOTE
from app.domain.kinds.reflective_note import ReflectiveNote, Structure
from app.domain.record_types import Mentor, Relationship, SessionRecord
from app.services import backup as backup_service
from app.services import records, retention, search
from app.services.portfolio import Portfolio
from app.services.signing.lifecycle import mark_ready
from app.store.models import AuditRow
from tests.services.decrypted_pages import everything_decrypted

# One word each (the search index keeps words in lower case; FTS5 shares a word's
# first letters with the word before it, so the tail is what a scan looks for).
OLD_SESSION = "xylophonicvanish"
OLD_NOTE_PART = "zebrafishvanish"
OLD_NOTE_OTHER_PART = "quagmirevanish"
PINNED = "walruspinnedstays"
YOUNG = "kestrelyoungstays"
SUMMARY = "learnedtodelegatestays"
GONE = (OLD_SESSION, OLD_NOTE_PART, OLD_NOTE_OTHER_PART)
KEPT = (PINNED, YOUNG, SUMMARY)


def tail(word: str) -> bytes:
    return word[4:].encode()


@dataclass
class Kept:
    portfolio: Portfolio
    old_session: SessionRecord
    pinned_session: SessionRecord
    young_session: SessionRecord
    old_note: ReflectiveNote


def _session(
    portfolio: Portfolio, relationship_id: int, held_on: date, private: str
) -> SessionRecord:
    return records.save(
        portfolio,
        SessionRecord(
            relationship_id=relationship_id,
            held_on=held_on,
            duration_minutes=60,
            format=SessionFormat.IN_PERSON,
            topics="Rota and teaching",
            private_reflection=f"I felt {private} about it",
            appraisal_learning="Delegating",
        ),
    )


@pytest.fixture
def kept(portfolio: Portfolio) -> Kept:
    mentor = records.save(portfolio, Mentor(name="Dr Ada Lovelace"))
    rel = records.save(portfolio, Relationship(mentor_id=mentor.id, start_date=date(2024, 1, 8)))
    old = _session(portfolio, rel.id, date(2024, 5, 10), OLD_SESSION)
    pinned = _session(portfolio, rel.id, date(2024, 6, 11), PINNED)
    young = _session(portfolio, rel.id, date(2026, 6, 1), YOUNG)
    mark_ready(portfolio, RecordKind.SESSION, old.id)  # a frozen version of the old one
    note = records.save(
        portfolio,
        ReflectiveNote(
            title="Handover learning",
            written_on=date(2025, 1, 15),
            structure=Structure.WHAT_SO_WHAT,
            relationship_id=rel.id,
            part_1=f"It was {OLD_NOTE_PART}",
            part_3=f"Next: {OLD_NOTE_OTHER_PART}",
            learning_summary=f"I {SUMMARY} better",
        ),
    )
    retention.set_pinned(portfolio, RecordKind.SESSION, pinned.id, True)
    return Kept(portfolio, old, pinned, young, note)


@pytest.mark.today("2026-11-23")
def test_the_preview_lists_exactly_what_would_go(kept: Kept) -> None:
    shown = retention.preview(kept.portfolio, 12)
    assert shown.first_kept == date(2025, 11, 23)
    assert [(layer.kind, layer.record_id) for layer in shown.layers] == [
        (RecordKind.SESSION, kept.old_session.id),
        (NOTE, kept.old_note.id),
    ]
    session, note = shown.layers
    assert session.fields == ("private_reflection",)
    assert session.characters == len(kept.old_session.private_reflection)
    assert note.fields == ("part_1", "part_3")
    assert note.characters == len(kept.old_note.part_1) + len(kept.old_note.part_3)
    assert shown.pinned == 1
    text = "\n".join(shown.lines())
    assert "Session record" in text and "Handover learning" in text and "10 May 2024" in text
    assert not any(word in text for word in GONE + KEPT), "the preview shows no private text"
    # Nothing was deleted by looking.
    assert records.get(kept.portfolio, SessionRecord, kept.old_session.id).private_reflection
    assert shown.left_with_private == 0


@pytest.mark.today("2026-11-23")
def test_files_that_left_with_private_text_are_said(kept: Kept, tmp_path: Path) -> None:
    from app.services.export_json import export_to_file

    export_to_file(kept.portfolio, tmp_path / "everything.json")
    shown = retention.preview(kept.portfolio, 12)
    assert shown.left_with_private == 1
    assert "1 file written from the portfolio with private text" in "\n".join(shown.lines())


@pytest.mark.today("2026-11-23")
def test_deleted_text_is_in_no_decrypted_page(kept: Kept) -> None:
    portfolio = kept.portfolio
    before = everything_decrypted(portfolio.path, portfolio.data_key)
    for word in GONE + KEPT:  # the scan can see them: the test can fail
        assert tail(word) in before, word
    outcome = retention.apply(portfolio, retention.preview(portfolio, 12))
    assert (outcome.records, outcome.log_emptied) == (2, True)
    assert outcome.by_kind == {RecordKind.SESSION: 1, NOTE: 1}
    log = portfolio.path.with_name(portfolio.path.name + "-wal")
    assert not log.exists() or log.stat().st_size == 0
    after = everything_decrypted(portfolio.path, portfolio.data_key)
    for word in GONE:
        assert tail(word) not in after, f"{word} is still in a decrypted page"
    for word in KEPT:
        assert tail(word) in after, f"{word} was deleted but should have stayed"
    # The portfolio is whole and works on: the records, their index, the version.
    assert records.get(portfolio, SessionRecord, kept.old_session.id).private_reflection == ""
    note = records.get(portfolio, ReflectiveNote, kept.old_note.id)
    assert (note.part_1, note.part_3, note.title) == ("", "", "Handover learning")
    assert search.search(portfolio, OLD_SESSION) == []
    assert [h.record_id for h in search.search(portfolio, PINNED)] == [kept.pinned_session.id]
    with portfolio.transaction() as db:
        entry = db.scalars(select(AuditRow).where(AuditRow.action == retention.ACTION)).one()
    assert "2 records" in entry.detail and not any(w in entry.detail for w in GONE)
    assert retention.preview(portfolio, 12).layers == ()


@pytest.mark.today("2026-11-23")
def test_a_layer_changed_after_the_preview_is_not_deleted(kept: Kept) -> None:
    shown = retention.preview(kept.portfolio, 12)
    edited = records.copy_with(kept.old_session, private_reflection="written since")
    records.save(kept.portfolio, edited)
    outcome = retention.apply(kept.portfolio, shown)
    assert outcome.records == 1
    saved = records.get(kept.portfolio, SessionRecord, kept.old_session.id)
    assert saved.private_reflection == "written since"


@pytest.mark.today("2026-11-23")
def test_backups_holding_the_text_are_listed_and_pruned(kept: Kept) -> None:
    portfolio = kept.portfolio
    older, _ = backup_service.backup(portfolio)
    shown = retention.preview(portfolio, 12)
    assert [b.path for b in shown.holding] == [older] and shown.clean == ()
    assert "fresh backup" in shown.after_pruning()
    retention.apply(portfolio, shown)
    pruned = retention.prune_backups(portfolio, shown)
    assert pruned.removed == (older,) and not older.exists()
    assert pruned.made is not None and pruned.made.exists()
    again = retention.preview(portfolio, 12)
    assert again.holding == () and [b.path for b in again.clean] == [pruned.made]
    assert tail(OLD_SESSION) not in everything_decrypted(pruned.made, portfolio.data_key)


def test_the_setting_is_kept_in_the_portfolio(portfolio: Portfolio) -> None:
    assert retention.setting(portfolio) == retention.Setting(None, False)
    retention.save_setting(portfolio, retention.Setting(18, True))
    assert retention.setting(portfolio) == retention.Setting(18, True)
    with pytest.raises(retention.KnownError, match="between 1 and"):
        retention.save_setting(portfolio, retention.Setting(0, False))


def test_every_private_layer_the_registry_declares_is_covered() -> None:
    kinds = {spec.kind for spec in retention.layered_kinds()}
    assert {RecordKind.SESSION, NOTE} <= kinds
    from app.domain import registry

    for spec in registry.all_specs():
        if spec.private_fields():
            assert spec.kind in kinds, f"{spec.kind} has a private layer retention cannot date"
        if spec.signing is not None:  # a frozen version never holds a private layer
            assert set(spec.private_fields()) <= spec.unsigned_fields()


def test_the_month_arithmetic() -> None:
    assert retention.cutoff(1, date(2026, 3, 31)) == date(2026, 2, 28)
    assert retention.cutoff(12, date(2028, 2, 29)) == date(2027, 2, 28)
    assert retention.cutoff(24, date(2026, 1, 15)) == date(2024, 1, 15)


def test_pins_and_the_setting_travel_with_an_export(kept: Kept, tmp_path: Path) -> None:
    from app.services.export_json import export_to_file
    from app.services.import_into_new import import_into_new
    from tests.conftest import PASSPHRASE, TEST_KDF

    retention.save_setting(kept.portfolio, retention.Setting(24, False))
    export_to_file(kept.portfolio, tmp_path / "export.json")
    copy = import_into_new(tmp_path / "export.json", tmp_path / "copy.mpf", PASSPHRASE, TEST_KDF)
    try:
        assert retention.is_pinned(copy.portfolio, RecordKind.SESSION, kept.pinned_session.id)
        assert not retention.is_pinned(copy.portfolio, RecordKind.SESSION, kept.old_session.id)
        assert retention.setting(copy.portfolio) == retention.Setting(24, False)
    finally:
        copy.portfolio.lock()

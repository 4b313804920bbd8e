"""Every file name the app makes is one Windows accepts (issue 22, Deliver 6): the
portfolio's own files, backups (their time stamps have no ':'), key files moved
aside, temporary files, the log, and the names suggested for PDFs, the appraisal pack
and exports, even when they are made from a title the mentee typed."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

import app
from app.domain.kinds.reflective_note import ReflectiveNote
from app.logging_setup import setup_logging, shutdown_logging
from app.os_support.names import name_problem
from app.services import backup, documents, records
from app.services.pack import PackRequest, build_pack
from app.services.portfolio import Portfolio
from app.store import keyslot
from app.store.encrypted_copy import default_backup_dir, make_backup
from app.store.files import keyslot_path, private_temp
from tests.printing.conftest import Filled, filled  # noqa: F401 - the fixture

pytestmark = pytest.mark.today("2026-12-01 10:30:45")

HOSTILE_TITLES = [
    "Induction: week 1/2?",
    'Say "no" <more> | often*',
    "CON",
    "nul",
    "Ends with a dot.",
    "Ends with spaces   ",
    "back\\slash",
    "tab\tand\nnewline",
    "x" * 199 + "?",
]


def _problems(names: list[str]) -> list[str]:
    return [f"{name!r}: {name_problem(name)}" for name in names if name_problem(name)]


def _tree(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*"))


def test_the_portfolio_its_backups_and_moved_key_files(portfolio: Portfolio) -> None:
    folder = portfolio.path.parent
    backup.backup(portfolio)
    backup.backup(portfolio)  # the same second: a counter is added
    make_backup(
        portfolio.engine,
        portfolio.path,
        portfolio.data_key,
        default_backup_dir(portfolio.path),
        "pre-upgrade",
    )
    aside = keyslot_path(portfolio.path).with_name("spare.mpf.keys")
    aside.write_bytes(keyslot_path(portfolio.path).read_bytes())
    keyslot.move_aside(aside)
    with private_temp(folder, portfolio.path.name) as temp:
        names = _tree(folder)
        assert temp.path.name in names
    assert len([n for n in names if "-backup-" in n]) == 4  # two backups, their key files
    assert any("-pre-upgrade-" in n for n in names)
    assert any("-replaced-" in n for n in names)
    assert _problems(names) == []


def test_the_log_files(tmp_path: Path) -> None:
    try:
        log = setup_logging(tmp_path / "logs")
    finally:
        shutdown_logging()
    assert log.exists()
    assert _problems([log.name, log.name + ".1", log.parent.name]) == []


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_suggested_pdf_names_from_a_typed_title(filled: Filled, title: str) -> None:  # noqa: F811
    filled.checklist.title = title
    # Saved as the store keeps it: a title with a line break can no longer be typed,
    # but one kept from before the one-line rule comes back from an export.
    with filled.portfolio.transaction() as db:
        checklist = records.save_in(db, filled.checklist)
    doc = documents.render(filled.portfolio, "checklist", checklist.id)
    assert _problems([doc.file_name]) == []
    assert doc.file_name.endswith(".pdf")


def test_every_suggested_pdf_name(filled: Filled) -> None:  # noqa: F811
    ids = {
        "contract": filled.contract.id,
        "session": filled.session.id,
        "checklist": filled.checklist.id,
        "recovery": 0,
    }
    note = ReflectiveNote(
        title="Nights: what I <learned>", written_on=date(2026, 2, 4), learning_summary="Ask"
    )
    ids["reflective_note"] = records.save(filled.portfolio, note).id
    names = [
        documents.render(filled.portfolio, kind, ids.get(kind, filled.relationship.id)).file_name
        for kind in documents.document_names()
    ]
    names.append(
        build_pack(filled.portfolio, PackRequest(date(2026, 1, 1), date(2026, 12, 31))).file_name
    )
    assert "recovery-sheet.pdf" in names
    assert _problems(names) == []


def test_names_the_windows_suggest_for_exports() -> None:
    """The save dialogs' suggested names are written in the UI code as literals."""
    literal = re.compile(r"""["']([\w.-]+\.(?:pdf|csv|ics|json|txt))["']""")
    names = {
        match
        for source in Path(app.__file__).parent.joinpath("ui").rglob("*.py")
        for match in literal.findall(source.read_text(encoding="utf-8"))
    }
    assert {"mentoring-cpd.csv", "mentoring.ics"} <= names
    assert _problems(sorted(names)) == []

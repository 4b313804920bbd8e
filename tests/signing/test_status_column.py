"""Lists of signable records show each record's signature status in a coloured column
(lifecycle.signature_statuses, one query per refresh), as docs/signing.md describes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain.enums import RecordKind
from app.services.changes import Changes
from app.services.portfolio import Portfolio
from app.services.signing import lifecycle
from app.ui.sections.base import SectionContext
from app.ui.sections.contract_form import ContractForm
from app.ui.sections.mentor_form import MentorForm
from app.ui.sections.session_form import SessionForm
from app.ui.signing.status import status_colours
from tests.signing.conftest import Records, sign_both


def _cell(form, record_id: int, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
    model = form.model
    column = model.columnCount() - 1
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Signatures"
    [row] = [i for i, r in enumerate(model.rows) if r.id == record_id]
    return model.data(model.index(row, column), role)


def test_signable_lists_show_the_signature_status(
    qtbot, portfolio: Portfolio, recs: Records
) -> None:
    context = SectionContext(portfolio)
    sessions = SessionForm(context)
    contracts = ContractForm(context)
    for form in (sessions, contracts):
        qtbot.addWidget(form)
    assert _cell(sessions, recs.session.id) == "Unsigned"
    lifecycle.mark_ready(portfolio, RecordKind.SESSION, recs.session.id)
    lifecycle.mark_ready(portfolio, RecordKind.CONTRACT, recs.contract.id)
    sign_both(portfolio, RecordKind.SESSION, recs.session.id, 1)
    sessions.on_changes(Changes.of(RecordKind.SESSION, recs.session.id), None)
    contracts.on_changes(Changes.of(RecordKind.CONTRACT, recs.contract.id), None)
    assert _cell(sessions, recs.session.id) == "Signed"
    assert _cell(contracts, recs.contract.id) == "Ready to sign"
    status = lifecycle.signature_status(portfolio, RecordKind.CONTRACT, recs.contract.id)
    text, background = status_colours(status)
    assert _cell(contracts, recs.contract.id, Qt.ItemDataRole.BackgroundRole) == background
    assert _cell(contracts, recs.contract.id, Qt.ItemDataRole.ForegroundRole) == text
    assert status.detail in _cell(contracts, recs.contract.id, Qt.ItemDataRole.ToolTipRole)


def test_lists_of_kinds_never_signed_have_no_status_column(
    qtbot, portfolio: Portfolio, recs: Records
) -> None:
    mentors = MentorForm(SectionContext(portfolio))
    qtbot.addWidget(mentors)
    headers = [
        mentors.model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(mentors.model.columnCount())
    ]
    assert "Signatures" not in headers

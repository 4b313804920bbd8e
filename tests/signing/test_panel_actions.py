"""The signing panel offers what the lifecycle can do: cancelling an amendment that
changed nothing, and naming the code the printed pages will carry before freezing."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QMessageBox

from app.domain.enums import RecordKind
from app.services import records
from app.services.portfolio import Portfolio
from app.services.signing import lifecycle
from app.services.signing.signable import identify
from app.ui.signing.panel import SigningPanel
from tests.signing.conftest import Records

C = RecordKind.CONTRACT


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every question and message the panel shows; questions are answered Yes."""
    shown: list[str] = []

    def question(_parent: object, _title: str, text: str, *args: object) -> object:
        shown.append(text)
        return QMessageBox.StandardButton.Yes

    def tell(_parent: object, _title: str, text: str, *args: object) -> object:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(tell))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(tell))
    return shown


def _panel(qtbot, portfolio: Portfolio, record: tuple[RecordKind, int]) -> SigningPanel:  # type: ignore[no-untyped-def]
    panel = SigningPanel(portfolio)
    qtbot.addWidget(panel)
    panel.set_record(record)
    panel.show()
    return panel


def test_an_amendment_that_changed_nothing_can_be_cancelled(
    qtbot, portfolio: Portfolio, recs: Records, said: list[str]
) -> None:
    cid = recs.contract.id
    panel = _panel(qtbot, portfolio, (C, cid))
    assert not panel.cancel_amendment_button.isEnabled()
    lifecycle.mark_ready(portfolio, C, cid)
    panel.refresh()
    assert not panel.cancel_amendment_button.isEnabled()
    lifecycle.amend(portfolio, C, cid, "Check the wording")
    panel.refresh()
    assert panel.badge.text() == "Amended"
    assert panel.cancel_amendment_button.isEnabled()
    with qtbot.waitSignal(panel.changed):
        panel.cancel_amendment_button.click()
    assert "version 1 stays as it is" in said[0]
    assert lifecycle.signature_status(portfolio, C, cid).label == "ready to sign"
    assert panel.badge.text() == "Ready to sign"
    assert not panel.cancel_amendment_button.isEnabled()


def test_an_amendment_with_changes_is_not_cancelled(
    qtbot, portfolio: Portfolio, recs: Records, said: list[str]
) -> None:
    cid = recs.contract.id
    lifecycle.mark_ready(portfolio, C, cid)
    lifecycle.amend(portfolio, C, cid, "Meet monthly")
    contract = records.get(portfolio, type(recs.contract), cid)
    records.save(portfolio, dataclasses.replace(contract, frequency="Monthly"))
    panel = _panel(qtbot, portfolio, (C, cid))
    panel.cancel_amendment_button.click()
    assert "changed since the amendment began" in said[-1]
    assert lifecycle.signature_status(portfolio, C, cid).label == "amended"
    assert records.get(portfolio, type(recs.contract), cid).frequency == "Monthly"


def test_the_mark_ready_question_names_the_code_the_pages_will_carry(
    qtbot, portfolio: Portfolio, recs: Records, said: list[str]
) -> None:
    sid = recs.session.id
    expected = identify(portfolio, RecordKind.SESSION, sid).code.text
    panel = _panel(qtbot, portfolio, (RecordKind.SESSION, sid))
    with qtbot.waitSignal(panel.changed):
        panel.ready_button.click()
    question, told = said
    assert f"Its pages will carry the code {expected}." in question
    assert expected in told  # the code the frozen version really has
    assert lifecycle.get_version(portfolio, RecordKind.SESSION, sid, 1).code == expected


def test_delete_is_not_offered_for_a_record_frozen_for_signing(
    qtbot, portfolio: Portfolio, recs: Records, said: list[str]
) -> None:
    from app.ui.sections.base import SectionContext
    from app.ui.sections.contract_form import ContractForm

    cid = recs.contract.id
    form = ContractForm(SectionContext(portfolio))
    qtbot.addWidget(form)
    form.open_id(cid)
    assert not form.delete_button.isHidden()
    lifecycle.mark_ready(portfolio, C, cid)
    form.open_id(cid)
    # Not offered at all (issue 16 item 3); the banner says why and offers the next step.
    assert form.delete_button.isHidden()
    assert "ready to sign" in form.banner.sentence.text().lower()
    lifecycle.amend(portfolio, C, cid, "Meet monthly")
    form.open_id(cid)
    assert not lifecycle.is_frozen(portfolio, C, cid)

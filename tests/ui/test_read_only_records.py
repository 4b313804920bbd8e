"""A frozen or signed record opens read-only, with a banner saying what it is and its
one next step, and Delete is offered only where it would work (issue 16 item 3).
Every form gets this from the common section code; the records are real, the
clicks and keys are real."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox

from app.domain import registry
from app.domain.enums import RecordKind, SessionFormat, SignatureMethod, SignerRole
from app.domain.record_types import (
    Action,
    Checklist,
    ChecklistItem,
    Contract,
    Goal,
    Mentor,
    Relationship,
    SessionRecord,
)
from app.services import closure, records
from app.services.signing import lifecycle
from app.ui.main_window import SECTION_NAMES, MainWindow
from app.ui.sections.record_section import RecordSection
from app.ui.sections.tabbed import TabbedSection

STROKES = {"w": 100, "h": 40, "strokes": [[[2, 2], [40, 30], [90, 10]]]}


def _open(qtbot, window: MainWindow, kind: RecordKind, record_id: int) -> RecordSection:  # noqa: ANN001
    """Go to the record's section and click its row in the list."""
    for index, section in enumerate(window.sections):
        if kind in section.kinds:
            window.go_to(index)
            form = section
            if isinstance(section, TabbedSection):
                form = next(p for p in section.parts if p.kind == kind)
                section.tabs.setCurrentWidget(form)
            assert isinstance(form, RecordSection)
            form.refresh()
            for row in range(form.proxy.rowCount()):
                index_ = form.proxy.index(row, 0)
                if index_.data(Qt.ItemDataRole.UserRole) == record_id:
                    rect = form.table.visualRect(index_)
                    qtbot.mouseClick(
                        form.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
                    )
            assert form.loaded is not None and form.loaded.id == record_id
            return form
    raise AssertionError(kind)


def _sign(window: MainWindow, kind: RecordKind, record_id: int, *roles: SignerRole) -> None:
    info = lifecycle.mark_ready(window.portfolio, kind, record_id)
    names = {SignerRole.MENTEE: "Siân Ó Dálaigh", SignerRole.MENTOR: "د. ليلى حداد"}
    for role in roles:
        lifecycle.sign(
            window.portfolio,
            kind,
            record_id,
            info.version,
            role=role,
            signer_name=names[role],
            signed_on=date(2026, 2, 4),
            method=SignatureMethod.DRAWN,
            strokes=STROKES,
        )


@pytest.fixture
def relationship(window: MainWindow) -> Relationship:
    mentor = records.save(window.portfolio, Mentor(name="د. ليلى حداد"))
    return records.save(window.portfolio, Relationship(mentor_id=mentor.id))


def _session(window: MainWindow, relationship: Relationship) -> SessionRecord:
    return records.save(
        window.portfolio,
        SessionRecord(
            held_on=date(2026, 2, 3),
            relationship_id=relationship.id,
            format=SessionFormat.VIDEO,
            topics="Rota stress",
            summary="Agreed to ask for a rota review",
        ),
    )


def _typing_changes_nothing(qtbot, field) -> None:  # noqa: ANN001
    before = field.toPlainText() if hasattr(field, "toPlainText") else field.text()
    field.setFocus()
    qtbot.keyClicks(field, "typed")
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    after = field.toPlainText() if hasattr(field, "toPlainText") else field.text()
    assert after == before


def test_a_signed_session_is_read_only_with_who_signed_and_amend(
    qtbot, window: MainWindow, relationship: Relationship, answers
) -> None:  # noqa: ANN001
    session = _session(window, relationship)
    records.save(
        window.portfolio,
        Action(description="Ask for rota review", origin_session_id=session.id),
    )
    _sign(window, RecordKind.SESSION, session.id, SignerRole.MENTEE, SignerRole.MENTOR)
    form = _open(qtbot, window, RecordKind.SESSION, session.id)
    banner = form.banner
    assert banner.isVisible()
    said = banner.sentence.text()
    assert said.startswith("Signed by") and "04/02/2026" in said and "(mentor)" in said
    assert "version 1" in said and "private reflection" in said
    assert banner.button.text().replace("&", "") == "Amend…"
    # Signed fields: read, selected, copied, reached by Tab; never changed.
    summary = form.widgets["summary"]
    _typing_changes_nothing(qtbot, summary)
    assert summary.hasFocus()
    summary.selectAll()  # type: ignore[attr-defined]
    summary.copy()  # type: ignore[attr-defined]
    assert QApplication.clipboard().text() == "Agreed to ask for a rota review"
    _typing_changes_nothing(qtbot, form.widgets["location"])
    qtbot.keyClick(form.widgets["location"], Qt.Key.Key_Tab)  # on to the next, read-only
    assert form.widgets["since_last"].hasFocus()
    # A choice reads as text, not a box that seems to change.
    assert form.widgets["format"].isHidden() and form.twins["format"].isVisible()
    assert form.twins["format"].text() == SessionFormat.VIDEO.label
    # The mentee's own layer stays editable.
    private = form.widgets["private_reflection"]
    private.setFocus()
    qtbot.keyClicks(private, "mine")
    assert private.toPlainText() == "mine" and form.save_button.isEnabled()
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert records.get(window.portfolio, SessionRecord, session.id).private_reflection == "mine"
    # No Delete: not the button, not Ctrl+D.
    assert form.delete_button.isHidden()
    answers["question"] = QMessageBox.StandardButton.Yes
    qtbot.keyClick(form.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert records.get(window.portfolio, SessionRecord, session.id).id == session.id
    # Nothing in the form's extras changes it either: goals, new actions.
    assert not form.add_action_button.isEnabled()  # type: ignore[attr-defined]
    assert form.new_action.isReadOnly()  # type: ignore[attr-defined]

    # The one next step: Amend… from the banner, then the form is editable again.
    def give_reason() -> None:
        from app.ui.signing.amend_dialog import AmendDialog

        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AmendDialog)
        qtbot.keyClicks(dialog.reason, "The rota review date was wrong")
        qtbot.mouseClick(dialog.amend_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, give_reason)
    qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    assert "Being amended" in banner.sentence.text()
    assert "ready to sign" in banner.button.text().replace("&", "")
    assert not form.widgets["summary"].isReadOnly()  # type: ignore[attr-defined]
    assert form.widgets["format"].isVisible() and form.twins["format"].isHidden()
    qtbot.keyClicks(form.widgets["summary"], " (amended)")
    assert form.save_button.isEnabled()


@pytest.mark.parametrize("kind", [RecordKind.CONTRACT, RecordKind.CHECKLIST])
def test_every_signable_form_ready_to_sign_is_read_only_and_offers_signatures(
    qtbot, window: MainWindow, relationship: Relationship, kind: RecordKind
) -> None:  # noqa: ANN001
    record = {
        RecordKind.CONTRACT: Contract(relationship_id=relationship.id, agreed_on=date(2026, 1, 5)),
        RecordKind.CHECKLIST: Checklist(
            title="Induction",
            relationship_id=relationship.id,
            items=[ChecklistItem(text="Meet the team")],
        ),
    }[kind]
    saved = records.save(window.portfolio, record)
    _sign(window, kind, saved.id)
    form = _open(qtbot, window, kind, saved.id)
    assert form.banner.isVisible()
    assert form.banner.sentence.text().startswith("Ready to sign: version 1")
    assert form.banner.button.text().replace("&", "") == "Record signatures…"
    assert form.delete_button.isHidden()
    # The mentee's own layer stays editable (the contract's agreed interval).
    unsigned = registry.spec(kind).unsigned_fields()
    for name, widget in form.widgets.items():
        if isinstance(widget, QLineEdit):
            assert widget.isReadOnly() is (name not in unsigned), name
        if isinstance(widget, QComboBox):
            assert widget.isHidden() and form.twins[name].isVisible(), name
    if kind is RecordKind.CHECKLIST:
        item = form.items.item(0, 0)  # type: ignore[attr-defined]
        assert not item.flags() & Qt.ItemFlag.ItemIsUserCheckable
        assert not form.add_item_button.isEnabled()  # type: ignore[attr-defined]
        assert form.from_template.isEnabled()  # type: ignore[attr-defined] - a new one


def test_an_action_of_a_signed_session_changes_only_its_progress(
    qtbot, window: MainWindow, relationship: Relationship
) -> None:  # noqa: ANN001
    session = _session(window, relationship)
    action = records.save(
        window.portfolio,
        Action(
            description="Ask for rota review",
            relationship_id=relationship.id,
            origin_session_id=session.id,
        ),
    )
    _sign(window, RecordKind.SESSION, session.id)
    form = _open(qtbot, window, RecordKind.ACTION, action.id)
    said = form.banner.sentence.text()
    assert "session record 1, ready to sign" in said
    assert "only its status, completion and notes can change" in said
    assert form.banner.button.text().replace("&", "") == "Amend the session record…"
    _typing_changes_nothing(qtbot, form.widgets["description"])
    notes = form.widgets["notes"]
    notes.setFocus()
    qtbot.keyClicks(notes, "Asked on Monday")
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert records.get(window.portfolio, Action, action.id).notes == "Asked on Monday"
    assert form.delete_button.isHidden()


def test_an_ended_relationships_records_offer_reopen_and_no_delete(
    qtbot, window: MainWindow, relationship: Relationship
) -> None:  # noqa: ANN001
    goal = records.save(window.portfolio, Goal(relationship_id=relationship.id, title="Lead QI"))
    closure.close_relationship(
        window.portfolio, relationship.id, closure.EndReview(date(2026, 3, 1), "Moved trusts")
    )
    form = _open(qtbot, window, RecordKind.GOAL, goal.id)
    said = form.banner.sentence.text()
    assert "relationship that ended on 01/03/2026" in said
    assert form.banner.button.text().replace("&", "") == "Reopen the relationship…"
    _typing_changes_nothing(qtbot, form.widgets["title"])
    assert form.delete_button.isHidden() and not form.save_button.isEnabled()
    rels = _open(qtbot, window, RecordKind.RELATIONSHIP, relationship.id)
    assert rels.banner.sentence.text().startswith("This relationship ended on 01/03/2026")
    assert rels.end_button.isHidden()  # type: ignore[attr-defined] - the banner reopens


def test_delete_is_offered_only_where_it_works(
    qtbot, window: MainWindow, relationship: Relationship
) -> None:  # noqa: ANN001
    lonely = records.save(window.portfolio, Mentor(name="Dr Nobody Yet"))
    page = window.sections[SECTION_NAMES.index("Relationships & contract")]
    mentors = _open(qtbot, window, RecordKind.MENTOR, relationship.mentor_id)
    assert mentors.delete_button.isHidden()  # still has a relationship
    assert not mentors.banner.isVisible()  # and is simply editable
    assert not mentors.widgets["name"].isReadOnly()  # type: ignore[attr-defined]
    mentors = _open(qtbot, window, RecordKind.MENTOR, lonely.id)
    assert mentors.delete_button.isVisible()
    assert page is window.current_section()

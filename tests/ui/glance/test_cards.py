"""The Overview's picture cards, driven as a user drives them: a click on a mark, a
goal or an overdue action opens that record; elsewhere, or Enter or Space, opens the
section; the arrow keys pick a session. Each reads as sentences to a screen reader and
paints with the palette in use."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible, QColor, QFontMetrics, QImage, QPalette
from PySide6.QtWidgets import QWidget

from app.domain.bidi import isolate
from app.domain.record_kind import RecordKind
from app.ui.glance.actions_view import ActionsView
from app.ui.glance.card import GlanceCard
from app.ui.glance.goals_view import GoalsView
from app.ui.glance.pictures import GlancePictures
from app.ui.glance.timeline_view import TimelineView
from app.ui.look import dark_palette
from tests.ui.glance.sample import sample_glance


def shown(qtbot: Any, card: GlanceCard, width: int = 800) -> GlanceCard:
    qtbot.addWidget(card)
    card.set_glance(sample_glance())
    card.resize(width, card.height())
    card.show()
    qtbot.waitExposed(card)
    return card


def opened_by(qtbot: Any, card: GlanceCard, act: Any) -> tuple[object, int]:
    with qtbot.waitSignal(card.opened, timeout=1000) as blocker:
        act()
    kind, record_id = blocker.args
    return kind, record_id


def test_a_click_on_a_session_opens_it_and_elsewhere_the_sessions(qtbot: Any) -> None:
    card = shown(qtbot, TimelineView())
    geo = card.geometry_  # type: ignore[attr-defined]
    middle = card.lane_top(card.picture_area()) + 17  # type: ignore[attr-defined]
    third = geo.marks[2]
    click = QPoint(round(third.x) + 2, middle)
    assert opened_by(
        qtbot, card, lambda: qtbot.mouseClick(card, Qt.MouseButton.LeftButton, pos=click)
    ) == (RecordKind.SESSION, 12)
    title = QPoint(30, 12)
    assert opened_by(
        qtbot, card, lambda: qtbot.mouseClick(card, Qt.MouseButton.LeftButton, pos=title)
    ) == (RecordKind.SESSION, -1)


def test_the_keyboard_opens_the_section_or_the_session_picked(qtbot: Any) -> None:
    card = shown(qtbot, TimelineView())
    card.setFocus()
    assert card.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert opened_by(qtbot, card, lambda: qtbot.keyClick(card, Qt.Key.Key_Space)) == (
        RecordKind.SESSION,
        -1,
    )
    qtbot.keyClick(card, Qt.Key.Key_End)  # the latest session
    qtbot.keyClick(card, Qt.Key.Key_Left)
    assert "Chosen: the session of 01/06/2026, signed." in card.accessibleDescription()
    assert opened_by(qtbot, card, lambda: qtbot.keyClick(card, Qt.Key.Key_Return)) == (
        RecordKind.SESSION,
        13,
    )
    qtbot.keyClick(card, Qt.Key.Key_Escape)
    assert "Chosen" not in card.accessibleDescription()


def test_goals_and_actions_open_the_record_clicked(qtbot: Any) -> None:
    goals = shown(qtbot, GoalsView(), 400)
    first = goals.rows[0]  # type: ignore[attr-defined]
    at = QPoint(40, round(first.top) + 4)
    assert opened_by(
        qtbot, goals, lambda: qtbot.mouseClick(goals, Qt.MouseButton.LeftButton, pos=at)
    ) == (RecordKind.GOAL, 3)
    goals.setFocus()
    assert opened_by(qtbot, goals, lambda: qtbot.keyClick(goals, Qt.Key.Key_Enter)) == (
        RecordKind.GOAL,
        -1,
    )
    actions = shown(qtbot, ActionsView(), 400)
    line = QPoint(40, round(actions.overdue_top) + 4)  # type: ignore[attr-defined]
    assert opened_by(
        qtbot, actions, lambda: qtbot.mouseClick(actions, Qt.MouseButton.LeftButton, pos=line)
    ) == (RecordKind.ACTION, 41)
    assert opened_by(
        qtbot,
        actions,
        lambda: qtbot.mouseClick(actions, Qt.MouseButton.LeftButton, pos=QPoint(40, 12)),
    ) == (RecordKind.ACTION, -1)


def test_each_card_reads_as_sentences(qtbot: Any) -> None:
    pictures = GlancePictures()
    qtbot.addWidget(pictures)
    pictures.set_glance(sample_glance())
    timeline, goals, actions = (c.accessibleDescription() for c in pictures.cards)
    assert [c.accessibleName() for c in pictures.cards] == [
        "Meetings in the last 12 months",
        "Goals",
        "Actions",
    ]
    assert "5 sessions in the last 12 months, 4 of them signed; the last on 02/11/2026." in timeline
    assert "meet every 4 to 6 weeks" in timeline
    assert "due between 30/11/2026 and 14/12/2026" in timeline
    assert (
        "2 gaps longer than agreed: 13 weeks from 02/02/2026; 22 weeks from 01/06/2026." in timeline
    )
    assert "4 goals: 1 achieved, 1 in progress, 1 not started, 1 dropped." in goals
    assert f"Past their target date: {isolate('Teach FY1s')} (target 01/10/2026)." in goals
    assert "12 actions agreed and 9 closed; 5 open now." in actions
    assert f"2 overdue: {isolate('Book protected QI time')} (due 01/09/2026);" in actions
    # What a screen reader is given, through Qt's accessibility interface.
    reader = QAccessible.queryAccessibleInterface(pictures.goals_view)
    assert reader is not None and reader.text(QAccessible.Text.Name) == "Goals"
    assert reader.text(QAccessible.Text.Description) == goals
    assert "4 goals" in pictures.accessibleDescription()  # describe(): the whole glance


def test_the_cards_follow_the_palette(qtbot: Any) -> None:
    for palette in (QPalette(QColor("#efefef")), dark_palette()):
        card = shown(qtbot, GoalsView(), 400)
        card.setPalette(palette)
        image = QImage(card.size(), QImage.Format.Format_ARGB32)
        card.render(image)
        inside = QColor(image.pixel(card.width() // 2, card.height() - 6))
        assert inside == palette.color(QPalette.ColorRole.Base)


def test_goals_and_actions_stack_when_the_page_is_narrow(qtbot: Any) -> None:
    pictures = GlancePictures()
    qtbot.addWidget(pictures)
    pictures.set_glance(sample_glance())
    pictures.resize(1000, 600)
    pictures.show()
    qtbot.waitUntil(lambda: pictures.goals_view.y() == pictures.actions_view.y())
    pictures.resize(560, 800)
    qtbot.waitUntil(lambda: pictures.actions_view.y() > pictures.goals_view.y())
    assert all(isinstance(c, QWidget) and c.width() <= 560 for c in pictures.cards)


def test_narrow_or_large_text_makes_the_pictures_taller_not_clipped(qtbot: Any) -> None:
    timeline = shown(qtbot, TimelineView(), 1200)
    goals = shown(qtbot, GoalsView(), 1200)
    assert len(timeline.legend_rows(1180)) == 1  # type: ignore[attr-defined]
    assert len(timeline.legend_rows(420)) >= 2  # type: ignore[attr-defined]
    assert timeline.heightForWidth(440) > timeline.heightForWidth(1200)
    assert not goals.stacked(1180)  # type: ignore[attr-defined]
    assert goals.stacked(200)  # type: ignore[attr-defined]
    assert goals.heightForWidth(220) > goals.heightForWidth(1200)
    before = timeline.heightForWidth(1200)
    bigger = timeline.font()
    bigger.setPointSizeF(bigger.pointSizeF() * 1.75)
    timeline.setFont(bigger)
    assert timeline.heightForWidth(1200) > before
    # Given that height, the lane and the month names below it sit inside the card.
    timeline.resize(1200, timeline.heightForWidth(1200))
    area = timeline.picture_area()
    names = QFontMetrics(timeline.small_font()).height()
    assert timeline.lane_top(area) + 34 + 4 + names <= area.bottom() + 1  # type: ignore[attr-defined]


def test_no_pictures_before_the_first_relationship(qtbot: Any) -> None:
    pictures = GlancePictures()
    qtbot.addWidget(pictures)
    pictures.show()
    pictures.set_glance(replace(sample_glance(), relationship_id=None))
    assert pictures.isHidden()
    pictures.set_glance(sample_glance())
    assert not pictures.isHidden()

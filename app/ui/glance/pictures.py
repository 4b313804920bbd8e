"""The Overview's three pictures together: the year of meetings across the top, the
goals and the actions side by side below it (one above the other when the page is too
narrow for two)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from app.domain.glance import Glance
from app.services.glance_builder import describe
from app.ui.glance.actions_view import ActionsView
from app.ui.glance.card import GlanceCard
from app.ui.glance.goals_view import GoalsView
from app.ui.glance.timeline_view import TimelineView

#: Below this width the goals and actions stack rather than stand side by side.
SIDE_BY_SIDE = 640


class GlancePictures(QWidget):
    #: Open the records behind a picture: (RecordKind, record id or -1).
    opened = Signal(object, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline_view = TimelineView()
        self.goals_view = GoalsView()
        self.actions_view = ActionsView()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.timeline_view)
        self.pair = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.pair.addWidget(self.goals_view, 1, Qt.AlignmentFlag.AlignTop)
        self.pair.addWidget(self.actions_view, 1, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(self.pair)
        for card in self.cards:
            card.opened.connect(self.opened.emit)
        self.setMinimumWidth(self.timeline_view.minimumWidth())
        self.setAccessibleName("The relationship at a glance")

    @property
    def cards(self) -> tuple[GlanceCard, ...]:
        return (self.timeline_view, self.goals_view, self.actions_view)

    def set_glance(self, glance: Glance) -> None:
        # The whole glance in sentences (describe), for a screen reader that reads
        # the group; each card says its own part when it has the focus.
        self.setAccessibleDescription(describe(glance))
        # Before the first relationship there is nothing to picture: the cards below
        # say what to add first.
        self.setVisible(glance.relationship_id is not None)
        for card in self.cards:
            card.set_glance(glance)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt)
        wide = event.size().width() >= SIDE_BY_SIDE
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.pair.direction() != direction:
            self.pair.setDirection(direction)
        super().resizeEvent(event)

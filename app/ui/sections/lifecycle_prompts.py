"""The Overview's prompts about the contract (app/services/glance_builder.py): meetings further
apart than agreed twice in a row, or the contract's review date passed, each said in
one sentence with its next step as a button: "Book a meeting…" saves the meeting as an
.ics for the mentee's calendar; "Review the contract" opens the contract, where
amending it with a reason is the contract form's own flow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import clock
from app.domain.errors import KnownError
from app.domain.glance import Glance, LifecyclePrompt, PromptKind
from app.services.calendar_export import save_meeting
from app.services.glance_builder import build_glance, spoken
from app.services.portfolio import Portfolio
from app.ui.date_field import DateField
from app.ui.look import set_tone
from app.ui.ops import Op
from app.ui.reflection.appraisal_exports import PathChooser, ask_save_path

BOOK = "Book a meeting…"
REVIEW = "Review the contract"


def suggested_day(glance: Glance) -> date:
    """A day to propose for the next meeting: a week from today (sooner than the
    agreed interval, which has already run out when this is offered)."""
    return glance.today + timedelta(days=7)


class BookMeetingDialog(QDialog):
    """Pick the day; Save to calendar… asks where to keep the .ics."""

    def __init__(self, day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Book a meeting")
        explain = QLabel(
            "Choose the day you have agreed with your mentor. The calendar file says"
            " only \u201cMentoring meeting\u201d: no names or notes leave the portfolio."
        )
        explain.setWordWrap(True)
        self.day = DateField(label="Meeting on")
        self.day.set_value(day)
        self.problem = QLabel()
        set_tone(self.problem, "error")
        self.problem.hide()
        form = QFormLayout()
        form.addRow("Meeting on", self.day)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save = buttons.addButton("Save to calendar…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def chosen(self) -> date | None:
        try:
            return self.day.value()
        except KnownError:
            return None

    def _accept(self) -> None:
        if self.chosen() is None:
            self.problem.setText(self.day.problem() or "Type the day of the meeting.")
            self.problem.show()
            self.day.edit.setFocus()
            return
        self.accept()


class LifecyclePrompts(QWidget):
    """Hidden while there is nothing to say. ``open_contract`` asks the window to open
    the contract (its record id)."""

    open_contract = Signal(int)

    def __init__(
        self,
        portfolio: Portfolio,
        parent: QWidget | None = None,
        *,
        choose_path: PathChooser = ask_save_path,
        ask_day: Callable[[date, QWidget], date | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self._choose_path = choose_path
        self._ask_day = ask_day or _ask_day
        self.glance: Glance | None = None
        self._rows = QVBoxLayout()
        self._rows.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # it names a file
        self.status.setWordWrap(True)
        self.status.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._rows)
        layout.addWidget(self.status)
        self.setAccessibleName("About your contract")
        self.hide()

    def refresh(self, today: date | None = None) -> None:
        """Build the glance and show its prompts (show_glance, for a glance already built)."""
        self.show_glance(build_glance(self.portfolio, today or clock.today()))

    def show_glance(self, glance: Glance) -> None:
        self.glance = glance
        while self._rows.count():
            item = self._rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for prompt in glance.prompts:
            self._rows.addWidget(self._row(prompt, glance))
        self.setVisible(bool(glance.prompts))

    def _row(self, prompt: LifecyclePrompt, glance: Glance) -> QFrame:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        set_tone(box, "warning")
        # The sign says it is a warning without its colour (as every warning does).
        sentence = QLabel(f"\u26a0 {prompt.sentence}")
        sentence.setTextFormat(Qt.TextFormat.PlainText)
        sentence.setAccessibleName(prompt.sentence)
        sentence.setWordWrap(True)
        set_tone(sentence, "warning")
        row = QHBoxLayout(box)
        row.addWidget(sentence, 1)
        if prompt.kind is PromptKind.MEETINGS_TOO_FAR_APART and glance.relationship_id:
            book = QPushButton(BOOK)
            book.setAccessibleDescription(prompt.sentence)
            book.clicked.connect(self.book_meeting)
            row.addWidget(book)
        if prompt.kind is PromptKind.REVIEW_DUE and glance.contract_id is not None:
            review = QPushButton(REVIEW)
            review.setAccessibleDescription(prompt.sentence)
            contract_id = glance.contract_id
            review.clicked.connect(lambda: self.open_contract.emit(contract_id))
            row.addWidget(review)
        return box

    def buttons(self) -> list[QPushButton]:
        return self.findChildren(QPushButton)

    def book_meeting(self) -> None:
        glance = self.glance
        if glance is None or glance.relationship_id is None:
            return
        day = self._ask_day(suggested_day(glance), self)
        if day is None:
            return
        path = self._choose_path(
            self, "Book a meeting", f"mentoring-{day.isoformat()}.ics", "Calendar (*.ics)"
        )
        if path is None:
            return
        if path.suffix.lower() != ".ics":
            path = path.with_name(path.name + ".ics")
        target: Path = path
        rel_id = glance.relationship_id
        saved = (
            Op(None, self, lambda: save_meeting(self.portfolio, rel_id, day, target))
            .in_background("Writing the calendar file…")
            .failure(lambda exc: self._say(str(exc)))
            .run()
        )
        if saved:
            self._say(
                f"Saved the meeting on {spoken(day)} to {target.name}: open it to add it"
                " to your calendar."
            )

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()


def _ask_day(day: date, parent: QWidget) -> date | None:
    dialog = BookMeetingDialog(day, parent)
    try:
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()

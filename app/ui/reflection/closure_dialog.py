"""Ending a relationship: the end-of-relationship review, then the relationship's
records become read-only (closure service). Nothing is saved until "End relationship"."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain import clock
from app.domain.bidi import isolate
from app.domain.errors import KnownError, ValidationFailed
from app.domain.record_types import Relationship
from app.domain.typed_dates import DateNotUnderstood
from app.services.changes import EVERYTHING
from app.services.closure import EndReview, close_relationship, reopen_relationship
from app.services.portfolio import Portfolio
from app.ui.date_field import DateField
from app.ui.look import set_tone
from app.ui.ops import ChangeBus, Op

REASONS = (
    "Goals met",
    "Moving on (new post or role)",
    "No progress: a no-fault ending",
    "End of the agreed term",
)
QUESTIONS = (
    ("expected", "What did you expect from the mentoring?"),
    ("achieved", "What was achieved?"),
    ("learned", "What did you learn?"),
    ("left_to_do", "What is left to do?"),
    ("evaluation", "How did the relationship work? (final evaluation)"),
)


_FIELDS = {"end_date": "The end date", "reason": "Please"}


def _sentence(field: str, problem: str) -> str:
    """'must be on or after the start date' -> 'The end date must be on or after ...'."""
    return f"{_FIELDS.get(field, field.replace('_', ' ').capitalize())} {problem}."


class ClosureDialog(QDialog):
    def __init__(
        self,
        portfolio: Portfolio,
        relationship_id: int,
        who: str,
        today: date | None = None,
        parent: QWidget | None = None,
        bus: ChangeBus | None = None,
    ) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.relationship_id = relationship_id
        self.bus = bus or ChangeBus()
        self.closed: Relationship | None = None
        self.setWindowTitle("End the mentoring relationship")
        self.resize(620, 620)
        intro = QLabel(
            f"Ending the relationship with {isolate(who)}. Afterwards its contract, goals,"
            " sessions, actions and checklists become read-only; the answers below go on the"
            " closure page of your appraisal pack. You can reopen it later, with a reason."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.end_date = DateField(label="Ended on")
        self.end_date.set_value(today or clock.today())
        ended_on = QLabel("&Ended on")
        ended_on.setBuddy(self.end_date.edit)
        form.addRow(ended_on, self.end_date)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(REASONS)
        self.reason.setCurrentIndex(-1)
        editor = self.reason.lineEdit()  # there is one: the box is editable
        if editor is not None:
            editor.setPlaceholderText("Why it ends (choose or type)")
        form.addRow("&Why it ends", self.reason)
        self.answers: dict[str, QPlainTextEdit] = {}
        for name, question in QUESTIONS:
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(70)
            edit.setAccessibleName(question)
            self.answers[name] = edit
            form.addRow(QLabel(question), edit)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        set_tone(self.problem, "error")
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.end_button = buttons.addButton(
            "&End relationship", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self._end)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def review(self) -> EndReview:
        """The answers; DateNotUnderstood (also said under the field) if the end date
        is not a date, or is empty."""
        if not self.end_date.accepts():
            self.end_date.edit.setFocus()
        end_date = self.end_date.value()
        if end_date is None:
            self.end_date.edit.setFocus()
            raise DateNotUnderstood("Type the day the relationship ended.")
        text = {name: edit.toPlainText().strip() for name, edit in self.answers.items()}
        return EndReview(
            end_date=end_date,
            reason=self.reason.currentText().strip(),
            **text,
        )

    def _end(self) -> None:
        try:
            review = self.review()
        except DateNotUnderstood as refused:
            self._refused(refused)
            return
        ended: list[Relationship] = []
        if (
            Op(
                self.bus,
                self,
                lambda: close_relationship(self.portfolio, self.relationship_id, review),
            )
            .changes(EVERYTHING)  # every record of the relationship becomes read-only
            .success(ended.append)
            .failure(self._refused)
            .run()
        ):
            self.closed = ended[0]
            self.accept()

    def _refused(self, exc: KnownError) -> None:
        if isinstance(exc, ValidationFailed):
            self._show(
                " ".join(_sentence(field, problem) for field, problem in exc.problems.items())
            )
        else:
            self._show(str(exc))

    def _show(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()


class ReopenDialog(QDialog):
    """Reopening an ended relationship makes its records editable again; the reason goes
    into the portfolio history."""

    def __init__(
        self,
        portfolio: Portfolio,
        relationship_id: int,
        who: str,
        parent: QWidget | None = None,
        bus: ChangeBus | None = None,
    ) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.relationship_id = relationship_id
        self.bus = bus or ChangeBus()
        self.setWindowTitle("Reopen the mentoring relationship")
        intro = QLabel(
            f"Reopening the relationship with {isolate(who)} makes its records editable"
            " again. Say why; the reason is kept in the portfolio history."
        )
        intro.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setAccessibleName("Why reopen")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        set_tone(self.problem, "error")
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.reopen_button = buttons.addButton("&Reopen", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._reopen)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.reason)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _reopen(self) -> None:
        reason = self.reason.toPlainText()
        if (
            Op(
                self.bus,
                self,
                lambda: reopen_relationship(self.portfolio, self.relationship_id, reason),
            )
            .changes(EVERYTHING)  # its records are editable again
            .failure(self._refused)
            .run()
        ):
            self.accept()

    def _refused(self, exc: KnownError) -> None:
        if isinstance(exc, ValidationFailed):
            self.problem.setText("Please say why you are reopening the relationship.")
        else:
            self.problem.setText(str(exc))
        self.problem.show()


def end_relationship(
    portfolio: Portfolio, relationship_id: int, who: str, parent: QWidget | None = None
) -> bool:
    """For the relationship editor's "End relationship…" button; True once ended (the
    editor announces the change to the window)."""
    dialog = ClosureDialog(portfolio, relationship_id, who, parent=parent)
    return dialog.exec() == QDialog.DialogCode.Accepted


def reopen_relationship_dialog(
    portfolio: Portfolio, relationship_id: int, who: str, parent: QWidget | None = None
) -> bool:
    """For the "Reopen…" button of an ended relationship; True once reopened."""
    return ReopenDialog(portfolio, relationship_id, who, parent).exec() == (
        QDialog.DialogCode.Accepted
    )

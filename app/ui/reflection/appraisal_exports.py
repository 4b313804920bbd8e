"""Appraisal section controls beside the PDF pack: CPD entries for a period as CSV or
plain text (identifier check first), and the next meeting and review dates as an .ics
calendar file that carries no confidential text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import clock
from app.domain.bidi import isolate
from app.domain.errors import KnownError
from app.domain.identifiers import IdentifierHit
from app.services import appraisal_text
from app.services.calendar_export import save_calendar
from app.services.portfolio import Portfolio
from app.services.reviews import add_months
from app.services.sharing_check import keep
from app.ui.date_field import DateField
from app.ui.ops import Op
from app.ui.reflection.identifier_review import confirm_hits

# (parent, title, suggested name, filter) -> chosen path or None; tests pass their own.
PathChooser = Callable[[QWidget, str, str, str], Path | None]
# (hits, what, parent) -> True to go on; tests pass their own.
HitReviewer = Callable[[Sequence[IdentifierHit], str, QWidget | None], bool]


def ask_save_path(parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / suggested), filters)
    return Path(name) if name else None


class AppraisalExports(QWidget):
    def __init__(
        self,
        portfolio: Portfolio,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        choose_path: PathChooser = ask_save_path,
        review_hits: HitReviewer = confirm_hits,
    ) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self._choose_path = choose_path
        self._review_hits = review_hits
        day = today or clock.today()
        title = QLabel("CPD entries and calendar")
        title.setStyleSheet("font-weight: 600;")
        explain = QLabel(
            'CPD entries (title, date, hours, type "mentoring", reflection'
            " from your appraisal summaries; and your reflective notes' learning"
            " summaries) to paste or upload into your appraisal toolkit. Private"
            " reflections stay out unless you tick the box; a reflective note's"
            " private note always does."
        )
        explain.setWordWrap(True)
        self.date_from = DateField(label="Period from")
        self.date_to = DateField(label="Period to")
        self.date_from.set_value(add_months(day, -12))
        self.date_to.set_value(day)
        period = QHBoxLayout()
        period.addWidget(self.date_from)
        period.addWidget(QLabel("to"))
        period.addWidget(self.date_to)
        period.addStretch(1)
        form = QFormLayout()
        form.addRow("Period", period)
        self.include_private = QCheckBox("Include my &private reflections")
        self.cpd_button = QPushButton("Export &CPD entries…")
        self.cpd_button.clicked.connect(self.export_cpd)
        self.calendar_button = QPushButton("Export c&alendar (.ics)…")
        self.calendar_button.setToolTip(
            "The next meeting and review dates, titled only"
            ' "Mentoring meeting" or "Mentoring review".'
        )
        self.calendar_button.clicked.connect(self.export_calendar)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cpd_button)
        buttons.addWidget(self.calendar_button)
        buttons.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Export result")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.include_private)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    def export_cpd(self) -> None:
        try:
            entries = appraisal_text.cpd_entries(
                self.portfolio,
                self.date_from.required_value("the first day of the period"),
                self.date_to.required_value("the last day of the period"),
                include_reflections=self.include_private.isChecked(),
            )
            if not entries:
                raise KnownError(
                    "There are no mentoring sessions or reflective notes in that period."
                )
            hits = appraisal_text.check_entries(
                entries, appraisal_text.people_names(self.portfolio)
            )
            if hits and not self._review_hits(hits, "exporting CPD entries", self):
                self.status.setText("Not exported: edit the notes listed, then export again.")
                return
            path = self._choose_path(
                self,
                "Export CPD entries",
                "mentoring-cpd.csv",
                "Spreadsheet (*.csv);;Plain text (*.txt)",
            )
            if path is None:
                return
            if path.suffix.lower() not in (".csv", ".txt"):
                path = path.with_name(path.name + ".csv")
            target, as_spreadsheet = path, path.suffix.lower() == ".csv"
            with_private = self.include_private.isChecked()
            written = (
                Op(
                    None,
                    self,
                    lambda: (
                        keep(self.portfolio, "CPD export", hits)
                        + appraisal_text.save_cpd(
                            self.portfolio,
                            entries,
                            target,
                            as_spreadsheet=as_spreadsheet,
                            include_reflections=with_private,
                        )
                    ),
                )
                .in_background("Writing the CPD entries…")
                .failure(lambda exc: self.status.setText(str(exc)))
                .run()
            )
            if not written:
                return
        except KnownError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(
            f"Wrote {len(entries)} CPD entr{'ies' if len(entries) != 1 else 'y'} to"
            f" {isolate(str(path))}."
        )

    def export_calendar(self) -> None:
        path = self._choose_path(self, "Export calendar", "mentoring.ics", "Calendar (*.ics)")
        if path is None:
            return
        if path.suffix.lower() != ".ics":
            path = path.with_name(path.name + ".ics")
        target = path
        counted: list[int] = []
        written = (
            Op(None, self, lambda: save_calendar(self.portfolio, target))
            .in_background("Writing the calendar…")
            .success(counted.append)
            .failure(lambda exc: self.status.setText(str(exc)))
            .run()
        )
        if written:
            count = counted[0]
            self.status.setText(
                f"Wrote {count} event{'s' if count != 1 else ''} to {isolate(str(path))}."
            )

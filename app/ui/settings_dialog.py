"""Settings: auto-lock, paper size, default mentor, retention of old private text,
remember on this computer, and the look (light, dark or as the system; text size)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KnownError
from app.services import portfolio as portfolio_service
from app.services import profile, retention
from app.services.portfolio import Portfolio
from app.ui.app_settings import AUTO_LOCK_KEY, auto_lock_minutes, settings
from app.ui.look import (
    APPEARANCE_KEY,
    APPEARANCES,
    TEXT_SIZE_KEY,
    TEXT_SIZES,
    appearance,
    apply_look,
    set_tone,
    text_size,
)
from app.ui.ops import ChangeBus, Op
from app.ui.sections import choices

PAPER_KEY = "paper_size"
DEFAULT_MENTOR_KEY = "default_mentor_id"
PAPERS = ("A4", "Letter")


class SettingsDialog(QDialog):
    def __init__(
        self, portfolio: Portfolio, parent: QWidget | None = None, bus: ChangeBus | None = None
    ) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.bus = bus or ChangeBus()
        self.setWindowTitle("Settings")
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(0, 240)
        self.auto_lock.setSuffix(" minutes")
        self.auto_lock.setSpecialValueText("Never")
        self.auto_lock.setValue(auto_lock_minutes())
        self.auto_lock.setAccessibleName("Lock after idle minutes")
        self.paper = QComboBox()
        self.paper.addItems(PAPERS)
        self.paper.setAccessibleName("Paper size")
        self.mentor = QComboBox()
        self.mentor.setAccessibleName("Default mentor")
        self.appearance = QComboBox()
        for key, name in APPEARANCES:
            self.appearance.addItem(name, key)
        self.appearance.setCurrentIndex(max(0, self.appearance.findData(appearance())))
        self.appearance.setAccessibleName("Appearance")
        self.text_size = QComboBox()
        for percent in TEXT_SIZES:
            self.text_size.addItem(f"{percent}%", percent)
        self.text_size.setCurrentIndex(max(0, self.text_size.findData(text_size())))
        self.text_size.setAccessibleName("Text size")
        # Kept in the portfolio: every computer that opens it follows it.
        self.retention_months = QSpinBox()
        self.retention_months.setRange(0, retention.MOST_MONTHS)
        self.retention_months.setSuffix(" months")
        self.retention_months.setSpecialValueText("Never: keep it however old")
        self.retention_months.setAccessibleName("Delete private text older than, in months")
        self.retention_months.setToolTip(
            "Sessions' private reflections and reflective notes' private notes dated"
            " longer ago than this are deleted for good, unless the record is pinned."
            " You see what would go before anything is deleted."
        )
        self.retention_mode = QComboBox()
        self.retention_mode.addItem("Show me what is due and ask", retention.OFFER)
        self.retention_mode.addItem("Delete it automatically", retention.AUTOMATIC)
        self.retention_mode.setAccessibleName("When old private text is due on unlock")
        self.retention_months.valueChanged.connect(
            lambda months: self.retention_mode.setEnabled(months > 0)
        )
        self.was_retention = retention.Setting()
        self.retention_dialog: QDialog | None = None  # what retention would delete, shown
        self.remember = QCheckBox("Unlock without a passphrase on this computer")
        self.remember.setAccessibleName("Remember on this computer")
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_tone(self.error, "error")
        self.error.hide()
        try:
            self.paper.setCurrentText(profile.get_preference(portfolio, PAPER_KEY, "A4"))
            self.mentor.addItem("None", "")
            for mentor_id, name in choices.mentors(portfolio):
                self.mentor.addItem(name, str(mentor_id))
            current = profile.get_preference(portfolio, DEFAULT_MENTOR_KEY, "")
            self.mentor.setCurrentIndex(max(0, self.mentor.findData(current)))
            self.was_retention = retention.setting(portfolio)
            self.was_remembered = portfolio_service.is_remembered(portfolio)
        except KnownError as err:
            self.was_remembered = False
            self._show(err.message)
        self.remember.setChecked(self.was_remembered)
        self.retention_months.setValue(self.was_retention.months or 0)
        self.retention_mode.setCurrentIndex(int(self.was_retention.automatic))
        self.retention_mode.setEnabled(self.was_retention.months is not None)
        form = QFormLayout()
        form.addRow("&Lock after:", self.auto_lock)
        form.addRow("&Paper size:", self.paper)
        form.addRow("Default &mentor:", self.mentor)
        form.addRow("&Appearance:", self.appearance)
        form.addRow("&Text size:", self.text_size)
        self.retention_review = QPushButton("S&how what would go…")
        self.retention_review.setToolTip(
            "What these months would delete now, and the backups that still hold it;"
            " nothing is deleted unless you choose to."
        )
        self.retention_review.clicked.connect(self.review_retention)
        self.retention_review.setEnabled(self.retention_months.value() > 0)
        self.retention_months.valueChanged.connect(
            lambda months: self.retention_review.setEnabled(months > 0)
        )
        retention_row = QWidget()
        row = QHBoxLayout(retention_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.retention_months, 1)
        row.addWidget(self.retention_review)
        retention_label = QLabel("&Retention: delete private text older than:")
        retention_label.setBuddy(self.retention_months)  # its Alt+letter reaches the months
        form.addRow(retention_label, retention_row)
        form.addRow("&When it is due on unlock:", self.retention_mode)
        form.addRow("", self.remember)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def review_retention(self) -> None:
        """What the months chosen would delete now (the setting is not saved by it)."""
        from app.ui.retention_dialog import preview_then_offer

        self.retention_dialog = preview_then_offer(
            self.portfolio, self.retention_months.value(), self, self.bus
        )

    def _show(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def save(self) -> None:
        settings().setValue(AUTO_LOCK_KEY, self.auto_lock.value())
        settings().setValue(APPEARANCE_KEY, self.appearance.currentData())
        settings().setValue(TEXT_SIZE_KEY, self.text_size.currentData())
        apply_look()
        paper, mentor = self.paper.currentText(), str(self.mentor.currentData() or "")
        remember = self.remember.isChecked()
        months = self.retention_months.value() or None
        chosen = retention.Setting(
            months, months is not None and self.retention_mode.currentData() == retention.AUTOMATIC
        )

        def write() -> None:
            profile.set_preference(self.portfolio, PAPER_KEY, paper)
            profile.set_preference(self.portfolio, DEFAULT_MENTOR_KEY, mentor)
            if chosen != self.was_retention:
                retention.save_setting(self.portfolio, chosen)
            if remember != self.was_remembered:
                portfolio_service.remember_on_this_computer(self.portfolio, remember)

        if not Op(self.bus, self, write).failure(lambda err: self._show(err.message)).run():
            return
        self.accept()
        if months is not None and months != self.was_retention.months:
            # Applying the setting: what it would delete now, shown before anything is.
            from app.ui.retention_dialog import preview_then_offer

            self.retention_dialog = preview_then_offer(
                self.portfolio, months, self.parentWidget(), self.bus
            )

"""Retention in the window: what would be deleted, shown before anything is (each
record, its date, how much text; the backups that still hold it), then Delete for good
or Not now. Opened when the retention setting is applied, and on unlock when old
private text is due (unless the setting says to delete it automatically)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KnownError
from app.services import retention
from app.services.changes import EVERYTHING
from app.services.portfolio import Portfolio
from app.ui.look import set_role, set_tone
from app.ui.ops import ChangeBus, Op
from app.ui.safekeeping.plan_settings import load_plan


def backup_folders(portfolio: Portfolio) -> list[Path]:
    """Where this computer makes the portfolio's automatic backups (both folders)."""
    plan = load_plan(portfolio.portfolio_id)
    folders = [plan.first_folder(portfolio.path)]
    if plan.second_folder is not None:
        folders.append(plan.second_folder)
    return folders


@dataclass(frozen=True)
class Done:
    outcome: retention.Outcome
    pruned: retention.Pruned | None

    def sentences(self) -> str:
        text = self.outcome.sentence()
        if self.pruned is not None:
            text += " " + self.pruned.sentence()
        return text


class RetentionDialog(QDialog):
    def __init__(
        self,
        portfolio: Portfolio,
        shown: retention.Preview,
        parent: QWidget | None = None,
        bus: ChangeBus | None = None,
    ) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.shown = shown
        self.bus = bus
        self.done_with: Done | None = None
        self.setWindowTitle("Delete old private text")
        heading = QLabel(
            f"{len(shown.layers)} records have private text older than {shown.months} months"
            if shown.layers
            else f"No private text is older than {shown.months} months"
        )
        set_role(heading, "heading")
        heading.setWordWrap(True)
        explain = QLabel(
            "Deleted private text is gone for good: it cannot be brought back from the"
            " portfolio. Pinned records keep theirs. Nothing is deleted until you choose"
            " Delete for good."
        )
        explain.setWordWrap(True)
        self.listing = QPlainTextEdit("\n".join(shown.lines(after_pruning=False)))
        self.listing.setReadOnly(True)
        self.listing.setAccessibleName("What would be deleted")
        self.listing.setMinimumSize(560, 220)
        held = len(shown.holding)
        self.prune = QCheckBox(
            f"Also delete the {held} backups that still hold this text"
            if held != 1
            else "Also delete the backup that still holds this text"
        )
        self.prune.setAccessibleName("Also delete the backups that hold it")
        self.prune.setVisible(bool(shown.holding))
        self.remain = QLabel(shown.after_pruning())
        self.remain.setWordWrap(True)
        set_tone(self.remain, "muted")
        self.remain.setVisible(bool(shown.holding))
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_tone(self.error, "error")
        self.error.hide()
        buttons = QDialogButtonBox()
        self.delete_button = QPushButton("&Delete for good")
        self.delete_button.setAccessibleName("Delete the listed private text for good")
        self.delete_button.setAutoDefault(False)
        self.not_now = QPushButton("&Not now")
        self.not_now.setDefault(True)
        if shown.layers or shown.holding:
            buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        else:
            self.not_now.setText("&Close")
        buttons.addButton(self.not_now, QDialogButtonBox.ButtonRole.RejectRole)
        self.delete_button.clicked.connect(self.delete)
        self.not_now.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (heading, explain, self.listing, self.prune, self.remain, self.error):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.not_now.setFocus()

    def delete(self) -> None:
        count = len(self.shown.layers)
        prune = self.prune.isChecked() and bool(self.shown.holding)
        what = f"the private text of {count} record{'s' * (count != 1)}"
        if prune:
            held = len(self.shown.holding)
            what += f" and {held} backup{'s' * (held != 1)}"
        answer = QMessageBox.question(
            self,
            "Delete for good?",
            f"Delete {what} for good? It cannot be brought back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        portfolio, shown = self.portfolio, self.shown

        def work() -> Done:
            outcome = retention.apply(portfolio, shown)
            pruned = retention.prune_backups(portfolio, shown) if prune else None
            return Done(outcome, pruned)

        def finished(done: Done) -> None:
            self.done_with = done

        def failed(err: KnownError) -> None:
            self.error.setText(err.message)
            self.error.show()

        if (
            Op(self.bus, self, work)
            .in_background("Deleting old private text…")
            .changes(EVERYTHING)
            .success(finished)
            .failure(failed)
            .run()
        ):
            self.accept()
            QMessageBox.information(self.parentWidget(), "Old private text deleted", _said(self))


def _said(dialog: RetentionDialog) -> str:
    return dialog.done_with.sentences() if dialog.done_with is not None else ""


def preview_then_offer(
    portfolio: Portfolio,
    months: int,
    parent: QWidget | None,
    bus: ChangeBus | None,
    *,
    quiet_if_nothing: bool = False,
) -> RetentionDialog | None:
    """Work out what would go (off the GUI thread), then open the dialog showing it.
    ``quiet_if_nothing``: open nothing when nothing is due (on unlock)."""
    folders = backup_folders(portfolio)
    found: list[retention.Preview] = []
    if not (
        Op(None, parent, lambda: retention.preview(portfolio, months, folders))
        .in_background("Finding old private text…")
        .success(found.append)
        .run()
    ):
        return None
    shown = found[0]
    if quiet_if_nothing and not shown.layers:
        return None
    dialog = RetentionDialog(portfolio, shown, parent, bus)
    dialog.open()
    return dialog


def on_unlock(
    portfolio: Portfolio, parent: QWidget | None, bus: ChangeBus | None
) -> RetentionDialog | None:
    """What the setting asks for when the portfolio is unlocked: nothing; the dialog
    offering what is due; or, set to "automatically", the deletion itself, said after."""
    if portfolio.read_only:
        return None
    chosen: list[retention.Setting] = []
    if not Op(None, parent, lambda: retention.setting(portfolio)).success(chosen.append).run():
        return None
    setting = chosen[0]
    if setting.months is None:
        return None
    if not setting.automatic:
        return preview_then_offer(portfolio, setting.months, parent, bus, quiet_if_nothing=True)
    months = setting.months
    outcomes: list[retention.Outcome] = []

    def work() -> retention.Outcome:
        return retention.apply(portfolio, retention.preview(portfolio, months))

    Op(bus, parent, work).in_background("Deleting old private text…").changes(EVERYTHING).success(
        outcomes.append
    ).run()
    if outcomes and outcomes[0].records:
        _tell(parent, outcomes[0].sentence() + " (Settings: retention, automatically.)")
    return None


def _tell(parent: QWidget | None, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, "Old private text deleted", text)
    box.setParent(parent, box.windowFlags())
    box.open()

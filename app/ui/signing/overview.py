"""Signing at a glance, for the Overview: how many records are in each signature
status, and the portfolio-wide actions (verify a printed page, history)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.portfolio import Portfolio
from app.services.signing import lifecycle
from app.ui.signing.status import badge_colours

ORDER = ("awaiting mentor", "awaiting mentee", "ready to sign", "amended", "signed")


def open_verify_dialog(portfolio: Portfolio, parent: QWidget | None) -> None:
    from app.ui.signing.verify_dialog import VerifyDialog

    VerifyDialog(portfolio, parent).exec()


def open_portfolio_history(portfolio: Portfolio, parent: QWidget | None) -> None:
    from app.ui.signing.panel import HistoryDialog

    HistoryDialog(portfolio, None, parent).exec()


def signing_actions(
    portfolio: Portfolio | Callable[[], Portfolio], parent: QWidget
) -> list[QAction]:
    """Menu entries for the main window ("Verify a printed page…", "History…").
    ``portfolio`` may be a function giving the one open when the entry is chosen (the
    window's changes when it is locked and unlocked again)."""

    def current() -> Portfolio:
        return portfolio() if callable(portfolio) else portfolio

    verify = QAction("&Verify a printed page…", parent)
    verify.triggered.connect(lambda: open_verify_dialog(current(), parent))
    log = QAction("Portfolio &history…", parent)
    log.triggered.connect(lambda: open_portfolio_history(current(), parent))
    return [verify, log]


class SigningOverview(QWidget):
    """Call refresh() whenever records change."""

    def __init__(self, portfolio: Portfolio, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.portfolio = portfolio
        self.title = QLabel("Signatures")
        self.title.setStyleSheet("font-weight: 600;")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Signature summary")
        verify = QPushButton("&Verify a printed page…")
        verify.clicked.connect(lambda: open_verify_dialog(self.portfolio, self))
        log = QPushButton("&History…")
        log.clicked.connect(lambda: open_portfolio_history(self.portfolio, self))
        buttons = QHBoxLayout()
        buttons.addWidget(verify)
        buttons.addWidget(log)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        counts = lifecycle.status_counts(self.portfolio)
        if not counts:
            self.summary.setText(
                "Nothing has been prepared for signing yet. Open a contract,"
                " session record, goals plan or checklist and choose"
                " Mark ready to sign."
            )
            self.summary.setAccessibleDescription(self.summary.text())
            return
        parts = []
        for label in ORDER:
            if counts.get(label):
                colour, background = badge_colours(label)
                parts.append(
                    f'<span style="color:{colour}; background-color:{background};'
                    f' font-weight:600;">{counts[label]} {label}</span>'
                )
        self.summary.setText(" · ".join(parts))
        # Read out by a screen reader after the label's name (its text is not).
        self.summary.setAccessibleDescription(
            ", ".join(f"{counts[label]} {label}" for label in ORDER if counts.get(label))
        )

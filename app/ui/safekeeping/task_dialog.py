"""The shape of the Keep safe dialogs that run one piece of work (export, import,
change passphrase, new recovery code): what to fill in, a message line, a busy bar and
OK / Cancel. The work runs off the GUI thread; meanwhile OK is off and closing says why
it must wait; a refusal is said on the message line; once done, Cancel becomes Close."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KnownError
from app.ui.background import BackgroundTask, Job


class TaskDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        action: str,
        message_name: str,
        still_running: str,
        closes: bool = False,
    ) -> None:
        """``action``: OK's text ("Export"); ``still_running``: why closing must wait;
        ``closes``: Close instead of Cancel from the start (nothing to cancel)."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self._still_running = still_running
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(message_name)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        second = (
            QDialogButtonBox.StandardButton.Close
            if closes
            else QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | second)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(action)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        self.task = BackgroundTask(self)
        self.task.done.connect(self._done)

    def lay_out(self, *parts: QWidget | QLayout) -> QVBoxLayout:
        """The dialog's own parts, then the message line, the busy bar and the buttons."""
        layout = QVBoxLayout(self)
        for part in parts:
            if isinstance(part, QLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        return layout

    def start(self) -> None:
        """OK: check what was filled in, then ``run`` the work."""
        raise NotImplementedError

    def run(self, doing: str, job: Job) -> None:
        self.ok_button.setEnabled(False)
        self.progress.show()
        self.message.setText(doing)
        self.task.start(job)

    def _done(self, result: object) -> None:
        self.progress.hide()
        self.ok_button.setEnabled(True)
        if isinstance(result, KnownError):
            self.message.setText(result.message)
            return
        self.succeeded(result)

    def succeeded(self, result: object) -> None:
        """The work's result (not a refusal)."""
        raise NotImplementedError

    def offer_close(self) -> None:
        """Done: Close (accepting the dialog) is all that is left."""
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.accept)

    def reject(self) -> None:
        if self.task.running():
            self.message.setText(self._still_running)
            return
        super().reject()

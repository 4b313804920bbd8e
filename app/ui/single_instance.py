"""One app window per portfolio.

The first process to open a portfolio takes an owner-only lock file and listens on a
local socket, both named after a hash of the portfolio's absolute path (so the name
reveals nothing) in the runtime folder (``$XDG_RUNTIME_DIR``, mode 0700; a named pipe
on Windows). A second launch on the same portfolio finds the lock taken, connects and
asks the first window to come forward, then exits; if the first process cannot be
reached it tells the user the portfolio is open elsewhere instead of writing to it too.
A lock left by a process that died is stale and is taken over (QLockFile checks the
process id).

Hooks for run_app::

    guard = SingleInstance(portfolio_path)
    outcome = guard.claim()            # before unlocking
    if outcome is Claim.FORWARDED: return 0
    if outcome is Claim.OPEN_ELSEWHERE: show OPEN_ELSEWHERE_MESSAGE; return 2
    guard.activation_requested.connect(lambda: bring_to_front(window))
    ... guard.release() when the portfolio is closed
"""

from __future__ import annotations

import enum
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from app.os_support.places import (
    local_server_name,
    make_local_server_private,
    make_lock_file_private,
)
from app.ui.window_claim import claim_file, instance_key, runtime_dir

__all__ = [
    "Claim",
    "SingleInstance",
    "ask_to_come_forward",
    "bring_to_front",
    "instance_key",
    "open_in_app",
    "runtime_dir",
]

RAISE_REQUEST = b"raise\n"
RAISED_REPLY = b"ok\n"
CONNECT_TIMEOUT_MS = 1500
OPEN_ELSEWHERE_MESSAGE = (
    "This portfolio is already open in another Mentee Portfolio window that is not"
    " responding. Close that window (or wait for it), then try again."
)


class Claim(enum.Enum):
    OWNER = "owner"  # this process now owns the portfolio
    FORWARDED = "forwarded"  # the window that has it open was asked to come forward
    OPEN_ELSEWHERE = "open_elsewhere"  # another process has it and did not answer


class SingleInstance(QObject):
    activation_requested = Signal()

    def __init__(self, portfolio_path: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.key = instance_key(portfolio_path)
        folder = runtime_dir()
        self._lock = claim_file(portfolio_path)
        self.server_name = local_server_name(folder, self.key)
        self._server: QLocalServer | None = None

    def claim(self) -> Claim:
        if self._lock.tryLock(0):
            make_lock_file_private(self._lock.fileName())
            self._listen()
            return Claim.OWNER
        return Claim.FORWARDED if self._ask_owner_to_raise() else Claim.OPEN_ELSEWHERE

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    @property
    def owns(self) -> bool:
        return self._lock.isLocked()

    def _listen(self) -> None:
        QLocalServer.removeServer(self.server_name)  # a socket left by a dead owner
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if server.listen(self.server_name):
            server.newConnection.connect(self._answer)
            self._server = server
            make_local_server_private(server.fullServerName())
        # Without a server a second launch says "open elsewhere": safe, just less smooth.

    def _answer(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._on_request(s))
            socket.disconnected.connect(socket.deleteLater)

    def _on_request(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE_REQUEST.strip()):
            self.activation_requested.emit()
            socket.write(RAISED_REPLY)
            socket.flush()
        socket.disconnectFromServer()

    def _ask_owner_to_raise(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.server_name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(RAISE_REQUEST)
        socket.flush()
        answered = socket.waitForReadyRead(CONNECT_TIMEOUT_MS) and bytes(
            socket.readAll().data()
        ).startswith(RAISED_REPLY.strip())
        socket.abort()
        return answered


def open_in_app(portfolio_path: Path) -> bool:
    """Whether a live app window has this portfolio open (for CLI commands that write:
    they should refuse rather than write beside the window). Takes no lock of its own."""
    probe = SingleInstance(portfolio_path)
    if probe._lock.tryLock(0):
        probe._lock.unlock()
        return False
    return True


def ask_to_come_forward(portfolio_path: Path) -> bool:
    """Ask the window that has this portfolio open to come forward; False if it did not
    answer."""
    return SingleInstance(portfolio_path)._ask_owner_to_raise()


def bring_to_front(window: QWidget) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()

"""The window claim: the file that says which process has a portfolio's window open
(app/ui/single_instance.py holds it; not the portfolio's own lock, which is its key
leaving memory). QtCore only, so the launch can look before its first window is painted."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QCryptographicHash, QLockFile, QStandardPaths

from app.os_support.places import temp_folder
from app.paths import ensure_private_dir


def instance_key(portfolio_path: Path) -> str:
    # SHA-256 of the absolute path; Qt's hash, as hashlib would cost the launch ~2.5 ms.
    path = str(portfolio_path.expanduser().resolve()).encode("utf-8")
    digest = QCryptographicHash.hash(QByteArray(path), QCryptographicHash.Algorithm.Sha256)
    return f"mentee-portfolio-{bytes(digest.toHex().data()).decode()[:32]}"


def runtime_dir() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.RuntimeLocation)
    base = Path(found) if found else Path(temp_folder())
    return ensure_private_dir(base)


def claim_file(portfolio_path: Path) -> QLockFile:
    lock = QLockFile(str(runtime_dir() / f"{instance_key(portfolio_path)}.lock"))
    lock.setStaleLockTime(0)  # stale only when its process is gone
    return lock


def held_by_another_process(portfolio_path: Path) -> bool:
    """Whether another live process has this portfolio open. Takes no lock of its own;
    a lock this process holds does not count. Unknown (runtime folder unusable) counts
    as not held: claiming before unlocking will then say what is wrong."""
    try:
        lock = claim_file(portfolio_path)
    except OSError:
        return False
    if lock.tryLock(0):
        lock.unlock()
        return False
    pid, _host, _app = lock.getLockInfo()
    return pid != os.getpid()

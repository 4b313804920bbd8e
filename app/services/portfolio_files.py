"""Portfolio files before they are unlocked: the recent list's entries (found or not),
whether a chosen file can be a portfolio, and the sentence for one that has gone.

No keys are tried here and nothing is written: a missing portfolio is never created
again at its old path. Where the list is stored is the app's business (its settings);
this module only works on the paths."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import KnownError

# app.store.files (and the store's engine) load when first needed: the welcome window
# lists recent portfolios before its first paint, and they cost it ~30 ms.

PORTFOLIO_SUFFIX = ".mpf"


@dataclass(frozen=True)
class RecentPortfolio:
    path: Path
    found: bool

    @property
    def name(self) -> str:
        return _one_line(self.path.name)

    @property
    def folder(self) -> str:
        return _one_line(str(self.path.parent))


def _one_line(text: str) -> str:
    """A path part shown on one line: control characters (a newline in a file name)
    become visible escapes, as in app.store.files.printable."""
    if text.isprintable():
        return text
    from app.store.files import printable

    return printable(text)


def is_there(path: Path) -> bool:
    """Path.is_file that answers False where Python 3.11 raises (EACCES, ENAMETOOLONG,
    EIO, ESTALE): a dead mount or a folder without permission counts as not there."""
    try:
        return path.is_file()
    except OSError:
        return False


def is_missing(path: Path) -> bool:
    """Nothing at ``path`` (or a link to nothing): a removed stick, a renamed folder."""
    return not os.path.exists(path)


def look_up(paths: list[str]) -> list[RecentPortfolio]:
    """The recent list as the user sees it, in the same order (most recent first)."""
    return [RecentPortfolio(Path(p), is_there(Path(p))) for p in paths]


def same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return one.expanduser().absolute() == other.expanduser().absolute()


def moved(paths: list[str], old: str, new: str) -> list[str]:
    """The list after the portfolio once at ``old`` was found at ``new``: the entry
    points there now, as the most recent."""
    return [new, *(p for p in paths if p not in (old, new))]


def without(paths: list[str], path: str) -> list[str]:
    return [p for p in paths if p != path]


def not_found_sentence(path: Path) -> str:
    return (
        f"{_one_line(path.name)} was not found in {_one_line(str(path.parent))}: if it is"
        " on a USB stick or a network folder, connect it; if it was moved or renamed,"
        " find it where it is now."
    )


def nearest_existing_folder(path: Path) -> Path:
    """Where to start looking for a portfolio that was at ``path``: its folder, or the
    closest folder above it that is still there (the mount point of a removed stick)."""
    for folder in path.parents:
        try:
            if folder.is_dir():
                return folder
        except OSError:
            continue
    return Path.home()


def problem_opening(path: Path) -> str | None:
    """One sentence if ``path`` cannot be a portfolio (gone, a folder, a device, an
    unencrypted database, too short, or another kind of file), else None. A portfolio
    whose key file is missing still counts: its recovery code opens it."""
    if is_missing(path):
        return not_found_sentence(path)
    from app.store.engine import check_plausible_file
    from app.store.files import keyslot_path

    try:
        check_plausible_file(path)
    except KnownError as err:
        return f"{err.message} Nothing was opened."
    if path.suffix.lower() != PORTFOLIO_SUFFIX and not os.path.lexists(keyslot_path(path)):
        return (
            f"{_one_line(path.name)} is not a Mentee Portfolio file (portfolios end in"
            f" {PORTFOLIO_SUFFIX} and have a key file beside them). Nothing was opened."
        )
    return None

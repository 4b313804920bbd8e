"""Errors split the qutebrowser way: *known* errors carry a message for the user;
anything else is a bug and is reported without portfolio data."""

from __future__ import annotations


class KnownError(Exception):
    """A problem the user can understand and act on. ``str(err)`` is the message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class WrongPassphrase(KnownError):
    def __init__(self) -> None:
        super().__init__("That passphrase does not open this portfolio.")


class WrongRecoveryCode(KnownError):
    def __init__(self) -> None:
        super().__init__("That recovery code is well formed but belongs to a different portfolio.")


class RecoveryCodeTypo(KnownError):
    """A recovery code whose own checksum fails; ``group`` is 1-based."""

    def __init__(self, group: int | None, detail: str = "") -> None:
        self.group = group
        if group is None:
            message = f"That recovery code is not complete: {detail}"
        else:
            message = f"That code has a typo in group {group}."
        super().__init__(message)


class NotAPortfolio(KnownError):
    pass


class PortfolioDamaged(KnownError):
    pass


class MissingFile(KnownError):
    pass


class KeySlotMissing(KnownError):
    pass


class LocationNotWritable(KnownError):
    pass


class DiskFull(KnownError):
    def __init__(self, what: str = "the portfolio") -> None:
        super().__init__(
            f"The disk is full, so {what} could not be saved. Free some space and try again;"
            " nothing already saved was lost."
        )


class KeyringUnavailable(KnownError):
    pass


class NewerSchema(KnownError):
    pass


class PortfolioLocked(KnownError):
    def __init__(self) -> None:
        super().__init__("The portfolio is locked. Unlock it first.")


class ValidationFailed(KnownError):
    """One or more fields are not acceptable; ``problems`` maps field -> message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        lines = "; ".join(f"{field}: {msg}" for field, msg in problems.items())
        super().__init__(f"Please check: {lines}")


class RecordNotFound(KnownError):
    pass


class ImportRefused(KnownError):
    pass


class RecordFrozen(KnownError):
    """A signed or closed record cannot be changed in place."""


class AlreadyExists(KnownError):
    pass


class PortfolioBusy(KnownError):
    """Another connection (the desktop app, a command) held the write lock for longer
    than the busy timeout. Says nothing of what was or was not changed: callers that
    know add it."""

    GENERIC = (
        "The portfolio is busy: another program (the desktop app or a command) is saving"
        " to it. Try again in a moment."
    )

    def __init__(self, message: str = GENERIC) -> None:
        super().__init__(message)


class OutputRefused(KnownError):
    """A file the user named cannot be written there (it is the portfolio, its key
    file, a device...); nothing was written."""

"""The command line's standard output, and what happens when it cannot be written:
its reader went away (`history | head`) or the disk behind it is full."""

from __future__ import annotations

import re
import sys

from app.services.destinations import Output

# Control characters in what is shown (a file name, a field of an export, a note) are
# shown as escapes, not obeyed: a line stays one line and cannot drive the terminal.
# Half characters (a file name that is not UTF-8) are shown as escapes too.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def shown(text: str) -> str:
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class OutputFailed(Exception):
    """Standard output could not be written; ``error`` says why."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def say(message: str, *, output: Output | None = None) -> None:
    """A line for the user: on stdout, or on stderr when stdout carries the data."""
    text = "\n".join(shown(line) for line in message.split("\n"))
    if output is not None and output.is_stdout:
        sys.stderr.write(text + "\n")
        return
    try:
        print(text)  # noqa: T201 - the CLI's own output
    except OSError as exc:
        raise OutputFailed(exc) from None


def flush_output() -> None:
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError as exc:
        raise OutputFailed(exc) from None

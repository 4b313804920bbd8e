"""The command line's shape."""

from __future__ import annotations

from app.cli.commands import build_parser
from app.main import plain_launch_args


def test_a_plain_launch_gets_what_the_parser_would_give() -> None:
    """`mentee-portfolio` with no arguments skips the parser (it costs the first paint
    ~3 ms); the app must still see exactly the parser's defaults."""
    for with_commands in (False, True):
        assert vars(plain_launch_args()) == vars(build_parser(with_commands).parse_args([]))

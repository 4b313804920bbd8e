"""No two modules of the app share a name (issue 15): a name says which module it is,
in a traceback, a log line, an import or a conversation. Migration scripts, which
Alembic names by revision, and package files (__init__, __main__) are left out."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"


def test_no_two_modules_share_a_name() -> None:
    places: dict[str, list[str]] = defaultdict(list)
    for source in sorted(APP.rglob("*.py")):
        parts = source.relative_to(APP).parts
        if "migrations" in parts or source.name in ("__init__.py", "__main__.py"):
            continue
        places[source.stem].append("/".join(parts))
    shared = {name: where for name, where in places.items() if len(where) > 1}
    assert shared == {}
    assert len(places) > 100  # the walk found the app

"""Where bundled resources live: ``resources/`` beside ``app/`` in a checkout, or
``app/_resources`` inside an installed wheel or a frozen build."""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any


@cache
def resources_dir() -> Path:
    here = Path(__file__).resolve().parent
    candidates = [here.parent / "resources", here / "_resources"]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / "resources")
    for candidate in candidates:
        if (candidate / "templates").is_dir():
            return candidate
    raise FileNotFoundError("the app's resources folder is missing from this installation")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def load_template(name: str) -> Any:
    with resource_path("templates", name).open(encoding="utf-8") as handle:
        return json.load(handle)

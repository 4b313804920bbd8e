"""The app's own settings file, as Qt reads it back."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.ui.app_settings import (
    AUTO_LOCK_KEY,
    DEFAULT_AUTO_LOCK,
    RECENT_KEY,
    auto_lock_minutes,
    last_portfolio,
    recent_portfolios,
    settings,
)


@pytest.mark.parametrize("stored", ["@Rect(0 0 4 4)", "@Size(4 4)", "@Point(1 2)"])
def test_a_settings_file_with_a_value_of_another_kind_still_starts_the_app(stored: str) -> None:
    # Written by hand, or by another program: Qt reads these back as a rectangle, a size
    # or a point, neither a path nor a list of paths nor a number.
    path = Path(settings().fileName())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"[General]\n{RECENT_KEY}={stored}\n{AUTO_LOCK_KEY}={stored}\n")
    settings().sync()
    try:
        assert settings().value(RECENT_KEY) is not None
        assert recent_portfolios() == []
        assert last_portfolio() is None
        assert auto_lock_minutes() == DEFAULT_AUTO_LOCK
    finally:
        settings().remove(RECENT_KEY)
        settings().remove(AUTO_LOCK_KEY)
        settings().sync()

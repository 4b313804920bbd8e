"""Which characters of a text no printed page can show: the window asks before it
prints (a name typed in a script no bundled font covers), and says which ones, by
name, rather than letting them come out as boxes."""

from __future__ import annotations

from app.printing.scripts import undrawable
from app.printing.text import character_name


def undrawable_characters(text: str) -> list[str]:
    """Each character of ``text`` no bundled font can draw, once, in the order met, as
    "🫨 (U+1FAE8 SHAKING FACE)"; empty when every character prints."""
    if text.isascii():
        return []
    return [character_name(char) for char in undrawable(text)]

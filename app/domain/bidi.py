"""User text put into a sentence the app shows is isolated (Unicode FSI ... PDI), so
its own direction never reorders the words around it: with a mentor called
"د. ليلى حداد", "Next meeting with د. ليلى حداد" keeps its English in English order.

Only for text on the screen: stored data, exports, command-line output, file names,
search and printed pages hold the raw text (the PDF path drops these marks anyway)."""

from __future__ import annotations

FSI = "\u2068"  # FIRST STRONG ISOLATE: the text takes the direction of its first letter
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE: ends it


def isolate(text: str) -> str:
    """``text`` between FSI and PDI; empty text stays empty, and text isolated already
    is not wrapped twice."""
    if not text or is_isolated(text):
        return text
    return f"{FSI}{text}{PDI}"


def is_isolated(text: str) -> bool:
    """Whether ``text`` is one isolate from its first character to its last."""
    if not (text.startswith(FSI) and text.endswith(PDI)):
        return False
    depth = 0
    for index, char in enumerate(text):
        if char in "\u2066\u2067\u2068":
            depth += 1
        elif char == PDI:
            depth -= 1
            if depth == 0 and index != len(text) - 1:
                return False  # "⁨a⁩ and ⁨b⁩": two isolates, not one
    return depth == 0

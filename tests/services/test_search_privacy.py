"""Private stays private on screen: a search finds a session by the words of its
private reflection, but a result never shows them; it says where they were found."""

from __future__ import annotations

from app.domain.enums import RecordKind
from app.services import search
from tests.printing.conftest import Filled, filled  # noqa: F401 - the fixture

PRIVATE_WORDS = ("PRIVATE-REFLECTION-MARKER", "anxious")


def test_a_match_in_the_private_reflection_is_said_never_shown(filled: Filled) -> None:  # noqa: F811
    hits = search.search(filled.portfolio, "anxious")
    assert [(h.kind, h.record_id) for h in hits] == [(RecordKind.SESSION, filled.session.id)]
    hit = hits[0]
    assert hit.private_match == "in your private reflection"
    shown = f"{hit.title} {hit.snippet} {hit.private_match}"
    assert not any(word.lower() in shown.lower() for word in PRIVATE_WORDS)


def test_a_public_match_shows_public_text_only(filled: Filled) -> None:  # noqa: F811
    hits = search.search(filled.portfolio, "rota")
    session_hits = [h for h in hits if h.kind is RecordKind.SESSION]
    assert session_hits and all(h.private_match == "" for h in session_hits)
    for hit in session_hits:
        assert search.MATCH_START + "Rota" in hit.snippet
        assert not any(word.lower() in hit.snippet.lower() for word in PRIVATE_WORDS)


def test_words_in_both_show_the_public_ones(filled: Filled) -> None:  # noqa: F811
    hits = search.search(filled.portfolio, "rota anxious")
    assert [(h.kind, h.record_id) for h in hits] == [(RecordKind.SESSION, filled.session.id)]
    assert hits[0].private_match == "" and "anxious" not in hits[0].snippet.lower()

"""The stroke format shared with printing, and the binding of strokes to a version."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from app.domain.enums import SignerRole
from app.services.signing.frozen import binding_hash, canonical_strokes

coordinate = st.floats(min_value=0, max_value=300, allow_nan=False)
stroke = st.lists(st.lists(coordinate, min_size=2, max_size=2), min_size=2, max_size=20)


@given(st.lists(stroke, min_size=1, max_size=5))
def test_canonical_form_is_stable_and_in_the_agreed_shape(strokes: list) -> None:  # type: ignore[type-arg]
    text = canonical_strokes({"w": 300, "h": 300, "strokes": strokes})
    assert canonical_strokes(text) == text  # canonical of canonical is itself
    parsed = json.loads(text)
    assert set(parsed) == {"w", "h", "strokes"}
    assert len(parsed["strokes"]) == len(strokes)
    assert all(0 <= x <= 300 and 0 <= y <= 300 for line in parsed["strokes"] for x, y in line)


def test_binding_depends_on_version_role_and_strokes() -> None:
    strokes = canonical_strokes({"w": 10, "h": 10, "strokes": [[[1, 1], [2, 2]]]})
    other = canonical_strokes({"w": 10, "h": 10, "strokes": [[[1, 1], [2, 3]]]})
    base = binding_hash("a" * 64, SignerRole.MENTEE, strokes)
    assert base != binding_hash("b" * 64, SignerRole.MENTEE, strokes)
    assert base != binding_hash("a" * 64, SignerRole.MENTOR, strokes)
    assert base != binding_hash("a" * 64, SignerRole.MENTEE, other)
    assert len(base) == 64

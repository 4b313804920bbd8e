from datetime import date

import pytest

from app.domain.canonical import (
    ALPHABET,
    BadVerificationCode,
    canonical_json,
    content_hash,
    make_code,
    matches,
    parse_code,
)
from app.domain.enums import RecordKind, SessionFormat
from app.domain.record_types import SessionRecord


def test_canonical_json_is_stable_and_sorted() -> None:
    record = SessionRecord(
        id=3, held_on=date(2026, 5, 1), format=SessionFormat.VIDEO, topics="Łukasz & <Siân>"
    )
    text = canonical_json({"b": record, "a": [1]})
    assert text.startswith('{"a":[1],"b":{')
    assert '"format":"video"' in text and '"held_on":"2026-05-01"' in text
    assert "Łukasz & <Siân>" in text
    assert canonical_json({"a": [1], "b": record}) == text


def test_code_round_trips_and_binds_portfolio_and_content() -> None:
    digest = content_hash("{}")
    code = make_code("portfolio-1", RecordKind.SESSION, 12, 3, digest)
    parsed = parse_code(code.text.lower())
    assert parsed == code
    assert matches(parsed, "portfolio-1", digest)
    assert not matches(parsed, "portfolio-2", digest)
    assert not matches(parsed, "portfolio-1", content_hash("{ }"))


def test_every_single_character_typo_is_caught() -> None:
    code = make_code("p", RecordKind.CONTRACT, 7, 2, content_hash("x")).text
    for position, original in enumerate(code):
        if original == "-":
            continue
        for replacement in ALPHABET:
            if replacement == original:
                continue
            typo = code[:position] + replacement + code[position + 1 :]
            try:
                parsed = parse_code(typo)
            except BadVerificationCode:
                continue
            # A typo in the kind letter, id or version may still parse only if it
            # names a different record, and then the digest no longer matches.
            raise AssertionError(f"typo {typo} of {code} was accepted as {parsed}")


def test_garbage_is_not_a_code() -> None:
    with pytest.raises(BadVerificationCode, match="is not a verification code"):
        parse_code("hello")

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import recovery_code
from app.domain.errors import RecoveryCodeTypo


@given(st.binary(min_size=32, max_size=32))
def test_round_trip(key: bytes) -> None:
    code = recovery_code.encode(key)
    assert recovery_code.decode(code) == key
    assert len(recovery_code.groups(code)) == 13


def test_typing_is_forgiving_about_case_spaces_and_lookalikes() -> None:
    key = bytes(range(32))
    code = recovery_code.encode(key)
    sloppy = " ".join(recovery_code.groups(code)).lower().replace("0", "o").replace("1", "l")
    assert recovery_code.decode(sloppy) == key


def test_every_single_character_typo_names_its_group() -> None:
    code = recovery_code.normalise(recovery_code.encode(os.urandom(32)))
    for position, original in enumerate(code):
        for replacement in recovery_code.ALPHABET:
            if replacement == original:
                continue
            typo = code[:position] + replacement + code[position + 1 :]
            with pytest.raises(RecoveryCodeTypo) as caught:
                recovery_code.decode(typo)
            assert caught.value.group == position // 5 + 1
            assert f"group {position // 5 + 1}" in caught.value.message


def test_a_short_code_says_how_long_it_should_be() -> None:
    code = recovery_code.encode(os.urandom(32))
    with pytest.raises(RecoveryCodeTypo, match="has 60 characters, but a recovery code has 65"):
        recovery_code.decode(recovery_code.normalise(code)[:60])


def test_a_letter_outside_the_alphabet_is_a_typo_in_its_group() -> None:
    code = recovery_code.normalise(recovery_code.encode(os.urandom(32)))
    with pytest.raises(RecoveryCodeTypo) as caught:
        recovery_code.decode(code[:12] + "U" + code[13:])
    assert caught.value.group == 3

"""isolate(): user text in a sentence is wrapped once in FSI ... PDI."""

from __future__ import annotations

import pytest

from app.domain.bidi import FSI, PDI, is_isolated, isolate


@pytest.mark.parametrize("name", ["د. ليلى حداد", "ד״ר נועה 2", "Dr Ada Lovelace", "2"])
def test_a_name_is_wrapped_in_one_isolate(name: str) -> None:
    assert isolate(name) == f"{FSI}{name}{PDI}"
    assert isolate(isolate(name)) == isolate(name)
    assert is_isolated(isolate(name))


def test_empty_text_stays_empty() -> None:
    assert isolate("") == ""


def test_two_isolates_side_by_side_are_wrapped_as_a_whole() -> None:
    both = f"{isolate('ליה')} and {isolate('Ada')}"
    assert not is_isolated(both)
    assert isolate(both) == f"{FSI}{both}{PDI}"


def test_text_that_only_looks_isolated_is_wrapped() -> None:
    assert isolate(f"{FSI}x") == f"{FSI}{FSI}x{PDI}"
    assert isolate(f"x{PDI}") == f"{FSI}x{PDI}{PDI}"

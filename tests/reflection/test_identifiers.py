"""The identifier check on a fixture of realistic notes: every planted identifier is
found, clean notes pass. Precision and recall are printed with the test output."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from app.domain.identifiers import nhs_number_is_valid, scan

FIXTURE = json.loads((Path(__file__).parent / "fixtures_notes.json").read_text("utf-8"))


def test_precision_and_recall_on_the_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    today = date.fromisoformat(FIXTURE["today"])
    expected: set[tuple[int, str, str]] = set()
    found: set[tuple[int, str, str]] = set()
    for index, note in enumerate(FIXTURE["notes"]):
        expected |= {(index, kind, text) for kind, text in note["hits"]}
        found |= {
            (index, hit.kind, hit.text) for hit in scan(note["text"], FIXTURE["people"], today)
        }
    true_positives = expected & found
    precision = len(true_positives) / len(found) if found else 1.0
    recall = len(true_positives) / len(expected)
    with capsys.disabled():
        sys.stdout.write(
            f"\nidentifier check on {len(FIXTURE['notes'])} notes:"
            f" precision {precision:.2f}, recall {recall:.2f}"
            f" ({len(true_positives)} of {len(expected)} planted found,"
            f" {len(found - expected)} false alarms)\n"
        )
    assert expected - found == set(), "missed planted identifiers"
    assert precision >= 0.9, sorted(found - expected)
    clean = [i for i, n in enumerate(FIXTURE["notes"]) if not n["hits"]]
    assert len(clean) >= 10 and not [f for f in found if f[0] in clean]


def test_nhs_check_digit() -> None:
    assert nhs_number_is_valid("9434765919")
    assert not nhs_number_is_valid("9434765918")
    assert not nhs_number_is_valid("1111111111")
    assert scan("Ref 943 476 5918 is a typo, not an NHS number") == []


def test_each_hit_shows_its_context() -> None:
    (hit,) = scan("Long text before the number " * 3 + "NHS 943 476 5919 and more after it.")
    assert hit.context.endswith("…") is False and "[943 476 5919]" in hit.context
    assert hit.context.startswith("…")

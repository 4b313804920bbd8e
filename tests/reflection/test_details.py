"""The discoverable-detail check on a fixture of realistic notes (half of them clean):
times of an incident, wards, bays and beds, drugs with doses, colleagues' names and
admission wording. Precision and recall are printed with the test output; a finding
counts when its kind matches a planted one and their spans overlap."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from app.domain.details import ADMISSION, COLLEAGUE, KINDS, PROMPTS, scan_details

FIXTURE = json.loads((Path(__file__).parent / "fixtures_details.json").read_text("utf-8"))
Span = tuple[int, str, int, int]


def _planted() -> set[Span]:
    spans = set()
    for index, note in enumerate(FIXTURE["notes"]):
        for kind, text in note["hits"]:
            start = note["text"].index(text)
            spans.add((index, kind, start, start + len(text)))
    return spans


def _found() -> set[Span]:
    return {
        (index, hit.kind, hit.start, hit.end)
        for index, note in enumerate(FIXTURE["notes"])
        for hit in scan_details(note["text"], FIXTURE["people"])
    }


def _overlap(a: Span, b: Span) -> bool:
    return a[:2] == b[:2] and a[2] < b[3] and b[2] < a[3]


def test_precision_and_recall_on_the_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    notes = FIXTURE["notes"]
    assert len(notes) >= 60 and sum(not n["hits"] for n in notes) >= len(notes) // 2
    planted, found = _planted(), _found()
    assert {kind for _, kind, _, _ in planted} == set(KINDS)  # every kind is planted
    caught = {p for p in planted if any(_overlap(p, f) for f in found)}
    right = {f for f in found if any(_overlap(f, p) for p in planted)}
    recall = len(caught) / len(planted)
    precision = len(right) / len(found) if found else 1.0
    with capsys.disabled():
        sys.stdout.write(
            f"\ndiscoverable-detail check on {len(notes)} notes"
            f" ({sum(not n['hits'] for n in notes)} clean):"
            f" precision {precision:.2f}, recall {recall:.2f}"
            f" ({len(caught)} of {len(planted)} planted found,"
            f" {len(found - right)} false alarms)\n"
        )
        for index, kind, start, end in sorted(planted - caught):
            sys.stdout.write(f"  missed {kind}: {notes[index]['text'][start:end]!r}\n")
        for index, kind, start, end in sorted(found - right):
            sys.stdout.write(f"  false alarm {kind}: {notes[index]['text'][start:end]!r}\n")
    assert recall >= 0.95
    assert precision >= 0.85


def test_each_finding_names_its_kind_and_offers_a_prompt_about_learning() -> None:
    hits = scan_details("It was my fault; Sister Agbaje saw it.")
    assert [(h.kind, h.text) for h in hits] == [
        (ADMISSION, "my fault"),
        (COLLEAGUE, "Sister Agbaje"),
    ]
    assert all(h.prompt == PROMPTS[h.kind] and "learn" in h.prompt for h in hits)
    assert "[my fault]" in hits[0].context


def test_forward_looking_wording_is_not_an_admission() -> None:
    assert scan_details("Next time I should ask for help sooner.") == []
    assert scan_details("I should have more faith in my judgement.") == []
    assert [h.kind for h in scan_details("I should have asked for help.")] == [ADMISSION]

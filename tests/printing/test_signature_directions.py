"""Names in the signature block follow the page's rule for right-to-left text: an
Arabic or Hebrew name is flush with the right end of its line, as right-to-left
paragraphs are, while the English labels (Name, Signature, Date) stay where they are.
x positions read back with `pdftotext -bbox`."""

from __future__ import annotations

import html
import re
import subprocess
from datetime import date

import pytest

from app.domain.enums import RecordKind, SignatureMethod, SignerRole
from app.printing.blocks import SignatureColumns, SignatureSlot, signature_block
from app.printing.fonts import register_fonts
from app.printing.layout import MARGIN_X, PageMark, PrintSetup, build_pdf, usable_width
from app.printing.text import GlyphReport
from app.services import documents, records
from app.services.signing import lifecycle
from tests.printing.conftest import Filled

register_fonts()
SETUP = PrintSetup("Owner", date(2026, 11, 23))
WIDTH = usable_width(SETUP)
COLUMN = (WIDTH - SignatureColumns.GAP) / 2
MENTOR_X = MARGIN_X + COLUMN + SignatureColumns.GAP  # where the mentor's column starts
VALUE_RIGHT = MENTOR_X + COLUMN  # where the mentor's lines end
RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")

NAMES = {
    "Arabic": "ليلى حداد",
    "Hebrew": "שרה לוי",
    "long Arabic": "عبد الرحمن بن محمد بن عبد الله الحسيني القرشي الهاشمي " * 3,
}


def _words(pdf: bytes) -> list[tuple[float, float, float, str]]:
    """(xMin, xMax, yMin, word) of every word pdftotext finds."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, check=True, capture_output=True
    ).stdout.decode()
    return [
        (float(a), float(b), float(y), html.unescape(w))
        for a, y, b, w in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', xml
        )
    ]


def _block(mentee: SignatureSlot, mentor: SignatureSlot) -> bytes:
    report = GlyphReport()
    story = [signature_block([mentee, mentor], WIDTH, report, "We agree.")]
    return build_pdf(story, SETUP, PageMark("Signatures"), report).data


@pytest.mark.parametrize("script", NAMES)
def test_a_right_to_left_name_is_flush_right_and_the_labels_stay(script: str) -> None:
    name = NAMES[script]
    words = _words(_block(SignatureSlot("Mentee", "Siân Ó Dálaigh"), SignatureSlot("Mentor", name)))
    lines: dict[int, list[tuple[float, float]]] = {}
    for x_min, x_max, y_min, word in words:
        if RTL.search(word):
            lines.setdefault(round(y_min), []).append((x_min, x_max))
    assert lines and (len(lines) > 1) == script.startswith("long")
    for row in lines.values():
        assert abs(max(x for _, x in row) - VALUE_RIGHT) < 2, (row, VALUE_RIGHT)
        assert min(x for x, _ in row) > MENTOR_X + SignatureColumns.LABEL_WIDTH - 1
    labels = [x for x, _, _, word in words if word in ("Name", "Signature", "Date")]
    assert sorted(round(x) for x in labels) == sorted([round(MARGIN_X)] * 3 + [round(MENTOR_X)] * 3)
    # The left-to-right name beside it starts where the value column starts.
    mentee = [x for x, _, _, word in words if word == "Siân"]
    assert mentee == [pytest.approx(MARGIN_X + SignatureColumns.LABEL_WIDTH, abs=1)]


@pytest.mark.today("2026-11-23")
def test_a_page_signed_in_ink_by_right_to_left_names_keeps_its_sentences_in_order(
    filled: Filled,
) -> None:
    """Through the real page: the session signed in ink by a Hebrew-named mentee and an
    Arabic-named mentor. Each name is flush right on its Name line; "Signed in ink by
    <name> on 05/02/2026" keeps its English order around the name (isolated)."""
    pf = filled.portfolio
    session_id = records.saved_id(filled.session)
    version = lifecycle.mark_ready(pf, RecordKind.SESSION, session_id).version
    signers = {SignerRole.MENTEE: NAMES["Hebrew"], SignerRole.MENTOR: NAMES["Arabic"]}
    for role, name in signers.items():
        lifecycle.sign(
            pf,
            RecordKind.SESSION,
            session_id,
            version,
            role=role,
            signer_name=name,
            signed_on=date(2026, 2, 5),
            method=SignatureMethod.INK,
        )
    pdf = documents.render(pf, "session", session_id, today=date(2026, 11, 23)).pdf
    words = _words(pdf)
    for column_x, name in ((MARGIN_X, signers[SignerRole.MENTEE]), (MENTOR_X, NAMES["Arabic"])):
        mine = [w for w in words if column_x <= w[0] < column_x + COLUMN]
        # pdftotext -bbox gives a right-to-left word's glyphs in display order.
        named = [w for w in mine if w[3] in name.split() or w[3][::-1] in name.split()]
        name_line = min(y for *_, y, _w in named)  # the Name row comes first
        on_line = [x_max for _x, x_max, y, _w in named if abs(y - name_line) < 6]
        assert len(on_line) == 2 and abs(max(on_line) - (column_x + COLUMN)) < 2
        ink = next(y for _x, _m, y, w in mine if w == "ink")
        line = sorted((x, w) for x, _m, y, w in mine if abs(y - ink) < 6)
        said = [w for _, w in line]
        assert said[:4] == ["Signed", "in", "ink", "by"] and said[-2:] == ["on", "05/02/2026"]
        assert len(said) == 8  # the name's two words between "by" and "on"

"""Signatures drawn in the app are printed as vector ink inside the signature boxes
of the version they were made on, and nowhere else."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from app.domain.enums import RecordKind, SignatureMethod, SignerRole
from app.services import documents
from app.services.signing import lifecycle
from tests.printing.conftest import MENTEE, MENTOR, Filled

# The pages are signed on fixed days of 2026, which must not be in the future.
pytestmark = pytest.mark.today("2026-11-23")

DPI = 100
ZIGZAG = {
    "w": 300,
    "h": 100,
    "strokes": [[[10, 80], [60, 10], [110, 80], [160, 10], [210, 80], [290, 40]]],
}


def _boxes(pdf: Path) -> list[tuple[float, float, float, float]]:
    """Page-1 areas (in points) where each signature is drawn: right of the
    "Signature" label, between the name line and the signature line."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    words = [
        (float(a), float(b), float(c), float(d), w)
        for a, b, c, d, w in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', html
        )
    ]
    labels = [w for w in words if w[4] == "Signature"]
    names = [w for w in words if w[4] == "Name"]
    assert len(labels) == 2 and len(names) == 2, words
    boxes = []
    for (x0, _y0, _, y1, _), name in zip(sorted(labels), sorted(names), strict=True):
        boxes.append((x0 + 60, name[3] + 6, x0 + 200, y1 - 3))
    return boxes


def _ink(pdf: Path, tmp_path: Path) -> list[int]:
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(DPI),
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    counts = []
    for x0, y0, x1, y1 in _boxes(pdf):
        box = image.crop(tuple(round(v * DPI / 72) for v in (x0, y0, x1, y1)))
        counts.append(sum(box.histogram()[:128]))
    for old in tmp_path.glob("page*.png"):
        old.unlink()
    return counts


def test_drawn_signatures_are_ink_in_the_boxes(filled: Filled, tmp_path: Path) -> None:
    pf, session_id = filled.portfolio, filled.session.id
    version = lifecycle.mark_ready(pf, RecordKind.SESSION, session_id).version
    unsigned = tmp_path / "unsigned.pdf"
    unsigned.write_bytes(documents.render(pf, "session", session_id).pdf)
    assert _ink(unsigned, tmp_path) == [0, 0]

    for role, name in ((SignerRole.MENTEE, MENTEE), (SignerRole.MENTOR, MENTOR)):
        lifecycle.sign(
            pf,
            RecordKind.SESSION,
            session_id,
            version,
            role=role,
            signer_name=name,
            signed_on=date(2026, 2, 4),
            method=SignatureMethod.DRAWN,
            strokes=ZIGZAG,
        )
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(documents.render(pf, "session", session_id).pdf)
    mentee_ink, mentor_ink = _ink(signed, tmp_path)
    assert mentee_ink > 100 and mentor_ink > 100
    # Vectors, not pictures: the page holds no images.
    images = subprocess.run(
        ["pdfimages", "-list", str(signed)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    assert images == []
    text = subprocess.run(
        ["pdftotext", str(signed), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "04/02/2026" in text and "Signed in the app" in text


def test_ink_on_paper_signature_shows_name_and_date_only(filled: Filled, tmp_path: Path) -> None:
    pf = filled.portfolio
    version = lifecycle.mark_ready(pf, RecordKind.CONTRACT, filled.contract.id).version
    lifecycle.sign(
        pf,
        RecordKind.CONTRACT,
        filled.contract.id,
        version,
        role=SignerRole.MENTOR,
        signer_name=MENTOR,
        signed_on=date(2026, 1, 6),
        method=SignatureMethod.INK,
    )
    path = tmp_path / "contract.pdf"
    path.write_bytes(documents.render(pf, "contract", filled.contract.id).pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    # Said plainly where the ink is on the signed paper: who signed, and when.
    assert f"Signed in ink by {MENTOR} on 06/01/2026" in " ".join(text.split())

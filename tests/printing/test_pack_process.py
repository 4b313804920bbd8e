"""The pack built in its own process is the same document, and Cancel stops it."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.pack import PackCancelled, PackRequest
from app.services.pack_process import build_pack_in_process
from tests.printing.conftest import Filled

YEAR = PackRequest(date(2026, 1, 1), date(2026, 12, 31))


def test_pack_in_a_process(filled: Filled) -> None:
    steps: list[float] = []
    doc = build_pack_in_process(filled.portfolio, YEAR, progress=lambda f, _: steps.append(f))
    assert doc.pdf.startswith(b"%PDF") and doc.pages >= 8
    assert steps and steps[-1] == 1.0
    with pytest.raises(PackCancelled):
        build_pack_in_process(filled.portfolio, YEAR, is_cancelled=lambda: True)
    with pytest.raises(Exception, match="start before"):
        build_pack_in_process(filled.portfolio, PackRequest(date(2027, 1, 1), date(2026, 1, 1)))

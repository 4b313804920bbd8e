"""How far a returned PDF unpacks (issue 19): a few megabytes of compressed stream can
hold gigabytes of nothing (a "zip bomb"), which reading its pages would unpack into
memory. Every Flate stream reachable from the catalogue is inflated here, a piece at a
time and never past the budget, before anything else decodes one."""

from __future__ import annotations

import zlib

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

from app.services.signing.pdf_objects import reachable
from app.services.signing.returns_api import SigningRefused

# What all the streams of a return may unpack to together. A request is a few hundred
# kilobytes unpacked; a reader's rewrite or a signature adds little to it.
MAX_UNPACKED = 256 * 1024 * 1024
_PIECE = 1024 * 1024


def _first_filter(stream: generic.StreamObject) -> str:
    filters = stream.get("/Filter")
    if isinstance(filters, generic.ArrayObject):
        filters = filters[0] if len(filters) else None
    return str(filters) if filters is not None else ""


def _inflated_size(encoded: bytes, budget: int) -> int:
    """How many bytes ``encoded`` inflates to, counting no further than ``budget`` + 1.
    A stream that is not valid Flate counts as what was read of it (pdfium reads what
    it can of a damaged stream, no more)."""
    inflater = zlib.decompressobj()
    total = 0
    pending = encoded
    try:
        while pending and total <= budget:
            total += len(inflater.decompress(pending, _PIECE))
            pending = inflater.unconsumed_tail
    except zlib.error:
        return total
    return total


def refuse_bombs(reader: PdfFileReader, shown: str) -> None:
    """Refuse a file whose Flate streams unpack to more than MAX_UNPACKED together."""
    budget = MAX_UNPACKED
    for node in reachable(reader):
        if not isinstance(node, generic.StreamObject):
            continue
        if _first_filter(node) not in ("/FlateDecode", "/Fl"):
            continue
        budget -= _inflated_size(node.encoded_data, budget)
        if budget < 0:
            raise SigningRefused(
                f"{shown} unpacks to more than {MAX_UNPACKED // 1024 // 1024} MB, far more"
                " than a signed copy of a request: it was not read further."
            )

"""Walking a returned PDF's objects (issue 19) without trusting it: every object
reachable from the catalogue, each once, at most MAX_OBJECTS of them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

# Objects walked at most: a request has a few hundred; a bigger file is walked this far.
MAX_OBJECTS = 200_000


def reachable(reader: PdfFileReader) -> Iterator[generic.DictionaryObject]:
    """Each dictionary (streams included) reachable from the catalogue, once."""
    seen: set[tuple[int, int]] = set()
    pending: list[Any] = [reader.root]
    walked = 0
    while pending and walked < MAX_OBJECTS:
        node = pending.pop()
        walked += 1
        if isinstance(node, generic.IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()  # type: ignore[no-untyped-call]
        if isinstance(node, generic.DictionaryObject):
            yield node
            pending.extend(node.raw_get(name) for name in node)
        elif isinstance(node, generic.ArrayObject):
            pending.extend(node.raw_get(index) for index in range(len(node)))

"""What stays together on a page, for every document.

ReportLab's own rule (a flowable with ``keepWithNext`` is kept with the whole of the
next one) sends a heading followed by a long table or paragraph to the next page,
leaving the page before it mostly blank; and a signature block kept together on its
own lands alone on a page. Instead, before layout, ``tie`` rewrites the story:

- a heading (any flowable with ``keepWithNext``) stays with the *first rows or lines*
  of what follows it, which then starts where it is and continues on the next page;
- the signature block (``SignatureBlock``) stays with the *last lines* of the content
  before it: when they do not all fit, the last lines move to the next page with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable, KeepTogether

from app.printing.escaping import printable

# A heading's following text, or the content before a signature block, keeps at least
# this much with it: two lines of body text.
MIN_LINES = 25.0
# A container that must be split (never drawn whole), as KeepTogether does.
_MUST_SPLIT = 0xFFFFFF


class SignatureBlock(KeepTogether):
    """The declaration, the signers' names, signature and date lines: never split, and
    kept with the last lines of what is signed (``tie``)."""


def _at_top(flowable: Flowable) -> bool:
    frame = getattr(flowable, "_frame", None)
    return bool(getattr(frame, "_atTop", False))


def _split(flowable: Flowable, width: float, height: float, frame: Any) -> list[Flowable]:
    if height <= 0:
        return []
    if frame is not None:
        flowable._frame = frame  # type: ignore[attr-defined]
    try:
        return list(flowable.split(width, height))
    finally:
        if frame is not None and "_frame" in flowable.__dict__:
            del flowable._frame  # type: ignore[attr-defined]


def _height(flowable: Flowable, width: float, height: float) -> float:
    return float(flowable.wrap(width, height)[1])


class KeepWithFirst(Flowable):
    """A heading and what follows it: the heading moves to the next page only when not
    even the first lines or rows of what follows fit below it."""

    def __init__(self, head: Flowable, following: Flowable) -> None:
        super().__init__()
        self.head, self.following = head, following
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, _MUST_SPLIT

    def getSpaceBefore(self) -> float:  # noqa: N802 (ReportLab's name)
        return float(self.head.getSpaceBefore())

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        whole = [self.head, self.following]
        head = _height(self.head, available_width, available_height)
        if _at_top(self):
            if head <= available_height:
                return whole
            # A heading taller than a page (a name of thousands of characters) splits.
            parts = _split(self.head, available_width, available_height, None)
            return [*parts, self.following] if parts else whole
        room = (
            available_height
            - head
            - self.head.getSpaceAfter()
            - getattr(self.following, "getSpaceBefore", lambda: 0)()
        )
        if head > available_height or room <= 0:
            return []
        simple = not isinstance(self.following, KeepWithFirst | KeepTail)
        if simple and _height(self.following, available_width, room) <= room:
            return whole
        # The inner part decides as if it were below the heading (never at the top).
        parts = _split(self.following, available_width, room, None)
        return [self.head, *parts] if parts else []


class KeepTail(Flowable):
    """The last content before a signature block, and the block: what does not fit on
    this page takes at least the content's last lines with it to the next."""

    def __init__(self, content: Flowable, block: SignatureBlock) -> None:
        super().__init__()
        self.content, self.block = content, block
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, _MUST_SPLIT

    def getSpaceBefore(self) -> float:  # noqa: N802 (ReportLab's name)
        return float(self.content.getSpaceBefore())

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        at_top = _at_top(self)
        block = sum(
            _height(part, available_width, available_height)
            + part.getSpaceBefore()
            + part.getSpaceAfter()
            for part in self.block._content  # type: ignore[attr-defined]
        )
        content = _height(self.content, available_width, available_height)
        space = self.content.getSpaceAfter()
        if content + space + block <= available_height:
            return [self.content, self.block]
        limit = min(available_height, content - MIN_LINES)
        parts = _split(self.content, available_width, limit, frame)
        if len(parts) >= 2:
            return [parts[0], KeepTogether([*parts[1:], self.block])]
        if at_top:  # nothing to carry over: the block follows on the next page
            return [self.content, self.block]
        return []


def _keeps_with_next(flowable: Flowable) -> bool:
    return bool(getattr(flowable, "keepWithNext", 0)) and not isinstance(flowable, KeepTogether)


def _is_marker(flowable: Flowable) -> bool:
    """Zero-size markers (page marks, bookmarks) that belong to what follows them."""
    return bool(getattr(flowable, "is_marker", False))


def tie(story: Sequence[Flowable]) -> list[Flowable]:
    """The story with headings tied to their first lines and signature blocks to the
    last lines before them (see the module's description)."""
    out: list[Flowable] = []
    for flowable in story:
        if isinstance(flowable, SignatureBlock) and out and not _is_marker(out[-1]):
            out.append(KeepTail(out.pop(), flowable))
            continue
        out.append(flowable)
    # Headings, from the end: a heading before a heading holds both.
    tied: list[Flowable] = []
    for flowable in reversed(out):
        if tied and _keeps_with_next(flowable) and _tieable(tied[0]):
            flowable.__dict__["keepWithNext"] = 0
            _name_continuation(flowable, tied[0])
            tied[0] = KeepWithFirst(flowable, tied[0])
        else:
            tied.insert(0, flowable)
    return tied


def _name_continuation(head: Flowable, following: Flowable) -> None:
    """A table under a heading (or under the heading's first table) says on its next
    page what it continues."""
    text = getattr(head, "text", "")
    if not isinstance(text, str) or not text.strip():
        return
    if isinstance(following, KeepWithFirst):
        _name_continuation(head, following.head)
        _name_continuation(head, following.following)
        return
    table = following.content if isinstance(following, KeepTail) else following
    if getattr(table, "continued", None) == "":
        # The heading's own text, as typed: made printable like every other line.
        table.continued = " ".join(printable(text).split())  # type: ignore[attr-defined]


def _tieable(flowable: Flowable) -> bool:
    """What a heading may be tied to: content, not a page break, a marker or a table
    of contents (which must stay in the story for the second pass to find it)."""
    from reportlab.platypus import PageBreak

    if isinstance(flowable, PageBreak) or _is_marker(flowable):
        return False
    is_indexing = getattr(flowable, "isIndexing", None)
    return not (callable(is_indexing) and is_indexing())

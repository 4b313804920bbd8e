"""The one page template every document shares: A4 (or Letter), a header with the
owner's name and the document title, and a footer with page X of Y, print date,
record id and version, and the verification code as text and as a QR code."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.tableofcontents import TableOfContents

from app.domain import clock
from app.printing.blocks import SignatureBox, signature_boxes
from app.printing.contents import Contents
from app.printing.escaping import one_line, printable
from app.printing.fonts import BOLD, MONO, REGULAR
from app.printing.keeping import tie
from app.printing.scripts import draw_line, measure
from app.printing.styles import INK, MUTED, RULE, WATERMARK
from app.printing.text import GlyphReport

PAPER_SIZES = {"A4": A4, "Letter": LETTER}
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 26 * mm
QR_SIZE = 15 * mm


class Cancelled(Exception):
    """The user cancelled a long build; nothing was written."""


@dataclass(frozen=True)
class PageMark:
    """What the header and footer say about the record on the page."""

    title: str
    record_label: str = ""  # e.g. "Session record 12 · version 3"
    state: str = ""  # e.g. "Draft, not yet ready to sign"
    code: str = ""  # verification code; empty for documents that are not signed
    # A small line where the code would be, on pages that carry none (the pack's cover
    # gives the audit log's head there).
    note: str = ""
    # Printed large across every page of a version that is not the record as agreed.
    watermark: str = ""  # "DRAFT", "SUPERSEDED" or ""
    # The record the pages belong to, by name ("Session of 04/02/2026 with Dr X"): its
    # pages are numbered on their own ("…, page 1 of 2") and its continuation pages name it.
    name: str = ""


@dataclass(frozen=True)
class PrintSetup:
    owner_name: str
    printed_on: date
    paper: str = "A4"


@dataclass(frozen=True)
class BuiltPdf:
    data: bytes
    pages: int
    warnings: tuple[str, ...]
    # Where each signer's signature box was drawn (a signing request's field goes there).
    signature_boxes: tuple[SignatureBox, ...] = ()


# The page mark in force on each canvas being drawn: the document's first, then each
# SetMark's as the story reaches it.
_MARKS: WeakKeyDictionary[Canvas, PageMark] = WeakKeyDictionary()


class SetMark(Flowable):
    """Zero-size marker: pages from here on carry this header/footer."""

    is_marker = True  # belongs to what follows it (app.printing.keeping)

    def __init__(self, mark: PageMark) -> None:
        super().__init__()
        self.mark = mark
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        _MARKS[self.canv] = self.mark


# Outline and table-of-contents entries are one line of at most this many characters.
ENTRY_LIMIT = 160


def contents_entry(title: str) -> str:
    """A table-of-contents line for a bookmark's title: the outline's own text (plain,
    in reading order), drawn by app/printing/contents.py."""
    return one_line(title, ENTRY_LIMIT)


class Bookmark(Flowable):
    """Zero-size marker that adds a PDF outline entry (and a table-of-contents line).
    ``title`` is plain text, user text included: it is made safe where it is used."""

    is_marker = True  # belongs to what follows it (app.printing.keeping)

    def __init__(self, title: str, level: int = 0, in_toc: bool = True) -> None:
        super().__init__()
        self.title, self.level, self.in_toc = title, level, in_toc
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    @property
    def key(self) -> str:
        return f"mp-{id(self)}"

    def draw(self) -> None:
        key = self.key
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(
            one_line(self.title, ENTRY_LIMIT), key, level=self.level, closed=self.level == 0
        )


@lru_cache(maxsize=4096)
def _qr_runs(text: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The QR code of ``text`` as horizontal runs of dark modules (row, start, length).
    Drawn directly on the canvas: renderPDF would add an unembedded Helvetica."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    size = code.getModuleCount()
    runs = []
    for row in range(size):
        col = 0
        while col < size:
            if code.isDark(row, col):
                start = col
                while col < size and code.isDark(row, col):
                    col += 1
                runs.append((row, start, col - start))
            else:
                col += 1
    return size, tuple(runs)


def draw_qr(canvas: Canvas, text: str, x: float, y: float, side: float) -> None:
    """The QR code of ``text`` with its lower-left corner at (x, y). Drawn once per
    document as a form and reused on every page that shows the same code: a session
    record's two pages, a pack's many pages of one record."""
    name = f"mp-qr-{side:.1f}-{text}"
    made: set[str] = canvas.__dict__.setdefault("_mp_qr_forms", set())
    if name not in made:
        size, runs = _qr_runs(text)
        module = side / size
        canvas.beginForm(name, 0, 0, side, side)
        canvas.setFillColor(INK)
        for row, start, length in runs:
            canvas.rect(
                start * module,
                side - (row + 1) * module,
                length * module,
                module * 1.02,
                stroke=0,
                fill=1,
            )
        canvas.endForm()
        made.add(name)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(name)
    canvas.restoreState()


# The language of the pages (the app's own text is British English), for screen readers
# and hyphenation in viewers: the catalog's /Lang.
LANGUAGE = "en-GB"


class _Canvas(Canvas):
    """Writes the total page count into a form drawn on every page, once known; dates
    the document now (by the app's clock) and opens it with its bookmarks shown."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _date_document(self, clock.now())
        self.showOutline()

    def save(self) -> None:
        counts = [str(self.getPageNumber() - 1)] + [str(n) for n in _record_pages(self).counts]
        for index, count in enumerate(counts):
            self.beginForm("mp-total-pages" if index == 0 else f"mp-record-pages-{index - 1}")
            self.setFont(REGULAR, 7.5)
            self.setFillColor(MUTED)
            self.drawString(0, 0, count)
            self.endForm()
        super().save()


def _date_document(canvas: Canvas, moment: datetime) -> None:
    """Give the document's /CreationDate and /ModDate: ReportLab, kept invariant so the
    same pack builds the same bytes in other respects, would write 1 January 2000."""
    stamp = canvas._doc._timeStamp  # type: ignore[attr-defined]
    offset = int((moment.utcoffset() or timedelta(0)).total_seconds() // 60)
    stamp.YMDhms = moment.timetuple()[:6]
    hours, minutes = divmod(abs(offset), 60)
    stamp.dhh, stamp.dmm = (hours if offset >= 0 else -hours), minutes


@dataclass
class _RecordPages:
    """Which record each page belongs to, counted as the pages are drawn: a new page
    mark starts a new record, whose page count is known once the document is saved."""

    mark: PageMark | None = None
    counts: list[int] = field(default_factory=list)

    def page_of(self, mark: PageMark) -> tuple[int, int]:
        """(record index, page within the record) of the page being finished."""
        if mark is not self.mark or not self.counts:
            self.mark = mark
            self.counts.append(0)
        self.counts[-1] += 1
        return len(self.counts) - 1, self.counts[-1]


def _record_pages(canvas: Canvas) -> _RecordPages:
    pages: _RecordPages = canvas.__dict__.setdefault("_mp_record_pages", _RecordPages())
    return pages


class _Document(BaseDocTemplate):
    def __init__(
        self,
        buffer: io.BytesIO,
        setup: PrintSetup,
        first: PageMark,
        report: GlyphReport,
        progress: Callable[[Bookmark], None] | None,
        collection: bool = False,
    ) -> None:
        pagesize = PAPER_SIZES.get(setup.paper, A4)
        super().__init__(
            buffer,
            pagesize=pagesize,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=one_line(first.title),
            author=one_line(setup.owner_name),
            creator="Mentee Portfolio",
            subject=one_line(first.title),
            invariant=1,
            # Otherwise ReportLab's default Helvetica lands in the PDF,
            # not embedded.
            initialFontName=REGULAR,
            lang=LANGUAGE,
        )
        self.setup, self.first, self.report, self.progress = setup, first, report, progress
        # A pack holds many records: each numbers its own pages, the pack's stand beside.
        self.collection = collection
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [PageTemplate("page", [frame], onPage=self._begin, onPageEnd=self._decorate)]
        )

    def _begin(self, canvas: Canvas, doc: Any) -> None:
        _MARKS.setdefault(canvas, self.first)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (ReportLab's name)
        if isinstance(flowable, Bookmark):
            if flowable.in_toc:
                entry = (flowable.level, contents_entry(flowable.title), self.page, flowable.key)
                self.notify("TOCEntry", entry)
            if self.progress is not None:
                self.progress(flowable)

    def _decorate(self, canvas: Canvas, doc: Any) -> None:
        mark = _MARKS[canvas]
        record, page_in_record = _record_pages(canvas).page_of(mark)
        width, height = self.pagesize
        left, right = MARGIN_X, width - MARGIN_X
        canvas.saveState()
        if mark.watermark:
            _draw_watermark(canvas, mark.watermark, width, height)
        # Header: owner on the left, the record (or document title) on the right, and
        # on a record's later pages "(continued)", then a hairline below.
        top = height - 12 * mm
        canvas.setFillColor(MUTED)
        owner = _fit(self.setup.owner_name, REGULAR, 8, (right - left) * 0.45)
        draw_line(canvas, left, top, owner, REGULAR, 8)
        named = mark.name or mark.title
        continued = " (continued)" if page_in_record > 1 and named else ""
        title = _fit(named, BOLD, 8, (right - left) * 0.5, continued)
        draw_line(canvas, right, top, title, BOLD, 8, align_end=True)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, top - 3, right, top - 3)
        # Footer: hairline, then three lines of text on the left and the QR on the right.
        base = 9 * mm
        canvas.line(left, base + QR_SIZE + 2, right, base + QR_SIZE + 2)
        text_right = right - (QR_SIZE + 4 * mm if mark.code else 0)
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(MUTED)
        # Each record's pages are numbered on their own ("Session of …, page 1 of 2"), so a
        # record taken out of a pack is complete; the pack's own number stands beside it.
        x = left
        if mark.name:
            own = _fit(mark.name, REGULAR, 7.5, (text_right - left) * 0.5)
            x = _numbered(
                canvas,
                x,
                base + 10,
                f"{own}, page {page_in_record} of ",
                f"mp-record-pages-{record}",
            )
            if self.collection:
                x = _numbered(canvas, x, base + 10, "  ·  ", "")
        if self.collection or not mark.name:
            words = "Pack page" if self.collection and mark.name else "Page"
            _numbered(
                canvas, x, base + 10, f"{words} {canvas.getPageNumber()} of ", "mp-total-pages"
            )
        printed = f"Printed {self.setup.printed_on.strftime('%d/%m/%Y')}"
        footer = "  ·  ".join(p for p in (printed, mark.record_label, mark.state) if p)
        draw_line(
            canvas, left, base + 1, _fit(footer, REGULAR, 7.5, text_right - left), REGULAR, 7.5
        )
        if mark.code:
            canvas.setFont(BOLD, 7.5)
            canvas.setFillColor(INK)
            canvas.drawString(left, base + 19, "Verification code ")
            offset = canvas.stringWidth("Verification code ", BOLD, 7.5)
            canvas.setFont(MONO, 8.5)
            canvas.drawString(left + offset, base + 19, mark.code)
            draw_qr(canvas, mark.code, right - QR_SIZE, base, QR_SIZE)
        elif mark.note:
            note = _fit(mark.note, MONO, 6.5, text_right - left)
            draw_line(canvas, left, base + 19, note, MONO, 6.5)
        canvas.restoreState()


def _numbered(canvas: Canvas, x: float, y: float, text: str, form: str) -> float:
    """``text`` then (if ``form``) the page count drawn by that form, at (x, y); the x
    after the text. Counts are at most five digits wide."""
    draw_line(canvas, x, y, text, REGULAR, 7.5)
    x += measure(text, REGULAR, 7.5)
    if form:
        canvas.saveState()
        canvas.translate(x, y)
        canvas.doForm(form)
        canvas.restoreState()
        x += canvas.stringWidth("0000", REGULAR, 7.5)
    return x


def _draw_watermark(canvas: Canvas, word: str, width: float, height: float) -> None:
    """``word`` in large pale letters across the page, under nothing it could hide."""
    canvas.saveState()
    canvas.translate(width / 2, height / 2)
    canvas.rotate(50)
    size = min(110.0, 0.75 * (width**2 + height**2) ** 0.5 / max(1, len(word)) / 0.62)
    canvas.setFont(BOLD, size)
    canvas.setFillColor(WATERMARK)
    canvas.setFillAlpha(0.18)
    canvas.drawCentredString(0, -size * 0.35, word)
    canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float, suffix: str = "") -> str:
    """Shorten one line of header/footer text with an ellipsis so it never overflows
    (``suffix``, always shown, after it; in reading order: it is drawn by
    app/printing/scripts.py)."""
    # No header line holds 1,000 characters: a long name is cut before it is measured.
    text = " ".join(printable(text[:1000]).split())
    width -= measure(suffix, font, size)
    if measure(text, font, size) <= width:
        return text + suffix
    # The longest start that fits with its "…" (a binary search: a name may be long).
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(text[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low] + "…" + suffix


def toc_flowable() -> TableOfContents:
    from app.printing.styles import STYLES

    toc = Contents()
    toc.levelStyles = [STYLES["toc0"], STYLES["toc1"], STYLES["toc2"]]
    return toc


def _presize_contents(story: Sequence[Flowable]) -> None:
    """Give each table of contents its final entries (page numbers unknown yet) before
    the first pass, so it already has its final height: the pages after it do not move
    between passes and two passes suffice instead of three (a third of a big pack's
    build time)."""
    entries = [
        (f.level, contents_entry(f.title), 0, f.key)
        for f in story
        if isinstance(f, Bookmark) and f.in_toc
    ]
    for flowable in story:
        if isinstance(flowable, TableOfContents):
            # types-reportlab leaves out TableOfContents' _entries, which it has.
            flowable._entries = list(entries)  # type: ignore[attr-defined]


def build_pdf(
    story: Sequence[Flowable],
    setup: PrintSetup,
    first: PageMark,
    report: GlyphReport,
    *,
    progress: Callable[[Bookmark], None] | None = None,
    multi_pass: bool = False,
) -> BuiltPdf:
    """Lay out ``story`` on the shared page template and return the PDF bytes."""
    buffer = io.BytesIO()
    doc = _Document(buffer, setup, first, report, progress, collection=multi_pass)
    if multi_pass:
        _presize_contents(story)
        doc.multiBuild(tie(story), canvasmaker=_Canvas)
    else:
        doc.build(tie(story), canvasmaker=_Canvas)
    boxes = signature_boxes(doc.canv)
    return BuiltPdf(buffer.getvalue(), doc.page, tuple(report.warnings()), boxes)


def usable_width(setup: PrintSetup) -> float:
    return PAPER_SIZES.get(setup.paper, A4)[0] - 2 * MARGIN_X

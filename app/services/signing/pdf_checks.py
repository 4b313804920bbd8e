"""The checks a returned PDF goes through (issue 19), on the file alone and the copy
that was sent: readable and not encrypted; its binding (embedded file, XMP); each
page's text and drawing against what was sent (only additions pass); and its digital
signatures validated with pyHanko (integrity, coverage, what later revisions changed,
the signer's certificate). Every refusal is a SigningRefused with one sentence."""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import ssl
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from app.domain import clock
from app.services.signing.binding import EMBEDDED_NAME, Binding, from_json, from_xmp
from app.services.signing.expansion import refuse_bombs
from app.services.signing.returns_api import CertificateInfo, SigningRefused

MAX_EMBEDDED_BYTES = 64 * 1024
# pyHanko logs an untrusted certificate (every self-made one) as an error with its
# traceback; the refusal or the trust sentence says what matters, once.
for _logger in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_logger).setLevel(logging.CRITICAL + 1)


def open_pdf(data: bytes, shown: str) -> PdfFileReader:
    """The file read by pyHanko; refused if it is not a PDF, damaged or encrypted, or
    unpacks to far more than a request (before any of its streams is decoded)."""
    if b"%PDF-" not in data[:1024]:
        raise SigningRefused(f"{shown} is not a PDF file, so it is not a signed return.")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        encrypted = reader.encrypted
        if not encrypted:
            reader.root  # noqa: B018 (reads the catalogue: a damaged file fails here)
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        raise SigningRefused(f"{shown} is damaged: it cannot be read as a PDF.") from None
    if encrypted:
        raise SigningRefused(
            f"{shown} is encrypted (protected with a password or certificate); ask for a"
            " copy saved without protection."
        )
    refuse_bombs(reader, shown)
    return reader


def _embedded_files(reader: PdfFileReader) -> dict[str, Any]:
    """Name -> file specification, from the catalogue's /EmbeddedFiles name tree."""
    found: dict[str, Any] = {}
    try:
        tree = reader.root["/Names"]["/EmbeddedFiles"]
    except (KeyError, TypeError):
        return found
    pending, seen = [tree], 0
    while pending and seen < 200:
        node = pending.pop().get_object()
        seen += 1
        names = node.get("/Names")
        if names is not None:
            names = names.get_object()
            for index in range(0, len(names) - 1, 2):
                found[str(names[index])] = names[index + 1]
        for kid in node.get("/Kids", generic.ArrayObject()):
            pending.append(kid)
    return found


def read_bindings(reader: PdfFileReader) -> tuple[Binding | None, Binding | None]:
    """The binding in the embedded file and the one in the XMP metadata (each None
    if absent or not well formed). Raises BindingConflict if one of them disagrees
    with itself."""
    embedded = None
    try:
        spec = _embedded_files(reader).get(EMBEDDED_NAME)
        if spec is not None:
            stream = spec.get_object()["/EF"]["/F"].get_object()
            if int(stream.get("/Length", 0)) <= MAX_EMBEDDED_BYTES:
                embedded = from_json(stream.data[:MAX_EMBEDDED_BYTES])
    except (PdfError, KeyError, TypeError, ValueError, AttributeError):
        embedded = None
    xmp = None
    try:
        metadata = reader.root.get("/Metadata")
        if metadata is not None:
            xmp = from_xmp(metadata.get_object().data)
    except (PdfError, KeyError, TypeError, ValueError, AttributeError):
        xmp = None
    return embedded, xmp


@dataclass(frozen=True)
class PageView:
    """What a page shows: its drawing and text as objects, its words, its ink (the page
    rendered small, in grey, annotations left out) and how many annotations it has."""

    objects: Counter[tuple[Any, ...]]
    annotations: int
    size: tuple[int, int]
    words: tuple[str, ...]
    ink: bytes  # one byte per pixel, 0 black .. 255 white
    ink_size: tuple[int, int]
    shown: bytes  # the same with its annotations drawn, as a reader shows the page


# Pages are compared as rendered at this scale (about 50 dots per inch) when a reader
# rewrote their drawing (other objects, the same look).
INK_SCALE = 50 / 72
DARK, LIGHT = 140, 215
# The share of a sent page's dark pixels that may come out lighter in a rewritten file
# (anti-aliasing at the edges of each shape); text edits are caught by the words.
INK_TOLERANCE = 0.01
# Ink is also judged in squares of INK_TILE pixels (about 9 points): anti-aliasing
# lightens a few pixels anywhere, but a word made white, moved or covered loses (nearly)
# all the ink of the squares it was in, however little it is of the whole page.
INK_TILE = 6
TILE_DARK, TILE_LOST = 6, 0.9


def _key(obj: Any) -> tuple[Any, ...]:
    bounds = tuple(round(v) for v in obj.get_bounds())
    if obj.type == pdfium_raw.FPDF_PAGEOBJ_TEXT:
        return ("text", bounds, obj.extract())
    return (int(obj.type), bounds)


def page_views(data: bytes) -> list[PageView]:
    """Every page's view (pdfium reads it, as the print preview does)."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise SigningRefused("That file is damaged: its pages cannot be read.") from None
    try:
        views = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            objects = Counter(
                _key(obj)
                for obj in page.get_objects(max_depth=8, textpage=textpage)
                if obj.type != pdfium_raw.FPDF_PAGEOBJ_FORM
            )
            annotations = int(pdfium_raw.FPDFPage_GetAnnotCount(page.raw))
            width, height = page.get_size()
            words = tuple(textpage.get_text_range().split())
            bitmap = page.render(scale=INK_SCALE, grayscale=True, draw_annots=False)
            ink = _grey(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride)
            drawn = page.render(scale=INK_SCALE, grayscale=True, draw_annots=True)
            shown = _grey(bytes(drawn.buffer), drawn.width, drawn.height, drawn.stride)
            views.append(
                PageView(
                    objects,
                    annotations,
                    (round(width), round(height)),
                    words,
                    ink,
                    (bitmap.width, bitmap.height),
                    shown,
                )
            )
        return views
    except pdfium.PdfiumError:
        raise SigningRefused("That file is damaged: its pages cannot be read.") from None
    finally:
        document.close()


@dataclass(frozen=True)
class Additions:
    drawings: int  # objects drawn on the pages that were not sent
    annotations: int  # annotations (ink, stamps, signature widgets) that were not sent

    @property
    def any(self) -> bool:
        return self.drawings > 0 or self.annotations > 0


def _grey(buffer: bytes, width: int, height: int, stride: int) -> bytes:
    """One byte per pixel, row after row, whatever padding the bitmap's rows have."""
    if stride == width:
        return buffer[: width * height]
    return b"".join(buffer[row * stride : row * stride + width] for row in range(height))


def _missing_word(sent: tuple[str, ...], returned: tuple[str, ...]) -> str | None:
    """The first word sent that the returned page does not have in the same order
    (words may be added between them), or None."""
    position = 0
    for word in sent:
        try:
            position = returned.index(word, position) + 1
        except ValueError:
            return word
    return None


def _ink_lost(was: PageView, now: bytes, size: tuple[int, int]) -> bool:
    """Whether ink that was sent is gone from the page ``now`` (more than anti-aliasing):
    over the whole page, or from one square of it."""
    if was.ink_size != size:
        return True
    width = size[0]
    dark = lost = 0
    tiles: dict[tuple[int, int], list[int]] = {}
    for index, (before, after) in enumerate(zip(was.ink, now, strict=True)):
        if before < DARK:
            dark += 1
            y, x = divmod(index, width)
            tile = tiles.setdefault((x // INK_TILE, y // INK_TILE), [0, 0])
            tile[0] += 1
            if after > LIGHT:
                lost += 1
                tile[1] += 1
    if lost > max(3, dark * INK_TOLERANCE):
        return True
    return any(d >= TILE_DARK and gone >= d * TILE_LOST for d, gone in tiles.values())


def _same_look(number: int, was: PageView, now: PageView) -> None:
    """A page whose objects a reader rewrote: its words in order and its ink must still
    be there (additions anywhere pass)."""
    word = _missing_word(was.words, now.words)
    if word is not None:
        raise SigningRefused(
            f'Page {number} of the returned file differs from what was sent: the text "{word[:60]}"'
            " was changed or removed."
        )
    _same_ink(number, was, now)


def _same_ink(number: int, was: PageView, now: PageView) -> None:
    """The ink sent must still be on the page, drawn by its content (text made white,
    moved or painted over is gone) and as a reader shows it (an annotation added must
    not cover it)."""
    if _ink_lost(was, now.ink, now.ink_size):
        raise SigningRefused(
            f"Page {number} of the returned file differs from what was sent: part of its text"
            " or drawing was changed, moved, hidden or removed."
        )
    if _ink_lost(was, now.shown, now.ink_size):
        raise SigningRefused(
            f"Page {number} of the returned file differs from what was sent: something added"
            " to it covers part of its text or drawing."
        )


def compare_pages(sent: bytes, returned: bytes) -> Additions:
    """Check that every page of ``returned`` shows what the same page of ``sent``
    showed (each text and drawing object, in place) and only adds to it; what it adds."""
    before, after = page_views(sent), page_views(returned)
    if len(after) != len(before):
        change = "added" if len(after) > len(before) else "removed"
        raise SigningRefused(
            f"The returned file has {len(after)} pages where {len(before)} were sent:"
            f" a page was {change}."
        )
    drawings = annotations = 0
    for number, (was, now) in enumerate(zip(before, after, strict=True), start=1):
        if was.size != now.size:
            raise SigningRefused(f"Page {number} of the returned file is not the size sent.")
        if was.objects - now.objects:
            # Not the objects sent: a reader that redraws pages (Preview, Ghostscript)
            # makes other objects of the same text and drawing. Compare what they show.
            _same_look(number, was, now)
            drawings += max(0, sum(now.objects.values()) - sum(was.objects.values()))
        else:
            # The same objects can still show other things (text made white, a shape
            # added over it): what the page shows must keep the ink sent.
            _same_ink(number, was, now)
            drawings += sum((now.objects - was.objects).values())
        annotations += max(0, now.annotations - was.annotations)
    return Additions(drawings, annotations)


@dataclass(frozen=True)
class DigitalSignature:
    certificate: CertificateInfo
    signed_at: datetime | None  # as the signer's computer reported it
    field_name: str
    changes_after: str  # "" or what later revisions did ("added annotations")


def _name(name: x509.Name) -> str:
    """A distinguished name as people read it, common name first ("CN=..., O=..."),
    whichever order the certificate lists its parts in (NSS and OpenSSL put the
    country or organisation first)."""
    common = [rdn for rdn in name.rdns if any(a.oid == NameOID.COMMON_NAME for a in rdn)]
    rest = [rdn for rdn in name.rdns if rdn not in common]
    return ", ".join(rdn.rfc4514_string() for rdn in common + rest)


def certificate_info(der: bytes, trusted: bool) -> CertificateInfo:
    cert = x509.load_der_x509_certificate(der)
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    common_name = str(names[0].value) if names else ""
    self_signed = cert.issuer == cert.subject
    if trusted:
        trust = f"from a trusted authority ({_name(cert.issuer)})"
    elif self_signed:
        trust = "not from a trusted authority (a self-made certificate)"
    else:
        trust = (
            f"not from a trusted authority (issued by {_name(cert.issuer)},"
            " which this computer does not trust)"
        )
    return CertificateInfo(
        subject=_name(cert.subject),
        common_name=common_name,
        issuer=_name(cert.issuer),
        sha256=hashlib.sha256(der).hexdigest(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        self_signed=self_signed,
        trusted=trusted,
        trust=trust,
    )


@functools.lru_cache(maxsize=1)
def _trust_roots() -> tuple[asn1_x509.Certificate, ...]:
    """The authorities this computer trusts (its certificate store, as Python's ssl
    module finds it). Offline: nothing is fetched to validate a certificate."""
    found = []
    try:
        context = ssl.create_default_context()
        for der in context.get_ca_certs(binary_form=True):
            try:
                found.append(asn1_x509.Certificate.load(der))
            except ValueError:
                continue
    except (ssl.SSLError, OSError):
        return ()
    return tuple(found)


def _when(moment: datetime) -> str:
    return moment.strftime("%-d %B %Y")


def digital_signatures(
    reader: PdfFileReader, sent_revisions: int | None, *, at_import: bool = True
) -> list[DigitalSignature]:
    """Validate every filled signature field. ``sent_revisions``: how many revisions the
    file sent had, when the return is an incremental update of it (a signature must
    then sign a revision after them, so that it covers the whole document sent).
    ``at_import``: refuse a certificate expired now (else it is reported, for verify)."""
    found = []
    try:
        signatures = list(reader.embedded_regular_signatures)
    except (PdfError, KeyError, TypeError, ValueError):
        raise SigningRefused("The signature fields of that file are damaged.") from None
    for sig in signatures:
        try:
            context = ValidationContext(trust_roots=_trust_roots(), allow_fetching=False)
            status = validate_pdf_signature(sig, context)
        except Exception:  # pyHanko raises many kinds for a broken signature  # noqa: BLE001
            raise SigningRefused(
                "The digital signature in that file is broken: it cannot be validated."
            ) from None
        if not status.intact or not status.valid:
            raise SigningRefused(
                "The digital signature in that file is broken: the document was changed"
                " after it was signed, or the signature itself was damaged."
            )
        if status.coverage not in (
            SignatureCoverageLevel.ENTIRE_REVISION,
            SignatureCoverageLevel.ENTIRE_FILE,
        ):
            raise SigningRefused(
                "The digital signature in that file does not cover the whole document."
            )
        if sent_revisions is not None and sig.signed_revision < sent_revisions:
            raise SigningRefused(
                "The digital signature in that file does not cover the whole document sent."
            )
        level = getattr(status.diff_result, "modification_level", None)
        if (
            status.docmdp_ok is False
            or (status.diff_result is not None and level is None)
            or (level is not None and level > ModificationLevel.ANNOTATIONS)
        ):
            raise SigningRefused(
                "The document was changed after it was digitally signed, beyond filling"
                " in fields and adding annotations."
            )
        info = certificate_info(status.signing_cert.dump(), bool(status.trusted))
        signed_at = status.signer_reported_dt
        if signed_at is not None and signed_at < info.not_before:
            raise SigningRefused(
                f"The certificate that signed it was not yet valid when it was signed (it is"
                f" valid from {_when(info.not_before)})."
            )
        now = clock.utc_now().replace(tzinfo=UTC)
        if at_import and now > info.not_after:
            raise SigningRefused(
                f"The certificate that signed it expired on {_when(info.not_after)}; ask for"
                " it to be signed with a current certificate."
            )
        changes = ""
        if level is not None and level > ModificationLevel.NONE:
            changes = "later revisions filled in fields or added annotations"
        found.append(DigitalSignature(info, signed_at, str(sig.field_name), changes))
    return found


def revisions(data: bytes) -> int:
    """How many revisions (the first save and each incremental update) a PDF has."""
    return int(PdfFileReader(io.BytesIO(data), strict=False).xrefs.total_revisions)

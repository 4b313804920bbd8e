"""Active content in a returned PDF (issue 19): actions a reader would run when the
file is opened or clicked (JavaScript, launching a program, submitting or importing
data, opening other files). A signature adds none; a return that brings one is
refused, since the app keeps the file and shows it again from the record's History."""

from __future__ import annotations

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

from app.services.signing.pdf_objects import reachable

# Action types (PDF 32000 12.6.4) that run code, start programs, send or fetch data,
# or open other files. Links within the document (/GoTo) and to web pages (/URI) pass.
ACTIVE = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/ResetForm",
        "/GoToR",
        "/GoToE",
        "/Rendition",
        "/Movie",
        "/Sound",
        "/RichMediaExecute",
    }
)


def active_kinds(reader: PdfFileReader) -> set[str]:
    """The kinds of active content reachable from the document's catalogue (open
    actions, page and annotation actions, the document's scripts): action types from
    ACTIVE, and "JavaScript" for any /JS entry."""
    found: set[str] = set()
    for node in reachable(reader):
        kind = node.get("/S")
        if isinstance(kind, generic.NameObject) and str(kind) in ACTIVE:
            found.add(str(kind)[1:])
        if "/JS" in node:
            found.add("JavaScript")
    return found

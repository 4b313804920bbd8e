"""Markup, control characters, right-to-left marks and very long words in every text
field of every record kind print as the text they are, in every document and in the
appraisal pack: never an image, a link, a hidden run of text or a failed build
(found in review: a mentor named `Dr <img src="/path/x.png"/>` embedded that file in
the pack's contents)."""

from __future__ import annotations

import ast
import dataclasses
import re
import subprocess
from collections.abc import Iterator
from datetime import date
from io import BytesIO
from pathlib import Path

import pypdf
import pytest

from app.domain import registry
from app.domain.enums import RecordKind, SignatureMethod, SignerRole
from app.domain.kinds.reflective_note import ReflectiveNote
from app.domain.record_types import (
    Action,
    Checklist,
    ChecklistItem,
    Contract,
    Goal,
    Mentor,
    OwnerProfile,
    Relationship,
    SessionRecord,
)
from app.domain.validation import MAX_NAME
from app.printing.escaping import FORMAT_CHARACTER_BLOCKS
from app.services import documents, profile, records
from app.services.pack import PackRequest, build_pack
from app.services.portfolio import Portfolio
from app.services.signing import lifecycle

ICON = Path(__file__).resolve().parents[2] / "resources" / "icons" / "mentee-portfolio-64.png"
RIGHT_TO_LEFT = "שלום"
Piece = tuple[str, str]  # (what is stored, what must be printed)


def _hostile(m: str) -> list[Piece]:
    """Markup that ReportLab would obey, control characters and bidi formatting, each
    piece carrying the field's marker ``m``."""
    return [
        (f'{m}<img src="{ICON}"/>', f'{m}<img src="{ICON}"/>'),
        (f'<img src="/etc/passwd"/>{m}', f'<img src="/etc/passwd"/>{m}'),
        (f'<a href="file:///etc/passwd">{m}</a>', f'<a href="file:///etc/passwd">{m}</a>'),
        (f"<font size=200>{m}</font>", f"<font size=200>{m}</font>"),
        (f"<font color=white>{m}</font>", f"<font color=white>{m}</font>"),
        (f"<b>{m}</script>", f"<b>{m}</script>"),
        (f'<onDraw name="x"/>{m}<para>', f'<onDraw name="x"/>{m}<para>'),
        (f"&amp;{m}&nbsp;&]]>", f"&amp;{m}&nbsp;&]]>"),
        (f"bell\x07{m}\x1bdel\x7f\x9b", f"bell{m}del"),  # control characters vanish
        (f"rlo\u202e{m}evil\u202c", f"rlo{m}evil"),  # an override cannot reverse a line
        (f"mark\u200f{m}\u2066iso\u2069", f"mark{m}iso"),  # marks stay, isolates go
        (f"tag\U000e0041{m}\ufeff", f"tag{m}"),
    ]


def _short(m: str) -> list[Piece]:
    """A one-line field's value (at most MAX_NAME characters)."""
    pieces = _hostile(m)
    return [pieces[1], pieces[2], pieces[3], pieces[8], pieces[9], ("W" * 50, "W" * 50)]


def _long(m: str) -> list[Piece]:
    """A free-text field's value: every hostile piece, right-to-left text and a very
    long unbroken word."""
    return [*_hostile(m), (RIGHT_TO_LEFT, ""), ("L" * 1500, "L" * 1500)]


# Every kind of line break between pieces, and a bullet list.
_SEPARATORS = ("\n- ", "\r\n", "\x0b", "\u2028", " ", "\n\n", "\t", "\r", "\x0c", "\x85")


# A one-line field takes no line break (the records refuse one): spaces and tabs.
_ONE_LINE_SEPARATORS = (" ", "\t", "  ")


def _joined(pieces: list[Piece], separators: tuple[str, ...] = _SEPARATORS) -> str:
    out = "- "
    for index, (stored, _) in enumerate(pieces):
        out += (separators[index % len(separators)] if index else "") + stored
    return out


class Fields:
    """Hands out hostile values, remembering what each field must print."""

    def __init__(self) -> None:
        self.shown: dict[str, list[str]] = {}  # "Kind.field" -> pieces that must print

    def value(self, name: str, short: bool, limit: int = MAX_NAME) -> str:
        marker = f"Q{len(self.shown):03d}Q"
        pieces = _short(marker) if short else _long(marker)
        value = _joined(pieces, _ONE_LINE_SEPARATORS if short else _SEPARATORS)
        while short and len(value) > limit:  # a field shorter than a name (Location)
            pieces = pieces[:-1]
            value = _joined(pieces, _ONE_LINE_SEPARATORS)
        assert not short or len(value) <= MAX_NAME
        self.shown[name] = [shown for _, shown in pieces if shown]
        return value

    def fill(
        self, record: object, *, short: tuple[str, ...] = (), skip: tuple[str, ...] = ()
    ) -> None:
        kind = type(record).__name__
        for field in dataclasses.fields(record):  # type: ignore[arg-type]
            if field.type in ("str", str) and field.name not in skip:
                name = f"{kind}.{field.name}"
                limit = MAX_NAME
                if field.name in short:  # a record's one-line field: its spec's limit
                    declared = registry.spec_for(type(record)).field_named(field.name)
                    limit = declared.most_characters if declared is not None else MAX_NAME
                setattr(record, field.name, self.value(name, field.name in short, limit))


SHORT = {
    "OwnerProfile": (
        "name",
        "role_grade",
        "specialty",
        "organisation",
        "registration_number",
        "email",
    ),
    "Mentor": ("name", "role", "organisation", "email", "phone"),
    "Relationship": ("scheme",),
    "ReflectiveNote": ("title",),
    "Contract": ("requiring_body",),
    "Goal": ("title", "category"),
    "Checklist": ("title",),
    "SessionRecord": ("location",),
}
# Fields no document prints (the mentor's contact details and notes, the owner's
# email): the test says so, so a new field is either printed or listed here.
NOT_PRINTED = {"OwnerProfile.email", "Mentor.email", "Mentor.phone", "Mentor.notes"}


@dataclasses.dataclass
class Hostile:
    portfolio: Portfolio
    fields: Fields
    relationship_id: int
    ids: dict[str, int]


@pytest.fixture
def hostile(portfolio: Portfolio) -> Hostile:
    fields = Fields()
    owner = OwnerProfile()
    fields.fill(owner, short=SHORT["OwnerProfile"])
    profile.save_owner(portfolio, owner)
    mentor = Mentor()
    fields.fill(mentor, short=SHORT["Mentor"], skip=("email",))
    mentor = records.save(portfolio, mentor)
    rel = Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5))
    fields.fill(rel, short=SHORT["Relationship"])
    rel = records.save(portfolio, rel)
    contract = Contract(
        relationship_id=rel.id, agreed_on=date(2026, 1, 5), condition_of_practice=True
    )
    # The agreed interval holds only what parse_frequency reads ("every 4 to 6 weeks"),
    # in the app's own words: no user text of its own to carry hostile characters.
    fields.fill(contract, short=SHORT["Contract"], skip=("agreed_frequency",))
    contract = records.save(portfolio, contract)
    goal = Goal(relationship_id=rel.id, target_date=date(2026, 9, 1))
    fields.fill(goal, short=SHORT["Goal"])
    goal = records.save(portfolio, goal)
    assert goal.id is not None and contract.id is not None
    session = SessionRecord(
        topics="Catch-up", relationship_id=rel.id, held_on=date(2026, 2, 3), goal_ids=[goal.id]
    )
    fields.fill(session, short=SHORT["SessionRecord"])
    session = records.save(portfolio, session)
    action = Action(relationship_id=rel.id, origin_session_id=session.id, due_date=date(2026, 3, 1))
    fields.fill(action)
    records.save(portfolio, action)
    checklist = Checklist(relationship_id=rel.id, completed_on=date(2026, 1, 5))
    fields.fill(checklist, short=SHORT["Checklist"])
    item = ChecklistItem(done=True)
    fields.fill(item)
    checklist.items = [item, ChecklistItem("plain item")]
    checklist = records.save(portfolio, checklist)
    # A signature whose signer's name is hostile too, on a frozen version.
    lifecycle.mark_ready(portfolio, RecordKind.CONTRACT, contract.id)
    signer = fields.value("Signature.signer_name", short=True)
    lifecycle.sign(
        portfolio,
        RecordKind.CONTRACT,
        contract.id,
        1,
        role=SignerRole.MENTOR,
        signer_name=signer,
        signed_on=date(2026, 1, 5),
        method=SignatureMethod.INK,
    )
    note = ReflectiveNote(
        relationship_id=rel.id,
        session_id=session.id,
        written_on=date(2026, 2, 4),
        goal_ids=[goal.id],
    )
    fields.fill(note, short=SHORT["ReflectiveNote"])
    note = records.save(portfolio, note)
    ids = {
        "contract": contract.id,
        "checklist": checklist.id,
        "session": session.id,
        "reflective_note": note.id,
    }
    assert rel.id is not None and None not in ids.values()
    return Hostile(portfolio, fields, rel.id, {k: v for k, v in ids.items() if v is not None})


def _documents(h: Hostile) -> Iterator[tuple[str, bytes]]:
    pf = h.portfolio
    for kind in documents.document_names():
        record_id = h.ids.get(kind, h.relationship_id)
        doc = documents.render(pf, kind, record_id, include_reflection=True)
        # A checklist's title names its file: never a path.
        assert re.fullmatch(r"[\w-]+\.pdf", doc.file_name), doc.file_name
        yield kind, doc.pdf
    yield "contract v1", documents.render_version(pf, RecordKind.CONTRACT, h.ids["contract"], 1).pdf
    pack = build_pack(
        pf, PackRequest(date(2026, 1, 1), date(2026, 12, 31), include_reflections=True)
    )
    yield "pack", pack.pdf


# The cover's grid: "Registration no." wraps, and its lines share the page's lines
# with the value beside it and the next pair ("Next appraisal —").
WRAPPED_LABEL_WORDS = ("Registration", "no.", "Next", "appraisal", "—")
CONTROL = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a\u202d\u202e\u2066-\u2069]"


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _words_in(piece: str, text: str) -> bool:
    """Every word of ``piece`` printed as typed: a table row split across two pages
    draws the other columns' first lines between a cell's last line on one page and
    its next line on the other, so a piece wrapped there is whole only word by word."""
    return all(word in text for word in piece.split())


def _pdftotext(pdf: bytes, body_only: bool = False) -> str:
    """The text in the order it is drawn (-raw): each table cell's lines together, not
    interleaved with the cell beside it; with ``body_only``, without the header and
    footer of each page (A4), so text that flows across a page break stays together."""
    crop = ["-y", "60", "-H", "712", "-W", "595"] if body_only else []
    return subprocess.run(
        ["pdftotext", "-raw", *crop, "-enc", "UTF-8", "-", "-"],
        input=pdf,
        check=True,
        capture_output=True,
    ).stdout.decode()


def _outline_titles(reader: pypdf.PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def _images_links_and_actions(reader: pypdf.PdfReader) -> list[str]:
    """Everything in the PDF that is an image, an annotation or an action (except the
    contents' links to the pack's own pages: a /Link to a destination, no action)."""
    found = []
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            if link.get("/Subtype") == "/Link" and "/Dest" in link and "/A" not in link:
                continue
            found.append(f"page {number}: annotation {link}")
        resources = page.get("/Resources") or {}
        for name, xobject in (resources.get("/XObject") or {}).items():
            stack = [xobject.get_object()]
            while stack:
                obj = stack.pop()
                if obj.get("/Subtype") == "/Image":
                    found.append(f"page {number}: image {name}")
                inner = (obj.get("/Resources") or {}).get("/XObject") or {}
                stack += [x.get_object() for x in inner.values()]
    for key in ("/OpenAction", "/AA", "/Names", "/URI", "/AcroForm"):
        if key in reader.trailer["/Root"]:
            found.append(f"catalog {key}")
    return found


def test_hostile_text_prints_literally_everywhere(hostile: Hostile, tmp_path: Path) -> None:
    printed: dict[str, str] = {}
    for name, pdf in _documents(hostile):
        reader = pypdf.PdfReader(BytesIO(pdf))
        assert _images_links_and_actions(reader) == [], name
        printed[name] = _squeezed(_pdftotext(pdf, body_only=True))
        # The outline, the metadata and the header are text too.
        for title in _outline_titles(reader):
            assert "<img" not in title or title.count("<") == title.count(">") or "…" in title
            assert not re.search(CONTROL, title), title
        meta = reader.metadata or {}
        for key in ("/Title", "/Author", "/Subject"):
            assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", str(meta.get(key, "")))
        (tmp_path / f"{name}.pdf").write_bytes(pdf)
        images = subprocess.run(
            ["pdfimages", "-list", str(tmp_path / f"{name}.pdf")],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()
        assert images[2:] == [], (name, images)
    # pdftotext shows a right-to-left mark as RLE RLM PDF; the mark and the BOM are
    # invisible, and kept.
    everything = "".join(printed.values())
    for invisible in ("\u202b\u200f\u202c", "\u200f", "\ufeff"):
        everything = everything.replace(invisible, "")
    # A grid label on two lines shares its lines with the value beside it: the value's
    # pieces are looked for with those static words taken out too.
    unlabelled = everything
    for word in WRAPPED_LABEL_WORDS:
        unlabelled = unlabelled.replace(word, "")
    missing = []
    for field, pieces in hostile.fields.shown.items():
        if field in NOT_PRINTED:
            assert pieces[0] not in everything, f"{field} is printed after all"
            continue
        missing += [
            (field, p[:40])
            for p in pieces
            if _squeezed(p) not in everything
            and _squeezed(p) not in unlabelled
            and not _words_in(p, everything)
        ]
    assert missing == [], "\n".join(map(str, missing))
    # Right-to-left text is there, in reading order or drawing order.
    assert RIGHT_TO_LEFT in everything or RIGHT_TO_LEFT[::-1] in everything
    # None of the control characters and bidi overrides reached a page (pdftotext
    # itself brackets right-to-left text with RLE and PDF).
    assert not re.search(CONTROL, everything)


def test_the_pack_names_hostile_records_literally_in_contents_and_outline(
    hostile: Hostile,
) -> None:
    pack = build_pack(hostile.portfolio, PackRequest(date(2026, 1, 1), date(2026, 12, 31)))
    reader = pypdf.PdfReader(BytesIO(pack.pdf))
    titles = _outline_titles(reader)
    contents = _squeezed(_pdftotext(pack.pdf))
    for prefix, field in (
        ("Relationship with - ", "Mentor.name"),
        ("Action log with - ", "Mentor.name"),
        ("- ", "Checklist.title"),
    ):
        pieces = hostile.fields.shown[field]
        marker = pieces[0]
        title = next(t for t in titles if t.startswith(prefix + marker))
        assert len(title) <= 160
        assert not re.search(CONTROL, title)
        assert title.endswith("…")  # one line, shortened: the full name is on the page
        assert all(piece in title for piece in pieces[:4]), title
        assert _squeezed(prefix + " ".join(pieces[:4])) in contents
    owner = hostile.fields.shown["OwnerProfile.name"]
    author = str((reader.metadata or {}).get("/Author", ""))
    assert author.startswith("- " + " ".join(owner[:4])), author


def test_every_format_character_is_known() -> None:
    """The printable filter scans only these blocks for format characters: every
    format character this Python's Unicode tables know lies inside them."""
    import unicodedata

    covered = {c for block in FORMAT_CHARACTER_BLOCKS for c in block}
    outside = [
        hex(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf" and c not in covered
    ]
    assert outside == []


SAFE_MARKUP = {"markup", "paragraph_markup", "contents_entry"}


def _is_safe_markup(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id in SAFE_MARKUP
    if isinstance(node, ast.JoinedStr):
        return all(
            _is_safe_markup(part.value) if isinstance(part, ast.FormattedValue) else True
            for part in node.values
        )
    if isinstance(node, ast.IfExp):
        return _is_safe_markup(node.body) and _is_safe_markup(node.orelse)
    return False


def test_every_paragraph_is_given_escaped_text() -> None:
    """Paragraph text is markup: the printing code hands it a literal or the result of
    the one escaping path, never a bare string (a guard for code yet to be written)."""
    root = Path(__file__).resolve().parents[2] / "app"
    unsafe = []
    for path in sorted([*root.glob("printing/*.py"), *root.glob("services/*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name == "Paragraph" and not _is_safe_markup(node.args[0]):
                unsafe.append(f"{path.name}:{node.lineno}")
    assert unsafe == []


def test_the_longest_text_never_breaks_a_layout() -> None:
    """Names far longer than the forms take (a frozen version keeps what it was given)
    and free text at its limit, all without a space, lay out on every kind of page:
    no LayoutError (found in review: a 5,000-character mentor name broke `pdf` and
    `pack`)."""
    from app.domain.validation import MAX_TEXT
    from app.printing import (
        action_log_page,
        checklist_page,
        contract_page,
        goals_plan_page,
        relationship_summary_page,
        session_page,
    )
    from app.printing.blocks import SignatureSlot
    from app.printing.context import Build, Parties
    from app.printing.layout import PageMark, PrintSetup, build_pdf, usable_width

    name, text = "W" * 5_000, "x" * MAX_TEXT
    setup = PrintSetup(name, date(2026, 11, 23))
    parties = Parties(name, name, name, name, Relationship(id=1, scheme=name))
    stories = {
        "session": lambda b: session_page.story(
            SessionRecord(id=1, held_on=date(2026, 1, 1), location=name, topics=text),
            [Action(id=1, description=name)],
            parties,
            b,
        ),
        "checklist": lambda b: checklist_page.story(
            Checklist(id=1, title=name, items=[ChecklistItem(text, True, name)]), parties, b
        ),
        "contract": lambda b: contract_page.story(
            Contract(id=1, requiring_body=name, condition_of_practice=True), parties, b
        ),
        "goals": lambda b: goals_plan_page.story(
            [Goal(id=1, title=name, category=name)], parties, b
        ),
        "actions": lambda b: action_log_page.story(
            [Action(id=1, description=name, notes=name)], {}, parties, b, date(2026, 1, 1)
        ),
        "relationship": lambda b: relationship_summary_page.story(
            parties, [SessionRecord(id=1, held_on=date(2026, 1, 1))], [], [], b
        ),
    }
    for kind, story in stories.items():
        build = Build(usable_width(setup))
        build.signatures = {"mentor": SignatureSlot("Mentor", name, date(2026, 1, 1), "", name)}
        built = build_pdf(story(build), setup, PageMark(name, name, name), build.report)
        text_out = _squeezed(_pdftotext(built.data))
        assert "…" in text_out, kind  # the signer's name cut short where it cannot flow on
        assert built.pages >= 1, kind

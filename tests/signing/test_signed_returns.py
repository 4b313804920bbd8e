"""Signing requests and signed returns (issue 19): round trips with returns made the
way a mentor's reader makes them, and every bad input refused with its sentence and
the record unchanged. The portfolio and its request are made once per module; each
test works on its own copy of the files."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import pikepdf
import pytest
import time_machine
from pypdf import PdfReader, PdfWriter

from app.domain.enums import RecordKind, SignerRole
from app.domain.record_types import Action, Mentor, OwnerProfile, Relationship, SessionRecord
from app.services import documents, history, records
from app.services import signing_requests as requests
from app.services.portfolio import Portfolio, create_portfolio, unlock_with_passphrase
from app.services.signing import expansion, lifecycle, returns
from app.services.signing.binding import BindingConflict, from_json, from_xmp
from app.services.signing.returns_api import SigningRefused
from app.store.models import AuditRow
from tests.conftest import PASSPHRASE, TEST_KDF
from tests.signing import signed_returns as made
from tests.signing.conftest import SIGNING_DAY, tamper

SESSION = RecordKind.SESSION
MENTOR = "Dr Ada Example"


@dataclass(frozen=True)
class Template:
    folder: Path  # the portfolio (p.mpf, p.mpf.keys) with session 1 v1 ready, request sent
    request: requests.SigningRequest
    pdf: bytes  # the request as sent
    page: int  # the page (0-based) of the mentor's signature box
    box: tuple[float, float, float, float]  # its rectangle
    other: Path  # another portfolio's folder, the same records, its own request sent
    other_pdf: bytes


def _moment() -> datetime:
    return datetime.fromisoformat(SIGNING_DAY).replace(hour=12).astimezone()


def _fill(pf: Portfolio) -> int:
    mentor = records.save(pf, Mentor(name=MENTOR, role="Consultant"))
    rel = records.save(pf, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    session = records.save(
        pf,
        SessionRecord(
            relationship_id=rel.id,
            held_on=date(2026, 2, 3),
            topics="Rota\nLeadership",
            # Long enough for two pages: a page can be removed from a return.
            summary="We talked through the rota and how to lead the handover.\n"
            + "\n".join(f"Point {n}: what went well, and what to try next." for n in range(60)),
        ),
    )
    records.save(
        pf,
        Action(
            relationship_id=rel.id,
            origin_session_id=session.id,
            description="Read the leadership framework",
            due_date=date(2026, 3, 1),
        ),
    )
    assert session.id is not None
    lifecycle.mark_ready(pf, SESSION, session.id)
    return session.id


def _make(folder: Path) -> tuple[requests.SigningRequest, bytes]:
    folder.mkdir()
    created = create_portfolio(
        folder / "p.mpf", OwnerProfile(name="Siân Ó Dálaigh"), PASSPHRASE, kdf=TEST_KDF
    )
    pf = created.portfolio
    try:
        record_id = _fill(pf)
        out = folder.parent / f"{folder.name}-request.pdf"
        request = requests.make_signing_request(pf, SESSION, record_id, out)
    finally:
        pf.lock()
    return request, out.read_bytes()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    base = tmp_path_factory.mktemp("returns")
    with time_machine.travel(_moment(), tick=True):
        request, pdf = _make(base / "template")
        _, other_pdf = _make(base / "other")
    reader = PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            widget = annot.get_object()
            if widget.get("/FT") == "/Sig" and widget.get("/T") == "MentorSignature":
                x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
                return Template(
                    base / "template",
                    request,
                    pdf,
                    number,
                    (x0, y0, x1, y1),
                    base / "other",
                    other_pdf,
                )
    raise AssertionError("the request has no mentor's signature field")


@pytest.fixture
def pf(template: Template, tmp_path: Path) -> Iterator[Portfolio]:
    shutil.copytree(template.folder, tmp_path / "pf")
    portfolio = unlock_with_passphrase(tmp_path / "pf" / "p.mpf", PASSPHRASE)
    yield portfolio
    portfolio.lock()


def _state(pf: Portfolio) -> tuple[int, int, int]:
    """The audit log's length, the version's signatures and kept returns."""
    with pf.transaction() as db:
        entries = db.query(AuditRow).count()
    version = lifecycle.get_version(pf, SESSION, 1, 1)
    return entries, len(version.signatures), len(returns.returns_of(pf, SESSION, 1))


def _refused(pf: Portfolio, data: bytes, tmp_path: Path, *words: str) -> str:
    before = _state(pf)
    path = tmp_path / "returned.pdf"
    path.write_bytes(data)
    with pytest.raises(SigningRefused) as refused:
        returns.accept_signed_return(pf, path)
    message = refused.value.message
    for word in words:
        assert word in message
    assert "\n" not in message
    assert _state(pf) == before, "a refused return recorded something"
    return message


# The request itself ---------------------------------------------------------------


def test_request_is_the_frozen_version_with_a_signature_field_and_binding(
    template: Template, tmp_path: Path
) -> None:
    reader = PdfReader(io.BytesIO(template.pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Signing request: please sign in the mentor's signature box" in text
    assert "Acrobat Reader" in text and "Preview" in text and "Okular" in text
    assert "print the pages, sign in ink and scan" in text
    assert "We talked through the rota" in text
    fields = reader.get_fields()
    assert fields is not None
    assert fields["MentorSignature"]["/FT"] == "/Sig"
    assert "/V" not in fields["MentorSignature"]
    # The field sits on the mentor's signature line: the right half of the page.
    x0, _, x1, _ = template.box
    assert x0 > float(reader.pages[template.page].mediabox.width) / 2 and x1 > x0
    embedded = reader.attachments["mentee-portfolio-signing-request.json"][0]
    binding = from_json(embedded)
    assert reader.xmp_metadata is not None
    assert binding is not None and binding == from_xmp(reader.xmp_metadata.stream.get_data())
    assert binding.request_id == template.request.request_id
    assert (binding.kind, binding.record_id, binding.version) == (SESSION, 1, 1)
    assert binding.content_hash == template.request.content_hash
    (tmp_path / "request.pdf").write_bytes(template.pdf)
    pdfsig = subprocess.run(["pdfsig", str(tmp_path / "request.pdf")], capture_output=True)
    assert b"MentorSignature" in pdfsig.stdout and b"not signed" in pdfsig.stdout


def test_request_is_recorded_in_the_audit_log_and_the_ledger(pf: Portfolio) -> None:
    entries = history.record_history(pf, SESSION, 1)
    sent = [e for e in entries if e.action == "sign-request"]
    assert len(sent) == 1
    assert "signing request for session record 1 version 1 sent to the mentor" in (
        sent[0].display_detail
    )
    from app.services import ledger

    assert any(e.output == ledger.SIGNING_REQUEST for e in ledger.entries(pf))


def test_a_request_is_refused_for_a_signed_or_amended_record(pf: Portfolio, tmp_path: Path) -> None:
    lifecycle.amend(pf, SESSION, 1, "location was wrong")
    with pytest.raises(SigningRefused, match="being amended"):
        requests.make_signing_request(pf, SESSION, 1, tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()


def test_the_check_before_sharing_runs_before_a_request_leaves(
    pf: Portfolio, tmp_path: Path
) -> None:
    lifecycle.amend(pf, SESSION, 1, "add who was seen")
    session = records.get(pf, SessionRecord, 1)
    records.save(pf, replace(session, summary="Saw Mrs X, NHS number 943 476 5919, sooner"))
    lifecycle.mark_ready(pf, SESSION, 1)
    hits = requests.request_findings(pf, SESSION, 1)
    assert any("943 476 5919" in hit.context for hit in hits)
    out = tmp_path / "request.pdf"
    before = _state(pf)
    with pytest.raises(SigningRefused, match="The check before sharing found"):
        requests.make_signing_request(pf, SESSION, 1, out)
    assert not out.exists() and _state(pf) == before
    made_request = requests.make_signing_request(pf, SESSION, 1, out, confirm_findings=True)
    assert made_request.version == 2 and out.exists()
    kept = [e for e in history.portfolio_history(pf) if e.action == "keep-findings"]
    assert kept and "signing request for session record 1 version 2" in kept[-1].detail
    assert requests.suggested_file_name(pf, SESSION, 1) == "session-1-v2-for-signature.pdf"


# Round trips ------------------------------------------------------------------------


def test_digitally_signed_return_is_recorded_and_printed(
    pf: Portfolio, template: Template, tmp_path: Path
) -> None:
    signed = made.sign_pdf(template.pdf, made.make_certificate(MENTOR))
    path = tmp_path / "signed by mentor.pdf"
    path.write_bytes(signed)
    accepted = returns.accept_signed_return(pf, path)
    assert accepted.digital and accepted.role is SignerRole.MENTOR
    assert accepted.signer_name == MENTOR
    assert accepted.certificate is not None
    assert accepted.certificate.trust == "not from a trusted authority (a self-made certificate)"
    assert accepted.method.startswith(
        "returned PDF, digitally signed by CN=Dr Ada Example, O=Example NHS Trust"
        " (certificate SHA-256 "
    )
    version = lifecycle.get_version(pf, SESSION, 1, 1)
    mentor = version.signature(SignerRole.MENTOR)
    assert mentor is not None and mentor.bound and "digitally signed" in mentor.summary
    # History shows the returned PDF; it is the file accepted, kept encrypted.
    (kept,) = returns.returns_of(pf, SESSION, 1)
    assert kept.filename == "signed by mentor.pdf" and kept.digital
    assert returns.returned_pdf(pf, kept.attachment_id) == signed
    # The printed page says how it was signed.
    page = documents.render_version(pf, SESSION, 1, 1).pdf
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(page)).pages).split())
    assert f"Signed by {MENTOR} (digital signature, verified on import)" in text
    # verify checks the kept return again.
    check = returns.check_stored_return(pf, kept.attachment_id)
    assert check.ok and "digital signature is valid" in check.sentence
    assert check.certificate is not None and check.certificate.sha256 in check.text
    # poppler agrees, independently.
    pdfsig = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True)
    assert "Signature is Valid" in pdfsig.stdout and "Total document signed" in pdfsig.stdout


def test_verify_says_when_a_kept_return_was_changed(
    pf: Portfolio, template: Template, tmp_path: Path
) -> None:
    signed = made.sign_pdf(template.pdf, made.make_certificate(MENTOR))
    accepted = returns.accept_signed_return(pf, signed, filename="signed.pdf")
    changed = signed.replace(b"Mentee Portfolio", b"mentee Portfolio", 1)
    pf = tamper(
        pf,
        ("UPDATE attachments SET data = ? WHERE id = ?", (changed, accepted.attachment_id)),
    )
    try:
        (check,) = returns.checks_for_version(pf, SESSION, 1, 1)
        assert not check.ok
        assert check.sentence == (
            "The mentor's signed copy of session record 1 version 1 is not the file that was"
            " accepted: it was changed or removed."
        )
    finally:
        pf.lock()


def test_fill_and_sign_ink_added_as_an_incremental_update(
    pf: Portfolio, template: Template, tmp_path: Path
) -> None:
    returned = made.ink_incremental(template.pdf, template.page, template.box)
    assert returned.startswith(template.pdf)
    path = tmp_path / "ink.pdf"
    path.write_bytes(returned)
    accepted = returns.accept_signed_return(pf, path)
    assert not accepted.digital and accepted.certificate is None
    assert accepted.method == "returned PDF, signature drawn in the reader"
    assert accepted.signer_name == MENTOR
    page = documents.render_version(pf, SESSION, 1, 1).pdf
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(page)).pages).split())
    assert "signature drawn in the PDF reader, checked on import" in text
    assert returns.checks_for_version(pf, SESSION, 1, 1)[0].ok


def test_full_rewrite_with_an_annotation_added(
    pf: Portfolio, template: Template, tmp_path: Path
) -> None:
    returned = made.rewrite_with_ink(template.pdf, template.page, template.box)
    assert not returned.startswith(template.pdf[:2000])
    accepted = returns.accept_signed_return(pf, returned, filename="preview.pdf")
    assert not accepted.digital and "annotation" in accepted.changes


def test_the_mentee_signs_their_own_side_with_a_certificate(pf: Portfolio, tmp_path: Path) -> None:
    request = requests.make_signing_request(
        pf, SESSION, 1, tmp_path / "mine.pdf", role=SignerRole.MENTEE
    )
    signed = made.sign_pdf(
        (tmp_path / "mine.pdf").read_bytes(),
        made.make_certificate("Siân Ó Dálaigh"),
        "MenteeSignature",
    )
    accepted = returns.accept_signed_return(pf, signed, filename="mine-signed.pdf")
    assert accepted.role is SignerRole.MENTEE and accepted.request_id == request.request_id
    assert accepted.signer_name == "Siân Ó Dálaigh"


# Bad input: one sentence each, nothing recorded ----------------------------------------


def test_a_pdf_that_is_not_a_return_of_ours(pf: Portfolio, tmp_path: Path) -> None:
    printed = documents.render_version(pf, SESSION, 1, 1).pdf
    _refused(pf, printed, tmp_path, "not a signing request from Mentee Portfolio")
    _refused(pf, b"just text, not a PDF", tmp_path, "not a PDF")


def test_a_return_from_another_portfolio(pf: Portfolio, template: Template, tmp_path: Path) -> None:
    signed = made.sign_pdf(template.other_pdf, made.make_certificate(MENTOR))
    _refused(pf, signed, tmp_path, "another portfolio")


def test_an_unknown_request_id(pf: Portfolio, template: Template, tmp_path: Path) -> None:
    # A request made in a copy of the portfolio: its id is not in this one's history.
    shutil.copytree(template.folder, tmp_path / "copy")
    copy = unlock_with_passphrase(tmp_path / "copy" / "p.mpf", PASSPHRASE)
    try:
        requests.make_signing_request(copy, SESSION, 1, tmp_path / "elsewhere.pdf")
    finally:
        copy.lock()
    returned = made.ink_incremental(
        (tmp_path / "elsewhere.pdf").read_bytes(), template.page, template.box
    )
    _refused(pf, returned, tmp_path, "request id", "is not one this portfolio sent")


def test_a_return_dropped_on_another_record(pf: Portfolio, template: Template) -> None:
    signed = made.sign_pdf(template.pdf, made.make_certificate(MENTOR))
    before = _state(pf)
    with pytest.raises(SigningRefused, match="for session record 1, not for contract 1"):
        returns.accept_signed_return(pf, signed, expected=(RecordKind.CONTRACT, 1))
    assert _state(pf) == before


def test_a_return_of_an_older_or_since_amended_version(
    pf: Portfolio, template: Template, tmp_path: Path
) -> None:
    returned = made.ink_incremental(template.pdf, template.page, template.box)
    lifecycle.amend(pf, SESSION, 1, "the date was wrong")
    _refused(pf, returned, tmp_path, "opened for amendment since the request was sent")
    records.save(pf, replace(records.get(pf, SessionRecord, 1), held_on=date(2026, 2, 4)))
    lifecycle.mark_ready(pf, SESSION, 1)
    _refused(pf, returned, tmp_path, "an older version", "version 2 is current")


def _edit_text(data: bytes, old: bytes, new: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for stream in (
                page.obj.Contents
                if isinstance(page.obj.Contents, pikepdf.Array)
                else [page.obj.Contents]
            ):
                content = stream.read_bytes()
                if old in content:
                    stream.write(content.replace(old, new))
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def test_pages_changed(pf: Portfolio, template: Template, tmp_path: Path) -> None:
    edited = _edit_text(template.pdf, b"rota", b"rote")
    assert edited != template.pdf
    _refused(
        pf, made.ink_incremental(edited, template.page, template.box), tmp_path, "Page 1", "differs"
    )
    with pikepdf.open(io.BytesIO(template.pdf)) as pdf:
        del pdf.pages[0]
        out = io.BytesIO()
        pdf.save(out)
    _refused(pf, out.getvalue(), tmp_path, "pages where", "were sent", "removed")
    with pikepdf.open(io.BytesIO(template.pdf)) as pdf:
        pdf.pages.append(pdf.pages[0])
        out = io.BytesIO()
        pdf.save(out)
    _refused(pf, out.getvalue(), tmp_path, "pages where", "were sent", "added")
    _refused(pf, template.pdf, tmp_path, "Nothing was added")


def test_a_reader_that_redraws_the_text_is_judged_by_what_the_page_shows(
    pf: Portfolio, template: Template, tmp_path: Path
) -> None:
    # Preview and Ghostscript redraw pages: other text objects, the same words and look.
    redrawn = _edit_text(
        template.pdf, b"(We talked through the rota", b"(We talked ) Tj (through the rota"
    )
    assert redrawn != template.pdf
    _refused(pf, _edit_text(redrawn, b"rota", b"rote"), tmp_path, 'the text "rota"')
    accepted = returns.accept_signed_return(
        pf, made.rewrite_with_ink(redrawn, template.page, template.box), filename="redrawn.pdf"
    )
    assert not accepted.digital


def test_signature_that_does_not_cover_the_document(
    pf: Portfolio, template: Template, tmp_path: Path
) -> None:
    signed = made.sign_pdf(template.pdf, made.make_certificate(MENTOR))
    # Text changed after signing, saved as an incremental update (the signature still
    # covers its own revision, not the document as returned).
    reader = PdfReader(io.BytesIO(signed))
    writer = PdfWriter(reader, incremental=True)
    page = writer.pages[0]
    contents = page.get_contents()
    assert contents is not None
    contents.set_data(contents.get_data().replace(b"rota", b"rote"))
    page.replace_contents(contents)
    out = io.BytesIO()
    writer.write(out)
    _refused(pf, out.getvalue(), tmp_path, "changed after it was digitally signed")


def test_broken_signature(pf: Portfolio, template: Template, tmp_path: Path) -> None:
    signed = bytearray(made.sign_pdf(template.pdf, made.make_certificate(MENTOR)))
    at = signed.index(b"Mentee Portfolio")  # in the signed bytes: the /Creator string
    signed[at] = ord("m")
    _refused(pf, bytes(signed), tmp_path, "digital signature", "broken")


def test_expired_certificate(pf: Portfolio, template: Template, tmp_path: Path) -> None:
    expired = made.make_certificate(
        MENTOR,
        not_before=datetime(2020, 1, 1, tzinfo=UTC),
        not_after=datetime(2026, 3, 1, tzinfo=UTC),
    )
    signed = made.sign_pdf(template.pdf, expired)
    _refused(pf, signed, tmp_path, "expired on 1 March 2026")


def test_encrypted_and_damaged(pf: Portfolio, template: Template, tmp_path: Path) -> None:
    with pikepdf.open(
        io.BytesIO(made.ink_incremental(template.pdf, template.page, template.box))
    ) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="u"))
    _refused(pf, out.getvalue(), tmp_path, "encrypted")
    _refused(pf, template.pdf[: len(template.pdf) // 3], tmp_path, "damaged")


def test_a_100_mb_file_is_refused_by_its_size(pf: Portfolio, tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    with big.open("wb") as file:  # sparse: nothing is written or read
        file.truncate(100 * 1024 * 1024)
    before = _state(pf)
    with pytest.raises(SigningRefused, match=r"big.pdf is 100.0 MB; a signed return is at most"):
        returns.accept_signed_return(pf, big)
    assert _state(pf) == before


def test_the_second_return_for_a_signed_role(
    pf: Portfolio, template: Template, tmp_path: Path
) -> None:
    signed = made.sign_pdf(template.pdf, made.make_certificate(MENTOR))
    returns.accept_signed_return(pf, signed, filename="first.pdf")
    _refused(pf, signed, tmp_path, "already signed")


def test_binding_survives_a_rewrite_that_drops_the_embedded_file(
    pf: Portfolio, template: Template
) -> None:
    with pikepdf.open(
        io.BytesIO(made.rewrite_with_ink(template.pdf, template.page, template.box))
    ) as pdf:
        del pdf.Root.Names
        out = io.BytesIO()
        pdf.save(out)
    accepted = returns.accept_signed_return(pf, out.getvalue(), filename="no-attachment.pdf")
    assert accepted.request_id == template.request.request_id
    assert json.dumps(accepted.request_id)


# Returns altered outside the tests' own tools (issue 19's judge) ---------------------


def _edit_page(data: bytes, page: int, edit: Callable[[pikepdf.Pdf, pikepdf.Page], None]) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        edit(pdf, pdf.pages[page])
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def _restyle_text(
    pdf: pikepdf.Pdf, page: pikepdf.Page, shown: bytes, *ops: pikepdf.ContentStreamInstruction
) -> None:
    """Put ``ops`` just before the text operator that shows ``shown``."""
    edited = []
    for instruction in pikepdf.parse_content_stream(page):
        if str(instruction.operator) == "Tj" and bytes(instruction.operands[0]) == shown:
            edited.extend(ops)
        edited.append(instruction)
    assert len(edited) > len(list(pikepdf.parse_content_stream(page))), "no such text"
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(edited))


def _op(operator: str, *operands: float) -> pikepdf.ContentStreamInstruction:
    return pikepdf.ContentStreamInstruction(list(operands), pikepdf.Operator(operator))


@pytest.mark.parametrize(
    ("how", "ops"),
    [
        ("made white", (_op("rg", 1, 1, 1),)),  # the same text object, drawn invisibly
        ("moved", (_op("Td", 0, 40),)),  # the same words, somewhere else
        ("made invisible", (_op("Tr", 3),)),  # text render mode 3: neither filled nor stroked
    ],
)
def test_a_value_hidden_or_moved_on_the_page_is_refused(
    pf: Portfolio,
    template: Template,
    tmp_path: Path,
    how: str,
    ops: tuple[pikepdf.ContentStreamInstruction, ...],
) -> None:
    """One short value ("Session 1" in the details table) changed in the page's content
    by a rewriting tool: its words are all still there, but not what the page shows."""
    edited = _edit_page(
        template.pdf, 0, lambda pdf, page: _restyle_text(pdf, page, b"Session 1", *ops)
    )
    returned = made.ink_incremental(edited, template.page, template.box)
    _refused(pf, returned, tmp_path, "Page 1", "differs", "hidden")


def test_a_shape_painted_over_the_text_is_refused(
    pf: Portfolio, template: Template, tmp_path: Path
) -> None:
    """A white box drawn in the page's content over a paragraph: every object sent is
    still there (the box is an addition), but the words under it no longer show."""

    def paint(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        page.contents_add(pdf.make_stream(b"q 1 1 1 rg 60 300 380 200 re f Q"), prepend=False)

    _refused(pf, _edit_page(template.pdf, 1, paint), tmp_path, "Page 2", "differs")


def test_an_annotation_covering_the_text_is_refused(
    pf: Portfolio, template: Template, tmp_path: Path
) -> None:
    """An opaque square annotation (a reader's shape tool) over a paragraph: an addition,
    but one that hides what was signed when the return is opened."""

    def cover(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        look = pdf.make_stream(b"1 1 1 rg 0 0 380 200 re f")
        look.Type, look.Subtype, look.BBox = (
            pikepdf.Name.XObject,
            pikepdf.Name.Form,
            [0, 0, 380, 200],
        )
        square = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Square,
            Rect=[60, 300, 440, 500],
            IC=[1, 1, 1],
            F=4,
            AP=pikepdf.Dictionary(N=look),
        )
        if "/Annots" not in page.obj:
            page.obj.Annots = pdf.make_indirect(pikepdf.Array())
        page.obj.Annots.append(pdf.make_indirect(square))

    returned = made.ink_incremental(_edit_page(template.pdf, 1, cover), template.page, template.box)
    _refused(pf, returned, tmp_path, "Page 2", "covers part of its text")


def _open_action(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    pdf.Root.OpenAction = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    )


def _launch_link(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=[0, 0, 595, 842],
        A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe")),
    )
    if "/Annots" not in page.obj:
        page.obj.Annots = pdf.make_indirect(pikepdf.Array())
    page.obj.Annots.append(pdf.make_indirect(link))


@pytest.mark.parametrize(("edit", "kind"), [(_open_action, "JavaScript"), (_launch_link, "Launch")])
def test_a_return_that_brings_actions_to_run_is_refused(
    pf: Portfolio,
    template: Template,
    tmp_path: Path,
    edit: Callable[[pikepdf.Pdf, pikepdf.Page], None],
    kind: str,
) -> None:
    """A drawn signature and a script run on opening, or a link over the page that
    starts a program: the app keeps the file and opens it again from History."""
    inked = made.rewrite_with_ink(template.pdf, template.page, template.box)
    _refused(pf, _edit_page(inked, 0, edit), tmp_path, kind, "actions added")


def test_request_details_that_disagree_within_the_metadata_are_refused(
    pf: Portfolio, template: Template, tmp_path: Path
) -> None:
    """The XMP packet repeats the details (the request writes them, a reader may add its
    own description): one copy changed, the other and the embedded file left alone."""

    def change_one_copy(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        packet = pdf.Root.Metadata.read_bytes()
        request_id = template.request.request_id.encode()
        assert packet.count(request_id) >= 1
        extra = (
            b'<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            b' xmlns:m="http://ns.mentee-portfolio.org/signing-request/1.0/"'
            b' m:request="' + b"0" * 32 + b'" rdf:about=""/>'
        )
        # Before the right one: a reader of the packet that keeps the last value seen
        # would find the right details, and the changed copy would go unnoticed.
        first = packet.index(b"<rdf:Description")
        pdf.Root.Metadata.write(packet[:first] + extra + packet[first:])

    inked = made.rewrite_with_ink(template.pdf, template.page, template.box)
    _refused(pf, _edit_page(inked, 0, change_one_copy), tmp_path, "two different sets")


def test_request_details_given_twice_in_the_embedded_file_are_refused() -> None:
    details = b'{"format": 1, "request": "%s", "request": "%s"}' % (b"a" * 32, b"b" * 32)
    with pytest.raises(BindingConflict):
        from_json(details)


@pytest.mark.parametrize("where", ["page content", "annotation appearance", "metadata"])
def test_a_return_that_unpacks_to_far_more_than_a_request_is_refused_unread(
    pf: Portfolio,
    template: Template,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    """A stream of nothing but zeros, compressed about a thousand to one (the limit
    lowered so the test stays small: a 25 MB file could hold 25 GB)."""
    monkeypatch.setattr(expansion, "MAX_UNPACKED", 4 * 1024 * 1024)
    bomb = zlib.compress(b"\0" * (6 * 1024 * 1024), 9)

    def plant(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        stream = pikepdf.Stream(pdf, bomb)
        stream.Filter = pikepdf.Name.FlateDecode
        if where == "page content":
            page.contents_add(stream, prepend=False)
        elif where == "annotation appearance":
            stream.Type, stream.Subtype, stream.BBox = (
                pikepdf.Name.XObject,
                pikepdf.Name.Form,
                [0, 0, 10, 10],
            )
            stamp = pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Stamp,
                Rect=[10, 10, 20, 20],
                AP=pikepdf.Dictionary(N=stream),
            )
            page.obj.Annots.append(pdf.make_indirect(stamp))
        else:
            pdf.Root.Metadata = pdf.make_indirect(stream)

    inked = made.rewrite_with_ink(template.pdf, template.page, template.box)
    with pikepdf.open(io.BytesIO(inked)) as pdf:
        plant(pdf, pdf.pages[template.page])
        out = io.BytesIO()
        pdf.save(out, compress_streams=False, fix_metadata_version=False)
    _refused(pf, out.getvalue(), tmp_path, "unpacks to more than 4 MB")


def test_the_signer_is_named_common_name_first_whatever_order_the_certificate_has() -> None:
    """certutil and openssl write "C=GB, O=..., CN=..." (the organisation first)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import NameOID

    from app.services.signing.pdf_checks import certificate_info

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "NSS Test"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Dr Poppler Mentor"),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(datetime(2020, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2040, 1, 1, tzinfo=UTC))
        .sign(key, hashes.SHA256())
    )
    info = certificate_info(cert.public_bytes(Encoding.DER), trusted=False)
    assert info.subject.startswith("CN=Dr Poppler Mentor, ")
    assert "O=NSS Test" in info.subject and "C=GB" in info.subject


@pytest.mark.parametrize(
    ("certificate_name", "warned"),
    [
        ("Dr Poppler Mentor", True),  # another person's certificate
        ("Ada Example", False),  # the same person without the title
        ("ADA  EXAMPLE, MD", False),
    ],
)
def test_a_certificate_in_another_name_is_recorded_with_a_warning(
    pf: Portfolio, template: Template, tmp_path: Path, certificate_name: str, warned: bool
) -> None:
    """The name printed is the certificate's (who really signed); when it is not the
    mentor on the record, accepting says so instead of recording it silently."""
    signed = made.sign_pdf(template.pdf, made.make_certificate(certificate_name))
    accepted = returns.accept_signed_return(pf, signed, filename="signed.pdf")
    assert accepted.signer_name == certificate_name
    said = " ".join(accepted.warnings)
    if warned:
        assert f"The certificate names {certificate_name}, not {MENTOR}" in said
    else:
        assert "The certificate names" not in said

"""The mentoring contract of a relationship: ground rules, confidentiality and its
limit, boundaries, frequency, review date. Signed by mentee and mentor."""

from __future__ import annotations

from app.domain.enums import SignerRole
from app.domain.kind_spec import (
    Document,
    Export,
    Field,
    Future,
    Inclusion,
    Link,
    Messages,
    PackRole,
    RecordKindSpec,
    Row,
    Search,
    Shape,
    Signing,
)
from app.domain.record_kind import RecordKind
from app.domain.record_types import Contract
from app.domain.registry import with_mentor
from app.domain.validation import validate_contract


def _text(name: str, label: str) -> Field:
    return Field(name, label, Shape.TEXT)


SPEC = RecordKindSpec(
    kind=RecordKind.CONTRACT,
    label="Contract",
    plural="Contracts",
    form="app.ui.sections.contract_form",
    record_type=Contract,
    fields=(
        Field("relationship_id", "Relationship", Shape.REF, required=True),
        _text("ground_rules", "Ground rules"),
        _text("confidentiality", "Confidentiality"),
        _text("confidentiality_limit", "Limits of confidentiality"),
        _text("boundaries", "Boundaries"),
        _text("conflicts_of_interest", "Conflicts of interest"),
        _text("objectives", "Objectives"),
        _text("frequency", "How often we meet"),
        Field(
            "agreed_frequency",
            "Agreed interval",
            # Read from the text above, kept by the mentee: correcting how the app
            # reads a signed contract needs no new signature (the text was signed).
            signed=False,
            searchable=False,
            longest=60,
            help=(
                "How often you agreed to meet, for the Overview's timeline: for example"
                " every 4 weeks, every 4 to 6 weeks, every month or every 2 months."
                " Leave it empty if you agreed no fixed interval."
            ),
        ),
        _text("meeting_format", "Meeting format"),
        _text("meeting_length", "Meeting length"),
        _text("arrangements", "Arrangements"),
        _text("contact_between_meetings", "Contact between meetings"),
        _text("duration", "Duration"),
        _text("ending", "Ending"),
        _text("documentation", "Documentation"),
        Field("review_date", "Review date", Shape.DATE, future=Future.MARKED),
        Field(
            "agreed_on",
            "Agreed on",
            Shape.DATE,
            future=Future.REFUSED,
            why_past="a contract is dated the day it was agreed",
        ),
        Field(
            "condition_of_practice",
            "Mentoring is a condition of my practice",
            Shape.BOOL,
            help="Required by a regulator or an employer (for example the GMC or a deanery)",
        ),
        Field("requiring_body", "Required by", short=True),
        _text("reporting_expectations", "Reporting expectations"),
    ),
    validate=validate_contract,
    row=Row(
        "contracts",
        links=(
            Link(
                "relationship_id",
                RecordKind.RELATIONSHIP,
                "CASCADE",
                not_null=True,
                unique=True,
                owner=True,
            ),
        ),
    ),
    title=lambda _record, mentor: (
        f"Contract{with_mentor(mentor)}" if mentor else "Mentoring contract"
    ),
    date_field="agreed_on",
    letter="C",
    search=Search(number=4),
    export=Export("contracts", order=3, required=True),
    documents=(Document("contract", "Mentoring contract", "app.printing.contract_page"),),
    signing=Signing(
        signers=frozenset({SignerRole.MENTEE, SignerRole.MENTOR}),
        key="contract",
    ),
    pack=PackRole("Contracts", 2, Inclusion.ALL, "contract"),
    messages=Messages(duplicate="This relationship already has a contract; edit that one instead."),
)

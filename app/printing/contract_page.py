"""The mentoring contract page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.platypus import Flowable

from app.domain.record_types import Contract
from app.printing.blocks import field_grid, heading, section, signature_block, title_block
from app.printing.context import Build, Parties

CLAUSES = (
    ("Ground rules", "ground_rules"),
    ("Confidentiality", "confidentiality"),
    ("Limits of confidentiality (patient safety)", "confidentiality_limit"),
    ("Boundaries", "boundaries"),
    ("Conflicts of interest", "conflicts_of_interest"),
    ("Objectives", "objectives"),
    ("Frequency of meetings", "frequency"),
    ("Format of meetings", "meeting_format"),
    ("Length of meetings", "meeting_length"),
    ("Arrangements", "arrangements"),
    ("Contact between meetings", "contact_between_meetings"),
    ("Duration of the relationship", "duration"),
    ("Ending the relationship", "ending"),
    ("What is documented", "documentation"),
)
TITLE = "Mentoring contract"


def story(contract: Contract, parties: Parties, build: Build) -> list[Flowable]:
    report = build.report
    rel = parties.relationship
    out: list[Flowable] = title_block(
        TITLE,
        f"Between {parties.mentee_named} (mentee) and {parties.mentor_named} (mentor)",
        report,
    )
    out.append(
        field_grid(
            [
                ("Mentee", parties.mentee),
                ("Mentor", parties.mentor_line()),
                ("Relationship", rel.kind.label if rel else None),
                ("Scheme", rel.scheme if rel else None),
                ("Starts", rel.start_date if rel else None),
                ("Agreed on", contract.agreed_on),
                ("Review date", contract.review_date),
                ("Status", rel.status.label if rel else None),
            ],
            build.width,
            report,
        )
    )
    out.append(heading("Terms agreed", report))
    for label, name in CLAUSES:
        out += section(label, getattr(contract, name), report)
    if contract.condition_of_practice:
        out.append(heading("Mentoring as a condition of practice", report))
        out.append(
            field_grid([("Required by", contract.requiring_body)], build.width, report, columns=1)
        )
        out += section("Reporting expectations", contract.reporting_expectations, report)
    out.append(
        signature_block(
            build.slots(parties),
            build.width,
            report,
            "We have discussed and agree to the terms of this mentoring"
            " contract, and will review it on the date above.",
        )
    )
    return out


def signed_page(
    content: Mapping[str, Any],
    parties: Parties,
    build: Build,
    *,
    include_reflection: bool = False,
    include_summary: bool = False,
) -> tuple[str, list[Flowable]]:
    """The title and flowables of the contract in signed content (its key "contract")."""
    return TITLE, story(content["contract"], parties, build)

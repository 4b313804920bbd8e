"""A relationship's goals printed and signed together as one page. It has no table of
its own: its record id is the relationship's id, and its goals are its parts."""

from __future__ import annotations

from app.domain.enums import SignerRole
from app.domain.kind_spec import Document, Inclusion, PackRole, Part, RecordKindSpec, Signing
from app.domain.record_kind import RecordKind
from app.domain.registry import with_mentor

SPEC = RecordKindSpec(
    kind=RecordKind.GOALS_PLAN,
    label="Goals plan",
    plural="Goals plans",
    record_type=None,
    editable=False,
    title=lambda _record, mentor: f"Goals plan{with_mentor(mentor)}",
    sentence=lambda _record, record_id, mentor: (
        f"Goals plan{with_mentor(mentor)} (relationship {record_id})"
    ),
    letter="G",
    id_is=RecordKind.RELATIONSHIP,
    documents=(
        Document(
            "goals",
            "Goals plan",
            "app.printing.goals_plan_page",
            aliases=("goals_plan", "goals-plan"),
            offered_on=(RecordKind.GOAL,),
        ),
    ),
    # The mentee's own plan (TEMPLATES.md: goals are private unless shared): the
    # mentee's signature makes it fully signed; a mentor may still countersign.
    signing=Signing(
        signers=frozenset({SignerRole.MENTEE}),
        key=None,
        parts=(
            Part(
                RecordKind.GOAL,
                "relationship_id",
                "goals",
                "A goal in a signed goals plan",
                "only its status and progress notes",
            ),
        ),
        needs_parts="This relationship has no goals yet; add goals before preparing"
        " the goals plan for signing.",
    ),
    pack=PackRole("Goals plans", 3, Inclusion.PER_RELATIONSHIP_WITH_PARTS, "goals"),
)

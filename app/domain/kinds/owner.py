"""The mentee: the one owner profile of the portfolio, named on every page."""

from __future__ import annotations

from app.domain.kind_spec import Field, Future, RecordKindSpec, Row, Shape
from app.domain.record_kind import RecordKind
from app.domain.record_types import OwnerProfile
from app.domain.validation import EMAIL_LONGEST, validate_owner

SPEC = RecordKindSpec(
    kind=RecordKind.OWNER,
    label="Owner profile",
    plural="Owner profiles",
    record_type=OwnerProfile,
    fields=(
        Field("name", "Name", required=True, short=True),
        Field("role_grade", "Role or grade", short=True),
        Field("specialty", "Specialty"),
        Field("organisation", "Organisation"),
        Field("registration_number", "GMC number", short=True),
        Field("email", "Email", longest=EMAIL_LONGEST),
        Field("next_appraisal_date", "Next appraisal", Shape.DATE, future=Future.MARKED),
    ),
    validate=validate_owner,
    row=Row("owner_profile"),
    editable=False,
    title=lambda record, _mentor: record.name,
    letter="P",
)

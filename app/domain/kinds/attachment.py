"""A scan or photo of a signed page, kept inside the encrypted database."""

from __future__ import annotations

from app.domain.kind_spec import RecordKindSpec, Row
from app.domain.record_kind import RecordKind
from app.domain.record_types import Attachment

SPEC = RecordKindSpec(
    kind=RecordKind.ATTACHMENT,
    label="Attachment",
    plural="Attachments",
    record_type=Attachment,
    row=Row("attachments"),
    editable=False,
    title=lambda record, _mentor: record.filename,
)

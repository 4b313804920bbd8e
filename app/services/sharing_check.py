"""The check that runs before free text leaves the portfolio (the appraisal pack, a
record's PDF, the CPD export): likely identifiers (app.domain.identifiers) and
discoverable detail (app.domain.details), each named by where it is. Every way out
asks ``findings``; when the mentee keeps what it found, ``keep`` records that choice
in the audit log (the kinds and how many, never the text)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from sqlalchemy import select

from app.domain import registry
from app.domain.details import scan_details
from app.domain.identifiers import IdentifierHit, scan
from app.domain.kind_spec import Field, Inclusion, RecordKindSpec, Shape
from app.services.portfolio import Portfolio
from app.store.rows import row_of

KEEP_ACTION = "keep-findings"


def findings(
    texts: Iterable[tuple[str, str]], people: Sequence[str] = (), today: date | None = None
) -> list[IdentifierHit]:
    """What the check finds in each (where, text): identifiers first, then the
    discoverable details that do not overlap them, in the order of the text."""
    found: list[IdentifierHit] = []
    for where, text in texts:
        if not text or not text.strip():
            continue
        hits = scan(text, people, today)
        hits += [
            d
            for d in scan_details(text, people)
            if not any(h.start < d.end and d.start < h.end for h in hits)
        ]
        found += [replace(hit, where=where) for hit in sorted(hits, key=lambda h: h.start)]
    return found


def document_findings(
    portfolio: Portfolio,
    people: Sequence[str],
    name: str,
    record_id: int,
    *,
    include_private: bool = False,
) -> list[IdentifierHit]:
    """What the check finds in the free text of the record a document prints (its
    private fields only when they are printed too). Documents of a whole relationship
    and the recovery sheet print no record's free text of their own: nothing."""
    try:
        spec, document = registry.document(name)
    except ValueError:
        return []
    if document.per is not None or spec.record_type is None or spec.row is None:
        return []
    fields = _text_fields(spec, include_private)
    with portfolio.transaction() as db:
        row = db.get(row_of(spec.kind), record_id)
        values = [(f.label, getattr(row, f.name, "") or "") for f in fields] if row else []
    label = f"{spec.label.lower()} {record_id}"
    return findings(((f"{label}, {field}", str(text)) for field, text in values), people)


def dated_findings(
    portfolio: Portfolio,
    people: Sequence[str],
    date_from: date,
    date_to: date,
    *,
    include_private: bool = False,
    besides: frozenset[str] = frozenset(),
) -> list[IdentifierHit]:
    """What the check finds in the records the pack holds because they are dated in
    its period (reflective notes), other than the kinds ``besides`` (sessions, whose
    fields the caller names itself)."""
    texts: list[tuple[str, str]] = []
    with portfolio.transaction() as db:
        for spec in registry.all_specs():
            pack = spec.pack
            if (
                spec.kind in besides
                or pack is None
                or pack.include is not Inclusion.DATED_IN_PERIOD
                or spec.row is None
                or spec.date_field is None
            ):
                continue
            row_type = row_of(spec.kind)
            on = getattr(row_type, spec.date_field)
            query = select(row_type).where(on >= date_from, on <= date_to).order_by(on)
            fields = _text_fields(spec, include_private)
            for row in db.scalars(query):
                label = f"{spec.label.lower()} of {getattr(row, spec.date_field):%d/%m/%Y}"
                texts += [(f"{label}, {f.label}", getattr(row, f.name) or "") for f in fields]
    return findings(texts, people)


def _text_fields(spec: RecordKindSpec, include_private: bool) -> list[Field]:
    return [
        f
        for f in spec.fields
        if f.shape in (Shape.LINE, Shape.TEXT) and (include_private or not f.private)
    ]


def keep(portfolio: Portfolio, what: str, hits: Sequence[IdentifierHit]) -> tuple[str, ...]:
    """Record that the mentee kept what the check found in ``what`` (which kinds, how
    many); returns the warning of a read-only portfolio that cannot record it."""
    if not hits:
        return ()
    counts = Counter(hit.kind for hit in hits)
    detail = f"{what}: kept " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    with portfolio.transaction() as db:
        return portfolio.record_output(db, KEEP_ACTION, "portfolio", detail=detail)

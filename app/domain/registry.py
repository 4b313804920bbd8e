"""The record-kind registry: every kind's spec, found by listing app/domain/kinds.

A kind module names its spec ``SPEC``; adding the module registers the kind. Everything
that differs between kinds (rows, search, export, documents, signing, the pack, closure,
the command line's names, the window's forms) is read from here, so no layer keeps a
list of kinds of its own. Tests register a throw-away kind with ``register`` and take
it away again with ``unregister``."""

from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Callable
from typing import Any

from app.domain.kind_spec import Document, Part, RecordKindSpec
from app.domain.record_kind import BUILT_IN, RecordKind

KINDS_PACKAGE = "app.domain.kinds"


class KindsMissing(RuntimeError):
    """An installation that lost kind modules (a frozen build that did not collect
    them): refuse to start rather than run without them."""


_specs: dict[RecordKind, RecordKindSpec] = {}
_discovered = False
_lock = threading.RLock()


def discover() -> int:
    """Import every kind module once; returns how many kinds are registered."""
    global _discovered
    with _lock:
        if not _discovered:
            package = importlib.import_module(KINDS_PACKAGE)
            for info in pkgutil.iter_modules(package.__path__, KINDS_PACKAGE + "."):
                module = importlib.import_module(info.name)
                spec = getattr(module, "SPEC", None)
                if isinstance(spec, RecordKindSpec) and spec.kind not in _specs:
                    _check_and_add(spec)
            missing = [kind.value for kind in BUILT_IN if kind not in _specs]
            if missing:
                raise KindsMissing(
                    f"This installation is missing the record kind module(s) of "
                    f"{', '.join(missing)} ({KINDS_PACKAGE}); reinstall Mentee Portfolio."
                )
            _discovered = True
        return len(_specs)


def _all() -> dict[RecordKind, RecordKindSpec]:
    if not _discovered:
        discover()
    return _specs


def _clash(spec: RecordKindSpec) -> str | None:
    for other in _specs.values():
        if other.kind == spec.kind:
            return "its name"
        if spec.letter and other.letter == spec.letter:
            return f"its code letter {spec.letter}"
        if spec.search and other.search and other.search.number == spec.search.number:
            return f"its search number {spec.search.number}"
        if spec.row and other.row and other.row.table == spec.row.table:
            return f"its table {spec.row.table}"
        if spec.export and other.export and other.export.section == spec.export.section:
            return f"its export section {spec.export.section}"
        if spec.record_type is not None and other.record_type is spec.record_type:
            return f"its dataclass {spec.record_type.__name__}"
        ours = {d.name for d in spec.documents} | {a for d in spec.documents for a in d.aliases}
        theirs = {d.name for d in other.documents} | {a for d in other.documents for a in d.aliases}
        if ours & theirs:
            return f"its document {sorted(ours & theirs)[0]}"
    return None


def _check_and_add(spec: RecordKindSpec) -> None:
    clash = _clash(spec)
    if clash is not None:
        raise ValueError(f"The {spec.kind.value} kind cannot be registered: {clash} is taken.")
    _specs[spec.kind] = spec


def register(spec: RecordKindSpec) -> None:
    """Add a kind declared outside app/domain/kinds (a test's throw-away kind)."""
    with _lock:
        _all()
        _check_and_add(spec)


def unregister(kind: RecordKind) -> None:
    with _lock:
        if kind in BUILT_IN:
            raise ValueError(f"The built-in {kind.value} kind stays registered.")
        _specs.pop(kind, None)


# ---- lookup


def spec(kind: RecordKind | str) -> RecordKindSpec:
    try:
        return _all()[RecordKind(kind)]
    except KeyError:
        raise ValueError(f"{kind!r} is not a registered record kind") from None


def label_of(kind: RecordKind) -> str:
    found = _all().get(kind)
    return found.label if found is not None else kind.value.replace("_", " ").capitalize()


def spec_for(record_type: type[Any]) -> RecordKindSpec:
    for found in _all().values():
        if found.record_type is record_type:
            return found
    raise TypeError(f"{record_type.__name__} is not the record type of a record kind")


def all_specs() -> tuple[RecordKindSpec, ...]:
    """Every kind, built-in kinds first, each in the order it was declared."""
    specs = _all()  # first: discovering declares the kinds of app/domain/kinds
    order = {kind: index for index, kind in enumerate(RecordKind)}
    return tuple(sorted(specs.values(), key=lambda s: order[s.kind]))


def _where(test: Callable[[RecordKindSpec], bool]) -> tuple[RecordKindSpec, ...]:
    return tuple(s for s in all_specs() if test(s))


def editable() -> tuple[RecordKindSpec, ...]:
    """Kinds created, edited and deleted through app.services.records."""
    return _where(lambda s: s.editable and s.record_type is not None and s.row is not None)


def signable() -> tuple[RecordKindSpec, ...]:
    return _where(lambda s: s.signing is not None)


def signable_kinds() -> frozenset[RecordKind]:
    return frozenset(s.kind for s in signable())


def searchable() -> tuple[RecordKindSpec, ...]:
    return _where(lambda s: s.search is not None)


def exported() -> tuple[RecordKindSpec, ...]:
    """Kinds with a section in JSON exports, in load order."""
    found = _where(lambda s: s.export is not None)
    return tuple(sorted(found, key=lambda s: s.export.order if s.export else 0))


def wholes_of(kind: RecordKind) -> tuple[tuple[RecordKindSpec, Part], ...]:
    """The signable kinds whose signatures cover records of ``kind`` as parts."""
    return tuple(
        (whole, part)
        for whole in signable()
        if whole.signing is not None
        for part in whole.signing.parts
        if part.kind == kind
    )


def by_letter(letter: str) -> RecordKind | None:
    return next((s.kind for s in all_specs() if s.letter == letter), None)


def by_cli_name(text: str) -> RecordKind | None:
    """The kind a command line names: its stored name or one of its other spellings,
    in any case, with - for _."""
    wanted = text.strip().lower()
    for found in all_specs():
        names = {found.kind.value, found.kind.value.replace("_", "-"), *found.cli_names}
        if wanted in names:
            return found.kind
    return None


def documents() -> tuple[tuple[RecordKindSpec, Document], ...]:
    return tuple((s, d) for s in all_specs() for d in s.documents)


def document(name: str) -> tuple[RecordKindSpec, Document]:
    """The document of that name or earlier spelling; ValueError if none."""
    for found, doc in documents():
        if name == doc.name or name in doc.aliases:
            return found, doc
    raise ValueError(f"{name!r} is not a printed document")


def documents_of(kind: RecordKind) -> tuple[Document, ...]:
    """The documents that print one record of ``kind`` (their RECORD_ID is its id):
    a relationship's summary and its action log, a goals plan's page."""
    return tuple(d for s, d in documents() if (d.per or s.kind) == kind)


def printable_for(kind: RecordKind, record: Any) -> tuple[RecordKind, int] | None:
    """What Print… prints for a record of ``kind`` shown in its form: the record itself
    if it has documents, else the record another kind's document offers there (a goal
    prints its relationship's goals plan), found through the record's link."""
    if getattr(record, "id", None) is None:
        return None
    if documents_of(kind):
        return (kind, record.id)
    for owner, document in documents():
        if kind not in document.offered_on:
            continue
        printed = document.per or owner.kind
        target = spec(printed).id_is or printed
        field = _link_to(kind, target)
        value = getattr(record, field) if field else None
        return None if value is None else (printed, value)
    return None


def _link_to(kind: RecordKind, target: RecordKind) -> str:
    return next((link.field for link in spec(kind).links() if link.to == target), "")


def depends_on(kind: RecordKind) -> frozenset[RecordKind]:
    """The kinds whose changes can change what a list and form of ``kind`` show: its
    own, those it links to (and theirs: a contract names its relationship's mentor),
    its parts and the wholes it is part of, and the records its Print… offers."""
    found = {kind}
    todo = [kind]
    while todo:
        current = spec(todo.pop())
        linked = [link.to for link in current.links()]
        linked += [many.to for many in (current.row.many if current.row else ())]
        for target in linked:
            if target not in found:
                found.add(target)
                todo.append(target)
    own = spec(kind)
    if own.signing is not None:
        found.update(part.kind for part in own.signing.parts)
    found.update(whole.kind for whole, _ in wholes_of(kind))
    found.update(owner.kind for owner, d in documents() if kind in d.offered_on)
    return frozenset(found)


# ---- a record's names


def with_mentor(mentor: str) -> str:
    return f" with {mentor}" if mentor else ""


def heading(kind: RecordKind, record: Any, mentor: str = "") -> str:
    """A record's heading: in search results, lists and the appraisal pack."""
    return spec(kind).title(record, mentor)


def sentence_name(kind: RecordKind, record_id: int, record: Any = None, mentor: str = "") -> str:
    """A record named in a sentence (the Verify dialog): its kind, number and what tells
    it apart, "Session record 12 of 3 February 2026 with Dr X"."""
    found = spec(kind)
    if found.sentence is not None:
        return found.sentence(record, record_id, mentor)
    return f"{found.label} {record_id}{with_mentor(mentor)}"


def reference(
    kind: RecordKind | str, record_id: int | None = None, version: int | None = None
) -> str:
    """A record by kind and number, as histories list it: "Session record 12, version 2".
    A kind this version does not know (an old audit entry) is named by its stored name."""
    try:
        name = label_of(RecordKind(kind))
    except ValueError:
        name = str(kind).replace("_", " ").capitalize()
    if record_id is not None:
        name += f" {record_id}"
    if version is not None:
        name += f", version {version}"
    return name

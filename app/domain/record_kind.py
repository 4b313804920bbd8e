"""The name of a record kind ("session"), as stored in versions, attachments, audit
entries, search entries and verification codes, and typed on the command line.

The set is open: each kind module in app/domain/kinds declares its own name with
``RecordKind.declare``, and the built-in kinds keep their constants (``RecordKind.SESSION``).
A name is interned, so ``RecordKind("session") is RecordKind.SESSION``; it equals, hashes,
binds in SQL and dumps to JSON as its plain string, like the StrEnum it replaces."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar


class _Names(type):
    """Iterating ``RecordKind`` gives every declared kind, in the order declared."""

    _known: dict[str, RecordKind]

    def __iter__(cls) -> Iterator[RecordKind]:
        return iter(tuple(cls._known.values()))

    def __len__(cls) -> int:
        return len(cls._known)


class RecordKind(str, metaclass=_Names):
    __slots__ = ()
    _known: ClassVar[dict[str, RecordKind]] = {}

    OWNER: ClassVar[RecordKind]
    MENTOR: ClassVar[RecordKind]
    RELATIONSHIP: ClassVar[RecordKind]
    CONTRACT: ClassVar[RecordKind]
    GOAL: ClassVar[RecordKind]
    CHECKLIST_TEMPLATE: ClassVar[RecordKind]
    CHECKLIST: ClassVar[RecordKind]
    SESSION: ClassVar[RecordKind]
    ACTION: ClassVar[RecordKind]
    ATTACHMENT: ClassVar[RecordKind]
    # A relationship's goals printed and signed together; record id = relationship id.
    GOALS_PLAN: ClassVar[RecordKind]

    def __new__(cls, value: str) -> RecordKind:
        """The declared kind of that name; ValueError if there is none (as an Enum)."""
        try:
            return cls._known[str(value)]
        except KeyError:
            raise ValueError(f"{value!r} is not a record kind") from None

    @classmethod
    def declare(cls, value: str) -> RecordKind:
        """The kind of that name, declared now if it is new."""
        if not value.isidentifier() or value != value.lower():
            raise ValueError(f"{value!r} cannot name a record kind (lower_case letters only)")
        known = cls._known.get(value)
        if known is None:
            known = str.__new__(cls, value)
            cls._known[value] = known
        return known

    @property
    def value(self) -> str:
        return str.__str__(self)

    @property
    def label(self) -> str:
        """The kind's name in sentences ("Session record"), from its spec."""
        from app.domain import registry

        return registry.label_of(self)

    def __repr__(self) -> str:
        return f"RecordKind.{self.value.upper()}"

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # Unpickled (the pack's worker process) as the same interned name.
        return (RecordKind, (self.value,))

    def __copy__(self) -> RecordKind:
        return self

    def __deepcopy__(self, _memo: Any) -> RecordKind:
        return self


RecordKind.OWNER = RecordKind.declare("owner")
RecordKind.MENTOR = RecordKind.declare("mentor")
RecordKind.RELATIONSHIP = RecordKind.declare("relationship")
RecordKind.CONTRACT = RecordKind.declare("contract")
RecordKind.GOAL = RecordKind.declare("goal")
RecordKind.CHECKLIST_TEMPLATE = RecordKind.declare("checklist_template")
RecordKind.SESSION = RecordKind.declare("session")
RecordKind.GOALS_PLAN = RecordKind.declare("goals_plan")
RecordKind.CHECKLIST = RecordKind.declare("checklist")
RecordKind.ACTION = RecordKind.declare("action")
RecordKind.ATTACHMENT = RecordKind.declare("attachment")

#: The kinds this app is built with: discovery fails loudly if any has no kind module.
#: Their order is the order lists of kinds are shown in (signable: contract, session,
#: goals plan, checklist); stored values never depend on it.
BUILT_IN: tuple[RecordKind, ...] = tuple(RecordKind)

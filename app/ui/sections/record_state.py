"""The banner at the top of a record's form: what state the record is in (ready to
sign, signed by whom and when, part of a signed record, in an ended relationship,
being amended) and the one next step, as a button. The sentences come from what the
services say holds the record (records.edit_state) and its signatures."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain import registry
from app.domain.bidi import isolate
from app.domain.enums import RecordKind, SignerRole
from app.domain.errors import KnownError
from app.domain.record_types import Mentor, Relationship
from app.services import records
from app.services.guards import HeldBy, Hold
from app.services.portfolio import Portfolio
from app.services.signing import lifecycle
from app.ui.common import format_date


class Step(StrEnum):
    """The one next step a banner offers."""

    SIGN = "sign"  # record the signatures of the frozen version
    AMEND = "amend"  # amend the record itself
    AMEND_WHOLE = "amend whole"  # amend the signed record this one is part of
    READY = "ready"  # mark the amended record ready to sign
    REOPEN = "reopen"  # reopen the ended relationship


@dataclass(frozen=True)
class State:
    sentence: str
    button: str
    step: Step
    #: The record the step acts on (the record itself, its whole, its relationship).
    on: tuple[RecordKind, int]


def _signers(version: lifecycle.VersionInfo) -> str:
    """ "Siân (mentee) on 04/02/2026 and Dr Rao (mentor) on 05/02/2026"."""
    said = [
        f"{isolate(s.signer_name)} ({lifecycle.ROLE_LABEL[s.role]}) on {format_date(s.signed_on)}"
        for role in (SignerRole.MENTEE, SignerRole.MENTOR)
        if (s := version.signature(role)) is not None
    ]
    return " and ".join(said)


def _frozen(portfolio: Portfolio, kind: RecordKind, record_id: int, hold: Hold) -> State:
    noun = kind.label.lower()
    status = lifecycle.signature_status(portfolio, kind, record_id)
    number = hold.version if hold.version is not None else status.version
    version = lifecycle.get_version(portfolio, kind, record_id, number) if number else None
    amend = (
        f"To change it, choose Amend… (version {(number or 0) + 1} is then made and signed again)."
    )
    if status.label == "signed" and version is not None:
        sentence = f"Signed by {_signers(version)} (version {number}). {amend}"
        state = State(sentence, "&Amend…", Step.AMEND, (kind, record_id))
    elif version is not None and version.signatures:
        missing = next(r for r in SignerRole if version.signature(r) is None)
        sentence = (
            f"Version {number} is signed by {_signers(version)}; waiting for the"
            f" {lifecycle.ROLE_LABEL[missing]}'s signature. It cannot be edited now. {amend}"
        )
        state = State(sentence, "Record &signatures…", Step.SIGN, (kind, record_id))
    else:
        sentence = (
            f"Ready to sign: version {number} of this {noun} is frozen, so it cannot be"
            f" edited. Print it, then record the signatures. {amend}"
        )
        state = State(sentence, "Record &signatures…", Step.SIGN, (kind, record_id))
    spec = registry.spec(kind)
    note = spec.signing.unsigned_note if spec.signing is not None else ""
    if hold.editable and note:
        state = State(f"{state.sentence} {note}", state.button, state.step, state.on)
    return state


def _part(portfolio: Portfolio, kind: RecordKind, hold: Hold) -> State:
    whole_kind, whole_id = hold.by
    part = next(p for whole, p in registry.wholes_of(kind) if whole.kind == whole_kind)
    status = lifecycle.signature_status(portfolio, whole_kind, whole_id)
    whole = whole_kind.label.lower()
    sentence = (
        f"{part.what} ({registry.reference(whole_kind, whole_id).lower()}, {status.label}):"
        f" {part.progress_note} can change here. To change the rest, amend the {whole}."
    )
    return State(sentence, f"&Amend the {whole}…", Step.AMEND_WHOLE, hold.by)


def _ended(portfolio: Portfolio, kind: RecordKind, hold: Hold) -> State:
    relationship = records.get(portfolio, Relationship, hold.by[1])
    when = f" on {format_date(relationship.end_date)}" if relationship.end_date else ""
    if kind is RecordKind.RELATIONSHIP:
        sentence = f"This relationship ended{when}: it and its records are read-only."
    else:
        sentence = (
            f"This {kind.label.lower()} belongs to a relationship that ended{when}, so it"
            " is read-only."
        )
    return State(
        f"{sentence} To change them, reopen the relationship (with a reason).",
        "&Reopen the relationship…",
        Step.REOPEN,
        hold.by,
    )


def state_of(
    portfolio: Portfolio, kind: RecordKind, record_id: int | None, hold: Hold | None
) -> State | None:
    """What the banner says about a record, or None for a record that is simply
    being edited (a draft, a new one)."""
    if record_id is None:
        return None
    if hold is None:
        if kind not in registry.signable_kinds():
            return None
        status = lifecycle.signature_status(portfolio, kind, record_id)
        if status.label != "amended":
            return None
        return State(
            f"{status.detail} Change what needs changing, then mark it ready to sign.",
            "Mark amended version &ready to sign",
            Step.READY,
            (kind, record_id),
        )
    if hold.cause is HeldBy.ENDED:
        return _ended(portfolio, kind, hold)
    if hold.cause is HeldBy.PART:
        return _part(portfolio, kind, hold)
    return _frozen(portfolio, kind, record_id, hold)


def mentor_of(portfolio: Portfolio, relationship_id: int) -> str:
    """The mentor's name of a relationship, for the reopen dialog."""
    try:
        relationship = records.get(portfolio, Relationship, relationship_id)
        if relationship.mentor_id is None:
            return "your mentor"
        return records.get(portfolio, Mentor, relationship.mentor_id).name
    except KnownError:
        return "your mentor"


class StateBanner(QFrame):
    """The sentence and the one button; hidden while the record is simply editable."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordState")
        self.setAccessibleName("Record state")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Colours from the palette, so it reads in a light and a dark scheme alike.
        self.setStyleSheet(
            "QFrame#recordState { background: palette(alternate-base);"
            " border: 1px solid palette(mid); border-radius: 4px; }"
        )
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.sentence.setTextFormat(Qt.TextFormat.PlainText)  # names are never markup
        self.sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentence.setAccessibleName("Record state")
        self.button = QPushButton()
        # The button under the sentence, at its start: in view on a narrow screen too.
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 6, 8, 6)
        column.addWidget(self.sentence)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        column.addLayout(row)
        self.state: State | None = None
        self.hide()

    def show_state(self, state: State | None) -> None:
        self.state = state
        if state is None:
            self.hide()
            return
        self.sentence.setText(state.sentence)
        self.button.setText(state.button)
        self.button.setAccessibleName(state.button.replace("&", ""))
        self.setAccessibleDescription(state.sentence)
        self.show()

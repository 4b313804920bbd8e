"""What every document builder receives besides its record."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from app.domain.record_types import Relationship
from app.printing.blocks import SignatureSlot
from app.printing.scripts import isolate
from app.printing.text import GlyphReport

# The key of a signed page's content under which a record's parts are handed over as
# they are now (a session's actions, for their progress since signing): not signed
# content, printed only in the mentee's addendum.
PROGRESS = "progress since signing"


@dataclass(frozen=True)
class Parties:
    mentee: str
    mentor: str = ""
    mentor_role: str = ""
    mentor_organisation: str = ""
    relationship: Relationship | None = None

    @property
    def mentee_named(self) -> str:
        """The mentee's name to put in a sentence: isolated, so a name in Arabic or
        Hebrew does not reorder the words around it."""
        return isolate(self.mentee)

    @property
    def mentor_named(self) -> str:
        """The mentor's name to put in a sentence ("the mentor" when there is none)."""
        return isolate(self.mentor) or "the mentor"

    def mentor_line(self) -> str:
        # Each part isolated: an Arabic name does not carry the English role with it.
        parts = (self.mentor, self.mentor_role, self.mentor_organisation)
        return ", ".join(isolate(p) for p in parts if p)


@dataclass
class Build:
    """Per-build state: usable width, glyph report, and the signatures to draw."""

    width: float
    report: GlyphReport = field(default_factory=GlyphReport)
    signatures: dict[str, SignatureSlot] = field(default_factory=dict)  # role -> slot
    # The day the document is printed: what a mentee's addendum is dated by.
    today: date | None = None
    # The mentee's professional registration (e.g. "GMC 7654321"), by their signature.
    registration: str = ""

    def slots(self, parties: Parties) -> list[SignatureSlot]:
        """Mentee and mentor blocks, filled in from recorded signatures where present."""
        out = []
        for role, name in (("Mentee", parties.mentee), ("Mentor", parties.mentor)):
            slot = self.signatures.get(role.lower()) or SignatureSlot(role, name)
            if role == "Mentee" and self.registration and not slot.registration:
                slot = replace(slot, registration=self.registration)
            out.append(slot)
        return out

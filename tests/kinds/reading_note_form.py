"""The form of the throw-away reading-note kind."""

from __future__ import annotations

from app.ui.sections.record_section import RecordSection
from app.ui.sections.sidebar import Placement
from tests.kinds.reading_note import ReadingNote


class ReadingNoteForm(RecordSection):
    title = "Reading"
    record_type = ReadingNote
    noun = "reading note"
    columns = [("Read on", lambda r: r.read_on), ("Title", lambda r: r.title)]


FORM = ReadingNoteForm
PLACEMENT = Placement("Reading", 45)

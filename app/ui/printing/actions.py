"""The Print… button of the record sections: which document a record prints as, and
opening the preview for it."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QMenu, QMessageBox, QPushButton, QWidget

from app.domain import registry
from app.domain.enums import RecordKind
from app.domain.errors import KnownError
from app.services.portfolio import Portfolio
from app.ui.ops import off_the_gui_thread


def documents(kind: RecordKind) -> tuple[tuple[str, str], ...]:
    """(menu entry, document name) of what prints a record of ``kind``, from the
    registry; names, so the printing layer (ReportLab) loads only when used."""
    return tuple((d.title, d.name) for d in registry.documents_of(kind))


def open_preview(parent: QWidget, portfolio: Portfolio, kind_name: str, record_id: int) -> None:
    from app.services import documents
    from app.ui.printing.preview import PrintPreviewDialog

    kind = kind_name
    laying_out = "Laying out the page…"
    if not _checked(parent, portfolio, kind, record_id, include_private=False):
        return
    try:
        doc = off_the_gui_thread(
            laying_out, parent, lambda: documents.render(portfolio, kind, record_id)
        )
    except KnownError as err:
        QMessageBox.warning(parent, "Cannot print", err.message)
        return
    rerender = None
    # A page that can show private fields is offered with them too (the session's
    # private reflection), when the user asks.
    if kind_name != documents.RECOVERY and registry.document(kind_name)[0].private_fields():

        def rerender(include: bool) -> documents.PrintedDocument:
            if include and not _checked(parent, portfolio, kind, record_id, include_private=True):
                raise KnownError("Not printed with the private reflection: edit it first.")
            return off_the_gui_thread(
                laying_out,
                parent,
                lambda: documents.render(portfolio, kind, record_id, include_reflection=include),
            )

    dialog = PrintPreviewDialog(doc, parent, portfolio=portfolio, rerender_with_reflection=rerender)
    dialog.setModal(True)
    dialog.open()


class PrintButton(QPushButton):
    """Prints whichever record is open; a relationship offers its summary or action log."""

    def __init__(self, portfolio: Portfolio, parent: QWidget | None = None) -> None:
        super().__init__("&Print…", parent)
        self.portfolio = portfolio
        self.record: tuple[RecordKind, int] | None = None
        self.setAccessibleName("Print the open record")
        self.clicked.connect(self._print)
        self.set_record(None)

    def set_record(self, record: tuple[RecordKind, int] | None) -> None:
        self.record = record
        choices = documents(record[0]) if record is not None else ()
        self.setVisible(bool(choices))
        # PySide6's stubs leave out None, which Qt takes: no menu.
        self.setMenu(None)  # type: ignore[arg-type]
        if len(choices) > 1 and record is not None:
            menu = QMenu(self)
            for label, kind in choices:
                menu.addAction(
                    f"{label}…", partial(open_preview, self, self.portfolio, kind, record[1])
                )
            self.setMenu(menu)

    def _print(self) -> None:
        if self.record is None or self.menu() is not None:
            return
        ((_, kind),) = documents(self.record[0])
        open_preview(self, self.portfolio, kind, self.record[1])


def _checked(
    parent: QWidget, portfolio: Portfolio, kind: str, record_id: int, *, include_private: bool
) -> bool:
    """The check before sharing on the record's text: True when there is nothing to
    check or the mentee keeps what it found (recorded in the history)."""
    from app.services.appraisal_text import people_names
    from app.services.sharing_check import document_findings, keep
    from app.ui.reflection.identifier_review import confirm_hits

    people = people_names(portfolio)
    hits = document_findings(portfolio, people, kind, record_id, include_private=include_private)
    if not confirm_hits(hits, "printing this record", parent):
        return False
    keep(portfolio, f"PDF of {kind} {record_id}", hits)
    return True

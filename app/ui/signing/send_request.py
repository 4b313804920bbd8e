"""Send for signature…: the check before sharing on the record's text, then where to
save the signing request (a PDF of the frozen version with a signature field), written
off the GUI thread, then what to do next (app/ui/signing/request_written.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.domain.enums import SignerRole
from app.domain.errors import KnownError
from app.services import signing_requests as requests
from app.services.changes import Changes
from app.services.portfolio import Portfolio
from app.services.signing.lifecycle import VersionInfo
from app.services.signing.returns_api import SigningRequest
from app.services.signing.verify import title_of
from app.ui.ops import ChangeBus, Op
from app.ui.signing.request_written import RequestWritten

TITLE = "Signing request not written"


def signer_of(version: VersionInfo) -> SignerRole | None:
    """Whose signature a request asks for: the mentor's while they have not signed,
    then the mentee's own (signed with a certificate they hold); None once both have."""
    for role in (SignerRole.MENTOR, SignerRole.MENTEE):
        if version.signature(role) is None:
            return role
    return None


def choose_target(parent: QWidget, suggested: str) -> Path | None:
    """Where to write the request (the Save dialog, in Documents by default)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name, _ = QFileDialog.getSaveFileName(
        parent, "Save the signing request", f"{folder}/{suggested}", "PDF documents (*.pdf)"
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def send_for_signature(
    parent: QWidget,
    portfolio: Portfolio,
    version: VersionInfo,
    *,
    bus: ChangeBus | None = None,
    initiator: object | None = None,
    role: SignerRole | None = None,
) -> RequestWritten | None:
    """The whole flow for ``version`` (the record's current frozen version), for
    ``role``'s signature (by default, see ``signer_of``); returns the dialog saying what
    to do next, or None when nothing was written."""
    from app.ui.reflection.identifier_review import confirm_hits

    kind, record_id = version.kind, version.record_id
    role = role or signer_of(version)
    if role is None:
        return None
    try:
        hits = requests.request_findings(portfolio, kind, record_id)
    except KnownError as err:
        QMessageBox.warning(parent, TITLE, err.message)
        return None
    if not confirm_hits(hits, "sending this record for signature", parent):
        return None
    try:
        suggested = requests.suggested_file_name(portfolio, kind, record_id)
    except KnownError as err:
        QMessageBox.warning(parent, TITLE, err.message)
        return None
    target = choose_target(parent, suggested)
    if target is None:
        return None
    written: list[SigningRequest] = []
    done = (
        Op(
            bus,
            parent,
            lambda: requests.make_signing_request(
                portfolio,
                kind,
                record_id,
                target,
                role=role,
                confirm_findings=bool(hits),
            ),
            title=TITLE,
        )
        .in_background("Writing the signing request…")
        .success(written.append)
        .changes(Changes.of(kind, record_id))
        .run(initiator=initiator)
    )
    if not done:
        return None
    request = written[0]
    what = (
        title_of(kind, record_id, version.content, on_screen=True) + f", version {request.version}"
    )
    mentor = str(version.content.get("mentor") or "") if role is SignerRole.MENTOR else ""
    dialog = RequestWritten(
        Path(request.path),
        what,
        mentor,
        parent,
        role=role,
        warnings=request.warnings,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

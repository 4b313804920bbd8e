"""Scans of signed pages: sniffed by content, limited in size, kept encrypted."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.enums import RecordKind
from app.services.portfolio import Portfolio
from app.services.signing import attachments
from app.services.signing.attachments import MAX_SCAN_BYTES, ScanRefused, sniff
from tests.signing.conftest import Records

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xdb" + b"\0" * 32


def test_sniffing_goes_by_content() -> None:
    assert sniff(PDF) == "application/pdf"
    assert sniff(b"\r\n" + PDF) == "application/pdf"
    assert sniff(PNG) == "image/png"
    assert sniff(JPEG) == "image/jpeg"
    assert sniff(b"GIF89a") is None
    assert sniff(b"") is None


def test_a_renamed_file_is_refused(portfolio: Portfolio, recs: Records, tmp_path: Path) -> None:
    fake = tmp_path / "scan.png"
    fake.write_bytes(b"MZ\x90\x00 an executable")
    with pytest.raises(ScanRefused, match="scan.png is not a PDF, PNG or JPEG file"):
        attachments.add_scan(portfolio, RecordKind.SESSION, recs.session.id, fake)
    assert attachments.scans_of(portfolio, RecordKind.SESSION, recs.session.id) == []


def test_size_limit_has_a_clear_message(
    portfolio: Portfolio, recs: Records, tmp_path: Path
) -> None:
    big = tmp_path / "huge.pdf"
    with big.open("wb") as handle:
        handle.write(PDF)
        handle.truncate(MAX_SCAN_BYTES + 1)
    with pytest.raises(ScanRefused, match=r"huge.pdf is 25.0 MB; a scan can be at most 25 MB"):
        attachments.add_scan(portfolio, RecordKind.SESSION, recs.session.id, big)
    with pytest.raises(ScanRefused, match="no file at"):
        attachments.add_scan(
            portfolio, RecordKind.SESSION, recs.session.id, tmp_path / "missing.pdf"
        )


def test_stored_encrypted_and_saved_only_on_request(
    portfolio: Portfolio, recs: Records, tmp_path: Path
) -> None:
    marker = b"UNIQUE-SCAN-CONTENT-" * 20
    scan = attachments.add_scan(
        portfolio, RecordKind.CONTRACT, recs.contract.id, PDF + marker, "Contract – Siân.pdf"
    )
    assert scan.record_kind is RecordKind.CONTRACT and scan.size == len(PDF + marker)
    stored = attachments.get_scan(portfolio, scan.id)
    assert stored.data == PDF + marker and not stored.is_image
    assert marker not in portfolio.path.read_bytes()
    out = tmp_path / "copy.pdf"
    attachments.save_copy(portfolio, scan.id, out)
    assert out.read_bytes() == PDF + marker
    assert out.stat().st_mode & 0o777 == 0o600
    assert not attachments.is_in_use(portfolio, scan.id)

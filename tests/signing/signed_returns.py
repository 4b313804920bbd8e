"""Returns made the way a mentor's reader makes them, for the signed-return tests:
signed with a certificate the test creates (pyHanko, an incremental update, as
Acrobat Reader's certificate signing does), an ink annotation added as an incremental
update (Fill & Sign, Okular's freehand), and a full rewrite (Preview, qpdf) with an
annotation added."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pikepdf
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject


@dataclass(frozen=True)
class TestCertificate:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)


def make_certificate(
    name: str = "Dr Ada Example",
    *,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> TestCertificate:
    """A self-made certificate, as a mentor makes one in Acrobat Reader (a "digital
    ID"): subject and issuer alike."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example NHS Trust"),
        ]
    )
    start = not_before or datetime(2020, 1, 1, tzinfo=UTC)
    end = not_after or datetime(2040, 1, 1, tzinfo=UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return TestCertificate(key, cert)


def sign_pdf(data: bytes, certificate: TestCertificate, field: str = "MentorSignature") -> bytes:
    """Sign the request's empty signature field, as an incremental update."""
    key_der = certificate.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(certificate.der),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore(),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(field_name=field)
    out = io.BytesIO()
    pdf_signer = signers.PdfSigner(meta, signer=signer)
    pdf_signer.sign_pdf(writer, output=out, existing_fields_only=True)
    return out.getvalue()


def _ink(rect: tuple[float, float, float, float]) -> DictionaryObject:
    x0, y0, x1, y1 = rect
    points = [x0 + 5, y0 + 5, (x0 + x1) / 2, y1 - 5, x1 - 5, y0 + 8]
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Ink"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in rect]),
            NameObject("/InkList"): ArrayObject([ArrayObject([FloatObject(v) for v in points])]),
            NameObject("/F"): NumberObject(4),
        }
    )


def ink_incremental(data: bytes, page: int, rect: tuple[float, float, float, float]) -> bytes:
    """A Fill & Sign style drawn signature: an ink annotation added to ``page``
    (0-based), saved as an incremental update."""
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(reader, incremental=True)
    writer.add_annotation(page, _ink(rect))
    out = io.BytesIO()
    writer.write(out)
    return data + out.getvalue()[len(data) :] if out.getvalue().startswith(data) else out.getvalue()


def rewrite_with_ink(data: bytes, page: int, rect: tuple[float, float, float, float]) -> bytes:
    """Preview's way: the whole file rewritten (pikepdf), an ink annotation added."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        x0, y0, x1, y1 = rect
        annot = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Ink,
                Rect=[x0, y0, x1, y1],
                InkList=[[x0 + 5, y0 + 5, (x0 + x1) / 2, y1 - 5, x1 - 5, y0 + 8]],
                F=4,
            )
        )
        target = pdf.pages[page]
        if "/Annots" not in target.obj:
            target.obj.Annots = pdf.make_indirect(pikepdf.Array())
        target.obj.Annots.append(annot)
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


def expired_days_ago(days: int, now: datetime) -> tuple[datetime, datetime]:
    return now - timedelta(days=3650), now - timedelta(days=days)

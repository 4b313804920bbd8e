"""The passphrase key slot: the data key wrapped (AES-256-GCM) under a key derived
from the passphrase with scrypt, in a small JSON file beside the database.

The slot also holds a key check value, an HMAC of a constant under the data key, so
a wrong passphrase or recovery code is told apart from a damaged database, and a copy
of the audit log's head (``audit_head``, a field with its own version, added later:
app.store.audit_head reads and writes it; a file without it is still version 1)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.domain.errors import KeySlotMissing, NotAPortfolio, WrongPassphrase
from app.store.files import atomic_write_private, keyslot_path

FORMAT = "mentee-portfolio-keyslot"
FORMAT_VERSION = 1
_CHECK_CONSTANT = b"mentee-portfolio key check v1"


@dataclass(frozen=True)
class KdfParams:
    """scrypt cost. The default takes about 0.3 s and 128 MiB on a 2-core machine."""

    n: int = 2**17
    r: int = 8
    p: int = 1


@dataclass(frozen=True)
class KeySlot:
    portfolio_id: str
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped_key: bytes
    key_check: str
    # The field as read, interpreted (and authenticated) by app.store.audit_head only,
    # so a damaged copy never stops the key file from unlocking the portfolio.
    audit_head: Any = None

    def to_json(self) -> bytes:
        doc: dict[str, Any] = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "portfolio_id": self.portfolio_id,
            "kdf": {
                "name": "scrypt",
                "n": self.kdf.n,
                "r": self.kdf.r,
                "p": self.kdf.p,
                "salt": _b64(self.salt),
            },
            "wrap": {
                "alg": "AES-256-GCM",
                "nonce": _b64(self.nonce),
                "ciphertext": _b64(self.wrapped_key),
            },
            "key_check": self.key_check,
        }
        if self.audit_head is not None:
            doc["audit_head"] = self.audit_head
        return json.dumps(doc, indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes, source: Path) -> KeySlot:
        bad = NotAPortfolio(f"{source} is not a Mentee Portfolio key file, or it is damaged.")
        try:
            doc = json.loads(raw)
            if doc.get("format") != FORMAT:
                raise bad
            if doc.get("version") != FORMAT_VERSION:
                raise NotAPortfolio(f"{source} was written by a newer version of Mentee Portfolio.")
            kdf = doc["kdf"]
            if kdf["name"] != "scrypt":
                raise bad
            return cls(
                portfolio_id=str(doc["portfolio_id"]),
                kdf=KdfParams(n=int(kdf["n"]), r=int(kdf["r"]), p=int(kdf["p"])),
                salt=_unb64(kdf["salt"]),
                nonce=_unb64(doc["wrap"]["nonce"]),
                wrapped_key=_unb64(doc["wrap"]["ciphertext"]),
                key_check=str(doc["key_check"]),
                audit_head=doc.get("audit_head"),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            raise bad from None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def new_data_key() -> bytes:
    return os.urandom(32)


def key_check_value(data_key: bytes) -> str:
    return hmac.new(data_key, _CHECK_CONSTANT, hashlib.sha256).hexdigest()[:32]


def _derive(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=params.n, r=params.r, p=params.p)
    return kdf.derive(passphrase.encode("utf-8"))


def wrap(data_key: bytes, passphrase: str, portfolio_id: str, params: KdfParams) -> KeySlot:
    salt = os.urandom(16)
    nonce = os.urandom(12)
    wrapping_key = _derive(passphrase, salt, params)
    ciphertext = AESGCM(wrapping_key).encrypt(nonce, data_key, portfolio_id.encode())
    return KeySlot(portfolio_id, params, salt, nonce, ciphertext, key_check_value(data_key))


def unwrap(slot: KeySlot, passphrase: str) -> bytes:
    wrapping_key = _derive(passphrase, slot.salt, slot.kdf)
    try:
        data_key = AESGCM(wrapping_key).decrypt(
            slot.nonce, slot.wrapped_key, slot.portfolio_id.encode()
        )
    except InvalidTag:
        raise WrongPassphrase() from None
    return data_key


def key_matches(slot: KeySlot, data_key: bytes) -> bool:
    return hmac.compare_digest(slot.key_check, key_check_value(data_key))


def read_keyslot(db_path: Path) -> KeySlot:
    path = keyslot_path(db_path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KeySlotMissing(
            f"The key file {path.name} next to the portfolio is missing. Unlock with your"
            " recovery code instead; a new key file is written when you set a passphrase."
        ) from None
    except OSError as exc:
        raise KeySlotMissing(f"Cannot read the key file {path}: {exc.strerror}.") from None
    return KeySlot.from_json(raw, path)


def write_keyslot(db_path: Path, slot: KeySlot) -> None:
    atomic_write_private(keyslot_path(db_path), slot.to_json(), "the key file")

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
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.domain import clock
from app.domain.errors import (
    KeySlotMissing,
    KnownError,
    LocationNotWritable,
    NotAPortfolio,
    WrongPassphrase,
)
from app.domain.kdf import KdfParams as KdfParams  # the cost a slot is wrapped with
from app.store.files import atomic_write_private, keyslot_path, os_error_to_known, rename_no_clobber

FORMAT = "mentee-portfolio-keyslot"
FORMAT_VERSION = 1
_CHECK_CONSTANT = b"mentee-portfolio key check v1"


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
        """Parse and bound-check a key file before any key derivation: a value this app
        never writes (see the bounds above) is a damaged or foreign file. Fields a later
        version adds are allowed (and ignored) within the size and nesting bounds."""
        bad = NotAPortfolio(
            f"The key file {source.name} is damaged or was not made by this app; your"
            " recovery code still opens the portfolio."
        )
        try:
            doc = _parse_bounded(raw)
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                raise bad
            version = doc.get("version")
            if _is_int(version) and version > FORMAT_VERSION:
                raise NotAPortfolio(
                    f"The key file {source.name} was written by a newer version of Mentee"
                    " Portfolio; install that version, or unlock with your recovery code."
                )
            if version != FORMAT_VERSION or not _is_int(version):
                raise bad
            kdf, wrap = doc["kdf"], doc["wrap"]
            if not isinstance(kdf, dict) or not isinstance(wrap, dict):
                raise bad
            if kdf.get("name") != "scrypt" or wrap.get("alg") != "AES-256-GCM":
                raise bad
            params = KdfParams(n=kdf["n"], r=kdf["r"], p=kdf["p"])
            check_kdf_bounds(params)
            slot = cls(
                portfolio_id=_portfolio_id(doc["portfolio_id"]),
                kdf=params,
                salt=_unb64(kdf["salt"], SALT_BYTES),
                nonce=_unb64(wrap["nonce"], (NONCE_BYTES, NONCE_BYTES)),
                wrapped_key=_unb64(wrap["ciphertext"], (WRAPPED_BYTES, WRAPPED_BYTES)),
                key_check=_key_check(doc["key_check"]),
                audit_head=doc.get("audit_head"),
            )
        except NotAPortfolio:
            raise
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            raise bad from None
        return slot


# Bounds on what a key file may ask for, checked before any work. The app writes
# n = 2^17, r = 8, p = 1 (tests 2^12), a 16-byte salt, a 12-byte nonce and 48 bytes of
# wrapped key; the bounds leave room for eight times today's cost.
N_RANGE = (2**10, 2**20)
R_RANGE = (1, 32)
P_RANGE = (1, 16)
MAX_MEMORY = 2**30  # scrypt needs 128 * r * n bytes
MAX_WORK = 2**23  # n * r * p; today's default is 2^20 (about 0.3 s here)
SALT_BYTES = (16, 64)
NONCE_BYTES = 12
WRAPPED_BYTES = 32 + 16  # the data key and the GCM tag
MAX_FILE_BYTES = 64 * 1024
MAX_NESTING = 8
_MAX_INT_DIGITS = 20


def check_kdf_bounds(params: KdfParams) -> None:
    """ValueError unless ``params`` are scrypt parameters this app would write."""
    n, r, p = params.n, params.r, params.p
    if not all(_is_int(v) for v in (n, r, p)):
        raise ValueError("scrypt parameters must be integers")
    if not (N_RANGE[0] <= n <= N_RANGE[1] and n & (n - 1) == 0):
        raise ValueError("scrypt n out of bounds")
    if not (R_RANGE[0] <= r <= R_RANGE[1] and P_RANGE[0] <= p <= P_RANGE[1]):
        raise ValueError("scrypt r or p out of bounds")
    if 128 * r * n > MAX_MEMORY or n * r * p > MAX_WORK:
        raise ValueError("scrypt cost out of bounds")


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_bounded(raw: bytes) -> object:
    if len(raw) > MAX_FILE_BYTES:
        raise ValueError("key file too large")
    text = raw.decode("utf-8")  # strict: UTF-16, stray bytes and the like are damage
    if "\x00" in text or _nesting(text) > MAX_NESTING:
        raise ValueError("key file not plain JSON")
    return json.loads(text, parse_int=_small_int, parse_constant=_no_constant)


def _nesting(text: str) -> int:
    """How deep arrays and objects go, stopping early: json would recurse that deep."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_NESTING:
                break
        elif char in "]}":
            depth -= 1
    return deepest


def _small_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        raise ValueError("integer too long")
    return int(text)


def _no_constant(text: str) -> object:
    raise ValueError(f"{text} is not a number")


def _portfolio_id(value: object) -> str:
    # The app writes a UUID; the id is the wrapped key's associated data, so it is
    # taken as written (never normalised), and only its size and alphabet are held.
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9-]{1,64}", value):
        raise ValueError("portfolio id is not one this app writes")
    return value


def _key_check(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9a-f]{32}", value):
        raise ValueError("key check is not 32 hex digits")
    return value


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object, size: tuple[int, int]) -> bytes:
    if not isinstance(text, str) or len(text) > 4 * size[1]:
        raise ValueError("not a base64 field of the expected size")
    data = base64.b64decode(text.encode("ascii"), validate=True)
    if not size[0] <= len(data) <= size[1]:
        raise ValueError("field of the wrong size")
    return data


def new_data_key() -> bytes:
    return os.urandom(32)


def key_check_value(data_key: bytes) -> str:
    return hmac.new(data_key, _CHECK_CONSTANT, hashlib.sha256).hexdigest()[:32]


def _derive(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=params.n, r=params.r, p=params.p)
    return kdf.derive(passphrase.encode("utf-8"))


def wrap(data_key: bytes, passphrase: str, portfolio_id: str, params: KdfParams) -> KeySlot:
    check_kdf_bounds(params)  # never write a key file this app would refuse to read
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
        raw = _read_small_regular_file(path)
    except FileNotFoundError:
        raise KeySlotMissing(
            f"The key file {path.name} next to the portfolio is missing. Unlock with your"
            " recovery code instead; a new key file is written when you set a passphrase."
        ) from None
    except OSError as exc:
        raise KeySlotMissing(f"Cannot read the key file {path}: {exc.strerror}.") from None
    return KeySlot.from_json(raw, path)


def _read_small_regular_file(path: Path) -> bytes:
    """At most one byte more than a key file may hold; a FIFO, a device or a folder in
    its place reads as nothing (never waits, never reads gigabytes)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        chunks = []
        left = MAX_FILE_BYTES + 1
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_keyslot(db_path: Path, slot: KeySlot) -> None:
    atomic_write_private(keyslot_path(db_path), slot.to_json(), "the key file")


def write_raw_keyslot(db_path: Path, raw: bytes) -> None:
    """Put back a key file exactly as it was read (a failed change undone)."""
    atomic_write_private(keyslot_path(db_path), raw, "the key file")


def holds_key_file_of(db_path: Path, portfolio_id: str, data_key: bytes) -> bool:
    """Whether the key file beside ``db_path`` is this portfolio's, for this key."""
    try:
        current = read_keyslot(db_path)
    except KnownError:
        return False
    return current.portfolio_id == portfolio_id and key_matches(current, data_key)


def move_aside(path: Path) -> Path:
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    for counter in range(1, 1000):
        aside = path.with_name(
            f"{path.name}-replaced-{stamp}" + (f"-{counter}" if counter > 1 else "")
        )
        try:
            rename_no_clobber(path, aside)
        except FileExistsError:
            continue
        except OSError as exc:
            raise os_error_to_known(exc, "the key file", path) from None
        return aside
    raise LocationNotWritable(f"The key file {path} could not be moved aside.")

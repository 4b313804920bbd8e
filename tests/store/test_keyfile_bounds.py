"""A key file's parameters are held to fixed bounds before any key derivation: anything
else is one sentence, never "internal error", a Rust panic or minutes of CPU and
gigabytes of memory (found in review: n = 2^24 cost 16.8 GB and 65 s, n = 2^62
panicked)."""

from __future__ import annotations

import base64
import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.domain.errors import KnownError
from app.services import portfolio as portfolios
from app.services.portfolio import CreatedPortfolio
from app.store import keyslot
from app.store.files import keyslot_path
from tests.cli.conftest import assert_one_line_error
from tests.conftest import PASSPHRASE

SENTENCE = "is damaged or was not made by this app"


def b64(n: int) -> str:
    return base64.b64encode(b"\x01" * n).decode()


def edit(doc: dict[str, Any], where: str, value: Any) -> dict[str, Any]:
    changed = json.loads(json.dumps(doc))
    *parents, last = where.split(".")
    target = changed
    for part in parents:
        target = target[part]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return changed


DELETE = object()

# (what, change): each gives a key file the app never writes.
BAD_VALUES: list[tuple[str, Callable[[dict[str, Any]], Any]]] = [
    *(
        (f"n={n!r}", lambda d, n=n: edit(d, "kdf.n", n))
        for n in (
            2**24,
            2**62,
            2**64,
            10**400,
            0,
            1,
            3,
            -1,
            -(2**17),
            2**17 + 1,
            2**9,
            2**21,
            "131072",
            131072.0,
            True,
            None,
            [131072],
        )
    ),
    *((f"r={r!r}", lambda d, r=r: edit(d, "kdf.r", r)) for r in (2**30, 0, -1, 33, 8.5, "8")),
    *((f"p={p!r}", lambda d, p=p: edit(d, "kdf.p", p)) for p in (2**30, 0, -1, 17, False)),
    ("n, r, p too costly together", lambda d: edit(edit(d, "kdf.n", 2**20), "kdf.r", 16)),
    ("salt empty", lambda d: edit(d, "kdf.salt", "")),
    ("salt 8 bytes", lambda d: edit(d, "kdf.salt", b64(8))),
    ("salt 10 KB", lambda d: edit(d, "kdf.salt", b64(10_000))),
    ("salt not base64", lambda d: edit(d, "kdf.salt", "****")),
    ("salt a number", lambda d: edit(d, "kdf.salt", 7)),
    ("nonce short", lambda d: edit(d, "wrap.nonce", b64(4))),
    ("nonce empty", lambda d: edit(d, "wrap.nonce", "")),
    ("nonce 13 bytes", lambda d: edit(d, "wrap.nonce", b64(13))),
    ("nonce 1 KB", lambda d: edit(d, "wrap.nonce", b64(1024))),
    ("ciphertext short", lambda d: edit(d, "wrap.ciphertext", b64(16))),
    ("ciphertext long", lambda d: edit(d, "wrap.ciphertext", b64(4096))),
    ("unknown cipher", lambda d: edit(d, "wrap.alg", "ROT13")),
    ("unknown kdf", lambda d: edit(d, "kdf.name", "md5")),
    ("key check not hex", lambda d: edit(d, "key_check", "zz" * 16)),
    ("key check short", lambda d: edit(d, "key_check", "ab")),
    ("key check a list", lambda d: edit(d, "key_check", [1])),
    ("portfolio id not a uuid", lambda d: edit(d, "portfolio_id", "x" * 5000)),
    ("portfolio id a number", lambda d: edit(d, "portfolio_id", 12)),
    ("no kdf", lambda d: edit(d, "kdf", DELETE)),
    ("kdf a list", lambda d: edit(d, "kdf", [1, 2])),
    ("wrap a string", lambda d: edit(d, "wrap", "x")),
    ("version a string", lambda d: edit(d, "version", "1")),
    ("version true", lambda d: edit(d, "version", True)),
    ("version 0", lambda d: edit(d, "version", 0)),
    ("format missing", lambda d: edit(d, "format", DELETE)),
    ("a list", lambda d: [d]),
    ("a string", lambda d: "key"),
    ("null", lambda d: None),
    ("deep nesting in a new field", lambda d: edit(d, "extra", _nested(50))),
]

RAW_BAD: list[tuple[str, Callable[[bytes], bytes]]] = [
    ("empty", lambda raw: b""),
    ("random bytes", lambda raw: os.urandom(444)),
    ("truncated", lambda raw: raw[: len(raw) // 2]),
    ("NUL bytes", lambda raw: raw.replace(b'"scrypt"', b'"scr\x00ypt"')),
    ("not UTF-8", lambda raw: raw.replace(b"scrypt", b"scr\xffypt")),
    ("UTF-16", lambda raw: raw.decode().encode("utf-16")),
    ("nesting 100,000 deep", lambda raw: b"[" * 100_000 + b"]" * 100_000),
    ("an integer of 5,000 digits", lambda raw: raw.replace(b'"n": 4096', b'"n": ' + b"9" * 5000)),
    ("NaN", lambda raw: raw.replace(b'"n": 4096', b'"n": NaN')),
    ("10 MB", lambda raw: raw[:-2] + b', "pad": "' + b"a" * 10_000_000 + b'"}'),
]


def _nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": value}
    return value


@pytest.fixture
def good(created: CreatedPortfolio) -> tuple[Path, bytes]:
    created.portfolio.lock()
    path = created.portfolio.path
    return path, keyslot_path(path).read_bytes()


@pytest.mark.parametrize("what, change", BAD_VALUES, ids=[w for w, _ in BAD_VALUES])
def test_out_of_bounds_values(good: tuple[Path, bytes], what: str, change: Any) -> None:
    path, raw = good
    keyslot_path(path).write_text(json.dumps(change(json.loads(raw))))
    with pytest.raises(KnownError, match=SENTENCE):
        portfolios.unlock_with_passphrase(path, PASSPHRASE)


@pytest.mark.parametrize("what, change", RAW_BAD, ids=[w for w, _ in RAW_BAD])
def test_damaged_bytes(good: tuple[Path, bytes], what: str, change: Any) -> None:
    path, raw = good
    keyslot_path(path).write_bytes(change(raw))
    with pytest.raises(KnownError, match=SENTENCE):
        portfolios.unlock_with_passphrase(path, PASSPHRASE)


def test_not_a_regular_file(good: tuple[Path, bytes]) -> None:
    path, _ = good
    slot = keyslot_path(path)
    slot.unlink()
    os.mkfifo(slot)  # reading it would wait for a writer for ever
    with pytest.raises(KnownError, match=SENTENCE):
        portfolios.unlock_with_passphrase(path, PASSPHRASE)
    slot.unlink()
    slot.mkdir()
    with pytest.raises(KnownError, match=SENTENCE):
        portfolios.unlock_with_passphrase(path, PASSPHRASE)


def test_a_newer_version_says_so(good: tuple[Path, bytes]) -> None:
    path, raw = good
    keyslot_path(path).write_text(json.dumps(edit(json.loads(raw), "version", 2)))
    with pytest.raises(KnownError, match="newer version"):
        portfolios.unlock_with_passphrase(path, PASSPHRASE)


def test_within_bounds_and_new_fields_still_open(good: tuple[Path, bytes]) -> None:
    """Room for growth: fields a later version adds (a chain head, say) are kept
    and do not stop this version; the default cost and the test cost are inside."""
    path, raw = good
    doc = json.loads(raw)
    doc["chain_head"] = {"seq": 12, "hash": "ab" * 32, "mac": "cd" * 32}
    keyslot_path(path).write_text(json.dumps(doc))
    portfolios.unlock_with_passphrase(path, PASSPHRASE).lock()
    for params in (keyslot.KdfParams(), keyslot.KdfParams(n=2**20, r=8, p=1)):
        keyslot.check_kdf_bounds(params)


def _limited() -> None:
    # What an unbounded key file asked for ran to 16.8 GB and 65 s.
    resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))
    resource.setrlimit(resource.RLIMIT_CPU, (60, 60))


@pytest.mark.parametrize(
    "what, change",
    [
        ("n=2^24", lambda d: edit(d, "kdf.n", 2**24)),
        ("n=2^62", lambda d: edit(d, "kdf.n", 2**62)),
        ("r=2^30", lambda d: edit(d, "kdf.r", 2**30)),
        ("p=2^30", lambda d: edit(d, "kdf.p", 2**30)),
        ("n=3", lambda d: edit(d, "kdf.n", 3)),
        ("short nonce", lambda d: edit(d, "wrap.nonce", b64(4))),
    ],
)
def test_the_command_says_one_sentence(good: tuple[Path, bytes], what: str, change: Any) -> None:
    path, raw = good
    keyslot_path(path).write_text(json.dumps(change(json.loads(raw))))
    done = subprocess.run(
        [sys.executable, "-m", "app", "check", str(path)],
        env={**os.environ, "MENTEE_PORTFOLIO_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limited,
    )
    from tests.cli.conftest import CliResult

    result = CliResult(done.returncode, done.stdout, done.stderr)
    assert_one_line_error(result, SENTENCE)
    assert "internal error" not in result.err and "panic" not in result.err

"""Every page of a portfolio's files decrypted with its key, as raw bytes: free pages,
the slack of each page and the write-ahead log's frames included, which no query
through SQLite shows. SQLCipher 4's defaults: 4096-byte pages, each ending in an
80-byte reserve (a 16-byte IV, then the HMAC); the first page starts with the
16-byte salt; AES-256-CBC with the raw key (the app keys with ``x'<hex>'``)."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80
SALT = 16
WAL_HEADER = 32
FRAME_HEADER = 24


def _decrypt(page: bytes, key: bytes, first: bool) -> bytes:
    start = SALT if first else 0
    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start : PAGE - RESERVE]) + decryptor.finalize()


def database_pages(path: Path, key: bytes) -> list[bytes]:
    data = path.read_bytes()
    assert len(data) % PAGE == 0, "not a whole number of SQLCipher pages"
    pages = [_decrypt(data[i : i + PAGE], key, i == 0) for i in range(0, len(data), PAGE)]
    # The page size as SQLite's header has it (offset 16, big-endian): the key was right.
    assert pages[0][:2] == PAGE.to_bytes(2, "big"), "the key did not decrypt the first page"
    return pages


def log_pages(path: Path, key: bytes) -> list[bytes]:
    """The pages of each frame of the write-ahead log beside ``path`` (none if empty)."""
    wal = path.with_name(path.name + "-wal")
    data = wal.read_bytes() if wal.exists() else b""
    pages = []
    for start in range(WAL_HEADER, len(data) - FRAME_HEADER - PAGE + 1, FRAME_HEADER + PAGE):
        number = int.from_bytes(data[start : start + 4], "big")
        frame = data[start + FRAME_HEADER : start + FRAME_HEADER + PAGE]
        pages.append(_decrypt(frame, key, number == 1))
    return pages


def everything_decrypted(path: Path, key: bytes) -> bytes:
    return b"".join(database_pages(path, key) + log_pages(path, key))

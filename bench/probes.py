"""The measurements, each run in its own process by bench/run.py so that peak memory
and imports belong to that measurement alone. Each prints one JSON object:

    python -m bench.probes scale PORTFOLIO REPS
    python -m bench.probes pages PORTFOLIO REPS
    python -m bench.probes pack PORTFOLIO REPS SESSIONS
    python -m bench.probes responsive PORTFOLIO SESSIONS
    python -m bench.probes glance REPS SESSIONS [PORTFOLIO]
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import sqlcipher3

from app.domain import recovery_code
from app.domain.enums import RecordKind
from app.domain.record_types import Action, Goal, Mentor, SessionRecord
from app.services.portfolio import Portfolio, unlock_with_recovery_code
from app.services.records import RecordFilter, list_records
from app.services.search import search
from app.store import keyslot
from bench.generate import PASSPHRASE
from bench.timing import repeat

# What a mentee types into the search box: single words, phrases, prefixes, accents.
QUERIES = (
    "sepsis",
    "leadership teaching",
    "handover feedback",
    "burnout",
    "audit",
    "Łódź",
    "Αθήνα",
    "interv",
    "on-call nights",
    "career exams",
    "governance",
    "resilience",
)
PAGE = 50


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def data_key(path: Path) -> bytes:
    return keyslot.unwrap(keyslot.read_keyslot(path), PASSPHRASE)


def open_raw(path: Path, key: bytes) -> Portfolio:
    """Unlock with the key itself (as the keyring does): no KDF."""
    return unlock_with_recovery_code(path, recovery_code.encode(key))


def _first_pages(portfolio: Portfolio) -> None:
    for kind in (SessionRecord, Action, Goal, Mentor):
        list_records(portfolio, kind, RecordFilter(limit=PAGE))


# The SQL the services send for a first page and a search, for the cipher/plain ratio.
RAW_QUERIES = (
    "SELECT * FROM sessions ORDER BY held_on IS NULL, held_on DESC, id DESC LIMIT 50",
    "SELECT * FROM actions ORDER BY due_date IS NULL, due_date, id LIMIT 50",
    "SELECT * FROM goals ORDER BY lower(title), id LIMIT 50",
    "SELECT count(*) FROM sessions",
    "SELECT sum(duration_minutes) FROM sessions",
    "SELECT count(*) FROM actions WHERE status = 'open'",
)
SEARCH_SQL = (
    "SELECT kind, record_id, title, snippet(search_index, 3, '[', ']', '…', 12)"
    " FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT 50"
)


def _run_raw(connection: Any) -> None:
    for sql in RAW_QUERIES:
        connection.execute(sql).fetchall()
    for query in QUERIES[:6]:
        connection.execute(SEARCH_SQL, (f'"{query}"*',)).fetchall()


def _cipher_vs_plain(path: Path, key: bytes, reps: int) -> dict[str, Any]:
    """The same queries on the encrypted file and on an unencrypted copy of it (fake
    benchmark data only, in a private temp dir removed at once)."""
    pragmas = ("PRAGMA cache_size = -65536", "PRAGMA temp_store = MEMORY")
    cipher = sqlcipher3.connect(str(path))
    cipher.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    for pragma in pragmas:
        cipher.execute(pragma)
    workdir = Path(tempfile.mkdtemp(prefix="mp-bench-"))
    try:
        plain_path = workdir / "plain.db"
        cipher.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain_path),))
        cipher.execute("SELECT sqlcipher_export('plain')")
        cipher.execute("DETACH DATABASE plain")
        plain = sqlite3.connect(str(plain_path))
        for pragma in pragmas:
            plain.execute(pragma)
        encrypted = repeat(lambda: _run_raw(cipher), reps)
        unencrypted = repeat(lambda: _run_raw(plain), reps)

        # Cold open: a fresh connection reading the schema and the first page of sessions.
        def cold(connect: Any) -> None:
            con = connect()
            con.execute(RAW_QUERIES[0]).fetchall()
            con.close()

        def cipher_connect() -> Any:
            con = sqlcipher3.connect(str(path))
            con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            return con

        cold_cipher = repeat(lambda: cold(cipher_connect), reps)
        cold_plain = repeat(lambda: cold(lambda: sqlite3.connect(str(plain_path))), reps)
        plain.close()
    finally:
        cipher.close()
        shutil.rmtree(workdir, ignore_errors=True)
    return {
        "queries_cipher": encrypted.to_json(),
        "queries_plain": unencrypted.to_json(),
        "cold_cipher": cold_cipher.to_json(),
        "cold_plain": cold_plain.to_json(),
    }


def scale(path: Path, reps: int) -> dict[str, Any]:
    key = data_key(path)
    kdf = repeat(lambda: data_key(path), max(1, reps // 2))
    params = keyslot.read_keyslot(path).kdf

    def open_and_lock() -> None:
        open_raw(path, key).lock()

    opened = repeat(open_and_lock, reps)
    portfolio = open_raw(path, key)
    try:
        first_page = {
            kind.__name__: repeat(
                lambda kind=kind: list_records(portfolio, kind, RecordFilter(limit=PAGE)), reps
            ).to_json()
            for kind in (SessionRecord, Action, Goal, Mentor)
        }
        searches = []
        for _ in range(reps):
            for query in QUERIES:
                start = time.perf_counter()
                search(portfolio, query)
                searches.append(time.perf_counter() - start)
        hits = {q: len(search(portfolio, q)) for q in QUERIES}
    finally:
        portfolio.lock()
    result = {
        "open": opened.to_json(),
        "first_page": first_page,
        "search": searches,
        "search_hits": hits,
        "kdf_benchmark_file": kdf.to_json(),
        "kdf_benchmark_params": vars(params),
    }
    result.update(_cipher_vs_plain(path, key, reps))
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def kdf(reps: int) -> dict[str, Any]:
    """The real default key-slot KDF (what a new portfolio gets), timed on its own."""
    params = keyslot.KdfParams()
    salt = os.urandom(16)
    sample = repeat(lambda: keyslot._derive(PASSPHRASE, salt, params), reps)
    return {"kdf": sample.to_json(), "params": vars(params)}


def _session_ids(portfolio: Portfolio, count: int) -> list[int]:
    rows = list_records(portfolio, SessionRecord, RecordFilter(limit=count))
    return [r.id for r in rows if r.id is not None]


def page_texts(portfolio: Portfolio, ids: list[int]) -> list[Any]:
    """The printed strings of each session page, gathered untimed for the raw floor: the
    record, its parties and signers, and the header's and footer's words, read as
    documents.render reads them."""
    from app.printing.session_page import TITLE
    from app.services.documents import (
        build_for,
        page_mark,
        record_name,
        setup_for,
        signable_page,
    )
    from bench.raw_pages import SessionPageText

    texts = []
    with portfolio.transaction() as session:
        setup = setup_for(session, None)
        for record_id in ids:
            page = signable_page(session, portfolio.portfolio_id, RecordKind.SESSION, record_id)
            build = build_for(session, setup)
            build.signatures = page.signatures
            parties = page.content["parties"]
            texts.append(
                SessionPageText(
                    setup.owner_name,
                    setup.printed_on,
                    page.content["session"],
                    tuple(page.content["actions"]),
                    parties,
                    tuple(build.slots(parties)),
                    page_mark(page, TITLE, record_name(page)),
                )
            )
    return texts


def pages(path: Path, reps: int) -> dict[str, Any]:
    """Session-record pages three ways, interleaved so that a busy moment hits all
    alike: the app's printing layer laying out records already read (what the raw
    floor does with the same text), the floor itself, and the app's whole render from
    the portfolio (read, lay out, record the print in the audit log)."""
    from app.printing.layout import build_pdf
    from app.printing.text import GlyphReport
    from app.services.documents import (
        build_for,
        page_mark,
        record_name,
        render,
        setup_for,
        signable_page,
        signable_story,
    )
    from bench.raw_pages import draw_like

    portfolio = open_raw(path, data_key(path))
    try:
        ids = _session_ids(portfolio, 20)
        texts = page_texts(portfolio, ids)
        with portfolio.transaction() as session:
            setup = setup_for(session, None)
            builds = [build_for(session, setup) for _ in ids]
            read = [
                signable_page(session, portfolio.portfolio_id, RecordKind.SESSION, i) for i in ids
            ]
        counts = {"layout": 0, "raw": 0, "render": 0}

        def layout_pages() -> None:
            for page, made in zip(read, builds, strict=True):
                # A fresh build each time (it collects the glyph report), as render has.
                build = replace(made, report=GlyphReport(), signatures={})
                title, story = signable_story(page, build)
                mark = page_mark(page, title, record_name(page))
                counts["layout"] += build_pdf(story, setup, mark, build.report).pages

        def raw_pages() -> None:
            for text in texts:
                counts["raw"] += draw_like(text)

        def render_pages() -> None:
            for record_id in ids:
                counts["render"] += render(portfolio, "session", record_id).pages

        jobs = {"layout": layout_pages, "raw": raw_pages, "render": render_pages}
        for job in jobs.values():  # warm up
            job()
        times: dict[str, list[float]] = {name: [] for name in jobs}
        counts.update(dict.fromkeys(jobs, 0))
        for _ in range(reps):
            for name, job in jobs.items():
                start = time.perf_counter()
                job()
                times[name].append(time.perf_counter() - start)
    finally:
        portfolio.lock()
    result: dict[str, Any] = {name: times[name] for name in jobs}
    result.update({f"{name}_pages": counts[name] / reps for name in jobs})
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def pack_request(portfolio: Portfolio, sessions: int) -> Any:
    """An appraisal pack of the last ``sessions`` sessions held (and nothing else). Held
    by today: the generated portfolio is dated from the day it was made and kept between
    runs, so under a clock set back (a cache made under faketime, then a real-date run)
    its latest sessions are dated ahead, and a pack leaves those out."""
    from app.services.pack import PackRequest, candidates
    from app.services.sessions import held

    ordered = held(portfolio, limit=sessions)
    if not ordered:
        raise SystemExit("The benchmark portfolio has no session held by today.")
    days = [r.held_on for r in ordered if r.held_on is not None]
    period = (min(days), max(days))
    chosen = {r.id for r in ordered}
    request = PackRequest(period[0], period[1])
    excluded = frozenset(
        (i.kind, i.record_id)
        for i in candidates(portfolio, request)
        if i.kind is not RecordKind.SESSION or i.record_id not in chosen
    )
    return PackRequest(period[0], period[1], excluded=excluded)


def pack(path: Path, reps: int, sessions: int) -> dict[str, Any]:
    from app.services.pack import build_pack

    portfolio = open_raw(path, data_key(path))
    try:
        request = pack_request(portfolio, sessions)
        built: list[Any] = []
        times = []
        for _ in range(reps):
            start = time.perf_counter()
            built.append(build_pack(portfolio, request, today=date.today()))
            times.append(time.perf_counter() - start)
    finally:
        portfolio.lock()
    doc = built[-1]
    return {"pack": times, "pages": doc.pages, "bytes": len(doc.pdf), "peak_rss_mb": peak_rss_mb()}


def responsive(path: Path, sessions: int) -> dict[str, Any]:
    """Longest gap between 5 ms heartbeats of a Qt event loop while a pack builds and a
    backup runs as the app runs them (the pack in its own process, driven from a worker
    thread; the backup on a worker thread), against the same loop idle."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    from app.services.backup import backup
    from app.services.pack_process import build_pack_in_process as build_pack

    app = QApplication.instance() or QApplication([])
    window = QMainWindow()
    window.show()
    portfolio = open_raw(path, data_key(path))
    backups = Path(tempfile.mkdtemp(prefix="mp-bench-backup-"))
    # The mentee's choice of records, made in the pack dialog before the build starts.
    request = pack_request(portfolio, sessions)

    def heartbeat_gaps(busy: bool) -> tuple[float, float]:
        beats: list[float] = []
        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(lambda: beats.append(time.perf_counter()))
        done = threading.Event()
        errors: list[BaseException] = []

        def work() -> None:
            try:
                build_pack(portfolio, request)
            except BaseException as exc:  # reported below
                errors.append(exc)
            finally:
                done.set()

        def copy() -> None:
            try:
                backup(portfolio, backups)
            except BaseException as exc:
                errors.append(exc)

        started = time.perf_counter()
        timer.start()
        threads = []
        if busy:
            threads = [threading.Thread(target=work), threading.Thread(target=copy)]
            for thread in threads:
                thread.start()
        # Idle: 2 s. Busy: until both jobs end, then 1 s more, so a collection of the
        # work's garbage just after it ends is caught too.
        stop_at = started + 2.0 if not busy else float("inf")
        while time.perf_counter() < stop_at:
            app.processEvents()
            time.sleep(0.0005)
            if busy and stop_at == float("inf") and done.is_set() and not threads[1].is_alive():
                stop_at = time.perf_counter() + 1.0
        timer.stop()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        gaps = [b - a for a, b in zip(beats, beats[1:], strict=False)]
        return (max(gaps) if gaps else 0.0), time.perf_counter() - started

    try:
        idle_gap, _ = heartbeat_gaps(False)
        busy_gap, busy_time = heartbeat_gaps(True)
    finally:
        portfolio.lock()
        shutil.rmtree(backups, ignore_errors=True)
    return {"idle_max_gap": idle_gap, "busy_max_gap": busy_gap, "busy_seconds": busy_time}


def main(argv: list[str]) -> int:
    which, rest = argv[0], argv[1:]
    if which == "kdf":
        result = kdf(int(rest[0]))
    elif which == "scale":
        result = scale(Path(rest[0]), int(rest[1]))
    elif which == "pages":
        result = pages(Path(rest[0]), int(rest[1]))
    elif which == "pack":
        result = pack(Path(rest[0]), int(rest[1]), int(rest[2]))
    elif which == "responsive":
        result = responsive(Path(rest[0]), int(rest[1]))
    elif which == "glance":
        from bench.glance_redraw import redraw

        result = redraw(int(rest[0]), int(rest[1]), Path(rest[2]) if rest[2:] else None)
    else:
        raise SystemExit(f"unknown probe {which}")
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    # Skip interpreter teardown: PySide6 can crash while collecting a QApplication at
    # exit, which says nothing about what was measured.
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

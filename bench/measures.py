"""The individual measurements. Each returns seconds (or a dict of named results)
and is run in a fresh subprocess by bench.run, so imports and caches do not leak
between them."""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

QUERIES = ("rota", "leadership teaching", "sepsis", "Cymraeg", "viva exams", "handover",
           "burnout", "QI audit", "simulation", "governance complaint")


def _timed(fn: Any, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def kdf(repeat: int) -> dict[str, list[float]]:
    from app.store import keyslot

    params = keyslot.KdfParams()
    return {"kdf": _timed(lambda: keyslot._derive("correct horse battery", b"s" * 16, params),
                          repeat)}


def scale(repeat: int) -> dict[str, Any]:
    from app.domain.records import Action, Goal, SessionRecord
    from app.services import records, search
    from app.services.portfolio import recovery_code_of, unlock_with_recovery_code
    from app.services.records import RecordFilter
    from bench.generate import open_cached

    first = open_cached()
    code, path = recovery_code_of(first), first.path
    first.lock()
    opens = []
    for _ in range(repeat):
        start = time.perf_counter()
        pf = unlock_with_recovery_code(path, code)
        records.list_records(pf, SessionRecord, RecordFilter(limit=1))
        opens.append(time.perf_counter() - start)
        pf.lock()
    pf = unlock_with_recovery_code(path, code)
    pages: dict[str, list[float]] = {}
    for name, kind in (("sessions", SessionRecord), ("actions", Action), ("goals", Goal)):
        pages[name] = _timed(lambda k=kind: records.list_records(pf, k, RecordFilter(limit=50)),
                             repeat)
    searches = [t for q in QUERIES for t in _timed(lambda q=q: search.search(pf, q), 3)]
    counts = {"sessions": records.count_records(pf, SessionRecord),
              "actions": records.count_records(pf, Action),
              "goals": records.count_records(pf, Goal)}
    pf.lock()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"open": opens, "first_page": pages, "search": searches, "rss_mb": rss_mb,
            "counts": counts}


RAW_QUERIES = (
    "SELECT * FROM sessions ORDER BY held_on DESC, id DESC LIMIT 50",
    "SELECT * FROM actions WHERE status NOT IN ('done','dropped') ORDER BY due_date LIMIT 50",
    "SELECT count(*), sum(duration_minutes) FROM sessions",
    "SELECT record_id, snippet(search_index, 3, '[', ']', '…', 8) FROM search_index"
    " WHERE search_index MATCH '\"leadership\"* \"teaching\"*' LIMIT 50",
    "SELECT s.held_on, count(a.id) FROM sessions s JOIN actions a ON a.origin_session_id = s.id"
    " GROUP BY s.id ORDER BY s.held_on DESC LIMIT 100",
)


def cipher_overhead(repeat: int) -> dict[str, list[float]]:
    """The same queries on the encrypted portfolio and on a plain SQLite copy of it.
    The copy is synthetic benchmark data in a temp folder, deleted at the end."""
    import sqlcipher3

    from bench.generate import open_cached

    pf = open_cached()
    key, path = pf.data_key, pf.path
    pf.lock()
    with tempfile.TemporaryDirectory() as tmp:
        plain_path = Path(tmp) / "plain.db"
        enc = sqlcipher3.connect(str(path))
        enc.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        enc.execute(f"ATTACH DATABASE '{plain_path}' AS plaintext KEY ''")
        enc.execute("SELECT sqlcipher_export('plaintext')")
        enc.execute("DETACH DATABASE plaintext")
        enc.execute("PRAGMA temp_store = MEMORY")
        plain = sqlite3.connect(str(plain_path))
        plain.execute("PRAGMA temp_store = MEMORY")
        result: dict[str, list[float]] = {"encrypted": [], "plain": []}
        for conn, name in ((enc, "encrypted"), (plain, "plain")) * 2:
            runs = []
            for _ in range(repeat):
                start = time.perf_counter()
                for query in RAW_QUERIES:
                    conn.execute(query).fetchall()
                runs.append(time.perf_counter() - start)
            result[name] = runs  # second round wins: both caches warm
        enc.close()
        plain.close()
    return result


def pages(repeat: int) -> dict[str, list[float]]:
    """Session-record pages per second: our document vs raw ReportLab drawing the same
    text with the same font (wrapped lines on a canvas, no layout engine)."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    from app.domain.records import Action, SessionRecord
    from app.printing import session_record
    from app.printing.context import Build, Parties
    from app.printing.fonts import BOLD, REGULAR, register_fonts
    from app.printing.layout import PageMark, PrintSetup, build_pdf, usable_width

    register_fonts()
    words = ("Discussed the rota, leadership and the FRCA viva; agreed three actions. ") * 12
    record = SessionRecord(id=1, relationship_id=1, held_on=date(2026, 2, 3),
                           topics="- Rota\n- Viva\n- Teaching", summary=words,
                           key_learning=words[:300], since_last=words[:200])
    actions = [Action(id=i, description=f"Action {i}: read the framework") for i in range(3)]
    setup = PrintSetup("Dr Bench Mark", date(2026, 11, 23))
    per_round = 20

    def ours() -> None:
        for _ in range(per_round):
            build = Build(usable_width(setup))
            story = session_record.story(record, actions, Parties("Mentee", "Mentor"), build)
            build_pdf(story, setup, PageMark("Session", "Session 1", "Draft", "S1-1-AAAA-A"),
                      build.report)

    texts = ["Mentoring session record", record.topics, record.since_last, record.summary,
             record.key_learning, *(a.description for a in actions), "Mentee", "Mentor"]

    def raw() -> None:
        for _ in range(per_round):
            canvas = Canvas(io.BytesIO(), pagesize=A4, initialFontName=REGULAR)
            y = 800.0
            canvas.setFont(BOLD, 17)
            canvas.drawString(50, y, texts[0])
            canvas.setFont(REGULAR, 9.5)
            for text in texts[1:]:
                for line in simpleSplit(text, REGULAR, 9.5, 495):
                    y -= 12.5
                    canvas.drawString(50, y, line)
            canvas.showPage()
            canvas.save()

    ours()
    raw()  # warm both
    return {"ours": [t / per_round for t in _timed(ours, repeat)],
            "raw": [t / per_round for t in _timed(raw, repeat)]}


def pack(repeat: int) -> dict[str, Any]:
    from app.services.pack import PackRequest, build_pack
    from bench.generate import open_cached

    pf = open_cached(500)
    request = PackRequest(date(2000, 1, 1), date(2100, 1, 1))
    pages_built = 0

    def run() -> None:
        nonlocal pages_built
        pages_built = build_pack(pf, request).pages
    times = _timed(run, repeat)
    pf.lock()
    return {"pack": times, "pages": pages_built}


class _Heartbeat:
    def __init__(self, clock: Any) -> None:
        self.clock = clock
        clock.start()
        self.last = clock.elapsed()
        self.worst = 0

    def beat(self) -> None:
        now = self.clock.elapsed()
        self.worst = max(self.worst, now - self.last)
        self.last = now


def responsiveness(repeat: int) -> dict[str, Any]:
    """Longest gap between 5 ms heartbeats on the GUI thread while a 500-session pack
    builds (in its own process, driven from a worker thread) and a backup runs in a
    worker thread, as the app runs them."""
    import threading

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from app.services.backup import backup
    from app.services.pack import PackRequest
    from app.services.pack_process import build_pack_in_process
    from bench.generate import open_cached

    app = QApplication.instance() or QApplication([])
    pf = open_cached(500)
    request = PackRequest(date(2000, 1, 1), date(2100, 1, 1))
    stalls = []
    for _ in range(repeat):
        heartbeat = _Heartbeat(QElapsedTimer())
        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(heartbeat.beat)
        timer.start()
        with tempfile.TemporaryDirectory() as tmp:
            workers = [threading.Thread(target=build_pack_in_process, args=(pf, request)),
                       threading.Thread(target=backup, args=(pf, Path(tmp)))]
            for worker in workers:
                worker.start()
            while any(w.is_alive() for w in workers):
                app.processEvents()
                time.sleep(0.001)
            timer.stop()
        stalls.append(heartbeat.worst / 1000)
    pf.lock()
    return {"stall": stalls}


if __name__ == "__main__":
    name, repeat = sys.argv[1], int(sys.argv[2])
    result = globals()[name](repeat)
    sys.stdout.write(json.dumps({"result": result}, default=str) + "\n")
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: PySide6 can abort while finalising

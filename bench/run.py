"""Run every benchmark against a floor measured in the same run and write
bench/RESULTS.md.   Usage:  python -m bench.run [--repeat N] [--quick]"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


@dataclass
class Row:
    name: str
    floor: str
    measured: str
    ratio: str
    target: str
    ok: bool | None  # None: reported, no target


def _stats(values: Sequence[float], unit: str = "ms", scale: float = 1000) -> str:
    med = statistics.median(values) * scale
    return f"{med:.1f} {unit} ({min(values) * scale:.1f}–{max(values) * scale:.1f})"


def _measure(name: str, repeat: int) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.measures", name, str(repeat)],
                         cwd=ROOT, check=True, capture_output=True, text=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}).stdout
    return json.loads(out.splitlines()[-1])["result"]


def _first_paint(command: list[str], repeat: int, env: dict[str, str]) -> list[float] | None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True, env=env)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - start
        proc.terminate()
        proc.wait(timeout=30)
        if "first-paint" not in line:
            return None
        times.append(elapsed)
    return times


def start_rows(repeat: int) -> list[Row]:
    env = {**os.environ, "MENTEE_PORTFOLIO_BENCH_FIRST_PAINT": "1"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    floor = _first_paint([sys.executable, str(HERE / "floor_window.py")], repeat, env)
    app = _first_paint([sys.executable, "-m", "app"], repeat, env)
    assert floor is not None, "the bare-window floor did not paint"
    if app is None:
        return [Row("Start: launch to first window", _stats(floor), "app did not report a"
                    " first paint", "—", "≤ 1.3", False)]
    ratio = statistics.median(app) / statistics.median(floor)
    return [Row("Start: launch to first window", _stats(floor), _stats(app), f"{ratio:.2f}",
                "≤ 1.3", ratio <= 1.3)]


def run(repeat: int) -> list[Row]:
    rows = start_rows(repeat)
    kdf = _measure("kdf", repeat)["kdf"]
    med = statistics.median(kdf)
    rows.append(Row("Unlock: passphrase KDF (scrypt n=2^17)", "—", _stats(kdf), "—",
                    "0.25–0.5 s", 0.25 <= med <= 0.5))
    scale = _measure("scale", repeat)
    rows.append(Row(f"Scale: open a decade ({scale['counts']['sessions']:,} sessions,"
                    f" {scale['counts']['actions']:,} actions, {scale['counts']['goals']}"
                    " goals), raw-key", "—", _stats(scale["open"]), "—", "≤ 500 ms",
                    statistics.median(scale["open"]) <= 0.5))
    for name, values in scale["first_page"].items():
        rows.append(Row(f"Scale: first page of {name} (50 rows)", "—", _stats(values), "—",
                        "≤ 50 ms", statistics.median(values) <= 0.05))
    rows.append(Row("Scale: full-text search, median of 10 queries × 3", "—",
                    _stats(scale["search"]), "—", "≤ 20 ms",
                    statistics.median(scale["search"]) <= 0.02))
    rows.append(Row("Scale: peak RSS of the scale run", "—", f"{scale['rss_mb']:.0f} MB", "—",
                    "≤ 250 MB", scale["rss_mb"] <= 250))
    cipher = _measure("cipher_overhead", repeat)
    ratio = statistics.median(cipher["encrypted"]) / statistics.median(cipher["plain"])
    rows.append(Row("Scale: same 5 queries, SQLCipher vs plain SQLite",
                    _stats(cipher["plain"]), _stats(cipher["encrypted"]), f"{ratio:.2f}",
                    "≤ 1.3", ratio <= 1.3))
    pages = _measure("pages", repeat)
    ratio = statistics.median(pages["ours"]) / statistics.median(pages["raw"])
    rows.append(Row("Pages: one session-record page (per page)", _stats(pages["raw"]),
                    _stats(pages["ours"]) + f", {1 / statistics.median(pages['ours']):.0f}"
                    " pages/s", f"{ratio:.2f}", "≤ 1.5", ratio <= 1.5))
    pack = _measure("pack", max(1, repeat // 2))
    rows.append(Row(f"Pages: 500-session appraisal pack ({pack['pages']} pages)", "—",
                    _stats(pack["pack"], "s", 1), "—", "reported", None))
    stall = _measure("responsiveness", max(1, repeat // 2))
    rows.append(Row("Responsiveness: longest GUI stall during pack + backup", "5 ms timer",
                    _stats(stall["stall"]), "—", "≤ 50 ms",
                    statistics.median(stall["stall"]) <= 0.05))
    return rows


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))
        memory = f"{int(mem) / 1024 / 1024:.0f} GiB"
    except OSError:
        memory = "?"
    import PySide6
    import reportlab
    import sqlcipher3
    return (f"{cpu}, {os.cpu_count()} cores, {memory} RAM; {platform.platform()};"
            f" Python {platform.python_version()}, PySide6 {PySide6.__version__},"
            f" ReportLab {reportlab.Version}, sqlcipher3 {sqlcipher3.version}"
            f" (SQLite {sqlcipher3.sqlite_version}); load average before the run"
            f" {os.getloadavg()[0]:.2f}")


def write_results(rows: list[Row], command: str, machine: str, notes: str) -> Path:
    lines = ["# Benchmark results", "", f"Machine: {machine}", "",
             f"Command: `{command}`", "",
             "| Benchmark | Floor (same run) | Measured: median (min–max) | Ratio | Target |"
             " Result |", "| --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        verdict = "reported" if row.ok is None else ("pass" if row.ok else "**miss**")
        lines.append(f"| {row.name} | {row.floor} | {row.measured} | {row.ratio} |"
                     f" {row.target} | {verdict} |")
    path = HERE / "RESULTS.md"
    path.write_text("\n".join(lines) + "\n\n" + notes, encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="two repetitions")
    parser.add_argument("--no-write", action="store_true", help="print, do not write RESULTS.md")
    args = parser.parse_args()
    repeat = 2 if args.quick else args.repeat
    machine = _machine()
    from bench.generate import cached_portfolio

    cached_portfolio()
    cached_portfolio(500)
    rows = run(repeat)
    for row in rows:
        sys.stdout.write(f"{row.name}: {row.measured} [{row.target}]"
                         f" {'pass' if row.ok else 'reported' if row.ok is None else 'MISS'}\n")
    if not args.no_write:
        notes_path = HERE / "NOTES.md"
        notes = notes_path.read_text(encoding="utf-8") if notes_path.exists() else ""
        write_results(rows, " ".join(["python -m bench.run", *sys.argv[1:]]), machine, notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())

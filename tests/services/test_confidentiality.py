"""No plaintext portfolio data on disk: not in the database, its WAL, the key file,
backups, or anything under the temp directory, at any moment we can catch."""

import os
import subprocess
import sys
from pathlib import Path

MARKER = "ZEBRA-MARKER-7731"
WORKER = f"""
import shutil, sys
from datetime import date
from pathlib import Path
from app.domain.record_types import *
from app.services import portfolio as ps, records, search, backup
from app.store.keyslot import KdfParams

root = Path(sys.argv[1])
snapshots = root / "snapshots"
snapshots.mkdir()
created = ps.create_portfolio(root / "data" / "p.mpf", OwnerProfile(name="{MARKER} owner"),
                              "correct horse battery", kdf=KdfParams(n=2**12))
pf = created.portfolio
m = records.save(pf, Mentor(name="{MARKER} mentor", notes="{MARKER}"))
r = records.save(pf, Relationship(mentor_id=m.id))
for i in range(30):
    records.save(pf, SessionRecord(relationship_id=r.id, held_on=date(2026, 1, 1),
                 topics="{MARKER} topic " * 50, private_reflection="{MARKER} private"))
records.save(pf, Goal(title="{MARKER} goal", relationship_id=r.id))
records.save(pf, Contract(relationship_id=r.id, boundaries="{MARKER}"))
assert search.search(pf, "{MARKER}")
# While the portfolio is open, its WAL holds recent pages: keep a copy to scan.
for f in (root / "data").iterdir():
    shutil.copy(f, snapshots / f.name)
backup.backup(pf, root / "backups")
pf.lock()
pf = ps.unlock_with_passphrase(root / "data" / "p.mpf", "correct horse battery")
records.list_records(pf, SessionRecord)
pf.lock()
print("done")
"""


def _all_files(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in folder.rglob("*") if p.is_file()]


def test_marker_never_reaches_the_disk(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "MENTEE_PORTFOLIO_DEBUG": "1"}
    (tmp_path / "data").mkdir()
    result = subprocess.run(
        [sys.executable, "-c", WORKER, str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert MARKER not in result.stdout + result.stderr
    files = _all_files(tmp_path)
    names = {p.name for p in files}
    assert "p.mpf-wal" in names, "the open portfolio's WAL was captured and scanned"
    assert any(n.startswith("p-backup-") and n.endswith(".mpf") for n in names)
    assert "p.mpf.keys" in names
    for path in files:
        data = path.read_bytes()
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert MARKER.encode(encoding) not in data, f"plaintext in {path}"
        assert oct(path.stat().st_mode & 0o777) in ("0o600", "0o644"), path
    for path in files:
        if path.parent.name in ("data", "backups"):
            assert path.stat().st_mode & 0o077 == 0, f"{path} is readable by others"

"""A portfolio that cannot be written (mode 0444, or a read-only folder as on a
read-only disk or mount) can be checked, exported and printed; what would change it
is refused with one sentence, and an output it cannot record in its history says so
(found in review: a read-only disk blocked even `check` and `export-json`).

The commands run as `nobody`: root may write whatever the mode bits say."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.portfolio import CreatedPortfolio
from app.store.files import keyslot_path, side_files
from tests.cli.conftest import CliResult, assert_one_line_error, run_cli

NOBODY = "nobody"


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder `nobody` can reach (pytest's own is root's alone), owned by nobody."""
    import pwd

    try:
        user = pwd.getpwnam(NOBODY)
    except KeyError:
        pytest.skip("no user called nobody")
    if os.geteuid() != 0:
        pytest.skip("running as another user needs root")
    folder = Path(tempfile.mkdtemp(prefix="mp-read-only-"))
    folder.chmod(0o755)
    os.chown(folder, user.pw_uid, user.pw_gid)
    (folder / "out").mkdir(mode=0o777)
    (folder / "out").chmod(0o777)
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(folder)


def _as_nobody(*args: str | Path) -> CliResult:
    return run_cli(*args, user=NOBODY, env={"HOME": "/nonexistent"})


def _handed_to_nobody(filled: CreatedPortfolio, folder: Path) -> Path:
    import pwd

    user = pwd.getpwnam(NOBODY)
    source = filled.portfolio.path
    target = folder / "portfolio.mpf"
    for path, copy in ((source, target), (keyslot_path(source), keyslot_path(target))):
        shutil.copyfile(path, copy)
        os.chown(copy, user.pw_uid, user.pw_gid)
        copy.chmod(0o600)
    return target


def _reads_and_prints(path: Path, out: Path) -> None:
    checked = _as_nobody("check", path)
    assert checked.code == 0, checked.err
    assert "ok   audit log: chain intact" in checked.out
    history = _as_nobody("history", path)
    assert history.code == 0, history.err
    for args, made in (
        (("export-json", path, "-o", out / "export.json"), out / "export.json"),
        (("pdf", path, "session", "1", "-o", out / "session.pdf"), out / "session.pdf"),
        (("pdf", path, "relationship", "1", "-o", out / "rel.pdf"), out / "rel.pdf"),
        (
            ("pack", path, "--from", "2026-01-01", "--to", "2026-12-31", "-o", out / "pack.pdf"),
            out / "pack.pdf",
        ),
        (("calendar", path, "-o", out / "dates.ics"), out / "dates.ics"),
    ):
        result = _as_nobody(*args)
        assert result.code == 0, (args[0], result.err)
        assert "Traceback" not in result.err and "internal error" not in result.err
        assert "read-only, so its history does not record this" in result.err, result.err
        assert made.stat().st_size > 0
    # Nothing was recorded: the history is what it was.
    assert _as_nobody("history", path).out == history.out
    refused = _as_nobody("mark-ready", path, "session", "1")
    assert_one_line_error(refused, "read-only")


def test_a_read_only_file_is_read_never_made_writable(
    filled: CreatedPortfolio, shared_dir: Path
) -> None:
    path = _handed_to_nobody(filled, shared_dir)
    path.chmod(0o444)
    keyslot_path(path).chmod(0o444)
    before = path.read_bytes()
    _reads_and_prints(path, shared_dir / "out")
    assert stat.S_IMODE(path.stat().st_mode) == 0o400  # others' read taken, nothing given
    assert path.read_bytes() == before


def test_a_read_only_folder_is_read_without_side_files(
    filled: CreatedPortfolio, shared_dir: Path
) -> None:
    path = _handed_to_nobody(filled, shared_dir)
    before = path.read_bytes()
    shared_dir.chmod(0o555)
    try:
        _reads_and_prints(path, shared_dir / "out")
        rebuilt = _as_nobody("check", path, "--rebuild-search-index")
        assert_one_line_error(rebuilt, "read-only")
    finally:
        shared_dir.chmod(0o755)
    assert path.read_bytes() == before
    assert not any(side.exists() for side in side_files(path))


def test_an_immutable_file_is_read_and_its_mode_left_alone(
    filled: CreatedPortfolio, tmp_path: Path
) -> None:
    """chattr +i binds root too; changing the mode of such a file fails (found in
    review: "internal error (PermissionError)")."""
    import subprocess

    path = filled.portfolio.path
    path.chmod(0o644)
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not allowed here")
    try:
        checked = run_cli("check", path)
        assert checked.code == 0, checked.err
        exported = run_cli("export-json", path, "-o", tmp_path / "out.json")
        assert exported.code == 0 and "read-only" in exported.err, exported.err
        assert_one_line_error(run_cli("mark-ready", path, "session", "1"), "read-only")
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644

"""app/os_support's private files, durable writes and in-use checks, on this platform;
the Windows tests run on Windows (the workflow in .github/workflows) and are skipped
elsewhere."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.os_support import durable, locks, places, private
from app.services.portfolio import Portfolio

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes and flock")
windows_only = pytest.mark.skipif(sys.platform != "win32", reason="Windows ACLs and handles")


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@posix_only
def test_private_files_and_folders_are_the_owners_alone(tmp_path: Path) -> None:
    os.umask(0o022)
    try:
        fd, temp = private.new_private_temp(tmp_path, ".x.", ".mentee-tmp")
        os.close(fd)
        os.close(private.create_private(tmp_path / "new"))
        loose = tmp_path / "loose"
        loose.write_bytes(b"")
        os.chmod(loose, 0o644)
        private.make_private(loose)
        os.close(private.open_private_append(tmp_path / "log"))
        folder = private.ensure_private_folder(tmp_path / "a" / "b")
    finally:
        os.umask(0o077)
    assert {_mode(p) for p in (temp, tmp_path / "new", loose, tmp_path / "log")} == {0o600}
    assert _mode(folder) == 0o700


def test_create_private_never_replaces(tmp_path: Path) -> None:
    (tmp_path / "there").write_bytes(b"keep")
    with pytest.raises(FileExistsError):
        private.create_private(tmp_path / "there")
    assert (tmp_path / "there").read_bytes() == b"keep"


def test_a_file_where_a_private_folder_should_be_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"")
    with pytest.raises(FileExistsError):
        private.ensure_private_folder(tmp_path / "f")
    assert private.ensure_private_folder(tmp_path) == tmp_path  # an existing folder


def test_a_temporary_file_is_renamed_into_place_while_still_open(tmp_path: Path) -> None:
    """POSIX allows it; on Windows the file is opened so that it may be."""
    (tmp_path / "target").write_bytes(b"old")
    fd, temp = private.new_private_temp(tmp_path, ".target.", ".mentee-tmp")
    try:
        os.write(fd, b"new")
        durable.flush(fd)
        durable.replace(temp, tmp_path / "target")
        durable.sync_folder(tmp_path)
    finally:
        os.close(fd)
    assert (tmp_path / "target").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]


def test_rename_no_clobber_never_replaces(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"a")
    (tmp_path / "b").write_bytes(b"b")
    with pytest.raises(FileExistsError):
        durable.rename_no_clobber(tmp_path / "a", tmp_path / "b")
    durable.rename_no_clobber(tmp_path / "a", tmp_path / "c")
    assert (tmp_path / "b").read_bytes() == b"b" and (tmp_path / "c").read_bytes() == b"a"
    assert not (tmp_path / "a").exists()


def test_a_file_being_written_in_another_process_is_not_removed(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from app.os_support import locks, private\n"
        "fd, path = private.new_private_temp(Path(sys.argv[1]), '.busy.', '.mentee-tmp')\n"
        "locks.hold(fd)\n"
        "print(path, flush=True)\n"
        "sys.stdin.read()\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    ) as writer:
        assert writer.stdin is not None and writer.stdout is not None
        busy = Path(writer.stdout.readline().strip())
        assert busy.exists()
        assert locks.remove_unless_in_use(busy) is False
        assert busy.exists()
        writer.stdin.close()  # the writer ends
    assert locks.remove_unless_in_use(busy) is True  # its writer is gone
    assert not busy.exists()
    assert locks.remove_unless_in_use(busy) is True  # already gone


def test_only_regular_files_are_removed_as_leftovers(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    assert locks.remove_unless_in_use(tmp_path / "folder") is False
    assert (tmp_path / "folder").is_dir()


@posix_only
def test_a_symlink_is_not_followed_when_removing_leftovers(tmp_path: Path) -> None:
    (tmp_path / "precious").write_bytes(b"keep")
    (tmp_path / "link").symlink_to(tmp_path / "precious")
    assert locks.remove_unless_in_use(tmp_path / "link") is False
    assert (tmp_path / "precious").read_bytes() == b"keep"


@posix_only
def test_device_trees_are_system_paths_here() -> None:
    for path in ("/dev/null", "/dev", "/proc/self/fd/1"):
        assert places.is_system_path(Path(path)), path
    for path in ("/home/a/dev/x.pdf", "/devices.pdf", "/tmp/proc"):
        assert not places.is_system_path(Path(path)), path


@posix_only
def test_the_window_lock_socket_is_in_the_private_folder_unless_too_long(tmp_path: Path) -> None:
    assert places.local_server_name(tmp_path, "key") == str(tmp_path / "key.sock")
    deep = tmp_path / ("x" * places.MAX_SOCKET_PATH)
    assert places.local_server_name(deep, "key") == "key"


def test_the_temporary_folder_exists() -> None:
    assert Path(places.temp_folder()).is_dir()


# --- Windows: run by the windows-latest job of .github/workflows/desktop.yml ----------


def _acl(path: Path) -> str:
    return subprocess.run(["icacls", str(path)], capture_output=True, text=True, check=True).stdout


@windows_only
def test_windows_private_files_have_an_acl_for_the_user_alone(tmp_path: Path) -> None:
    made = [private.create_private(tmp_path / "new")]
    fd, temp = private.new_private_temp(tmp_path, ".x.", ".mentee-tmp")
    made.append(fd)
    for descriptor in made:
        os.close(descriptor)
    loose = tmp_path / "loose"
    loose.write_bytes(b"")
    private.make_private(loose)
    user = os.environ["USERNAME"].casefold()
    for path in (tmp_path / "new", temp, loose):
        entries = [line for line in _acl(path).splitlines()[:-2] if ":" in line]
        assert len(entries) == 1, entries  # one entry: nothing inherited from the folder
        assert user in entries[0].casefold() and "(F)" in entries[0]


@windows_only
def test_windows_device_names_and_paths_are_system_paths() -> None:
    for path in ("C:/Users/me/NUL", "C:/Users/me/con.pdf", "\\\\.\\PhysicalDrive0"):
        assert places.is_system_path(Path(path)), path
    assert not places.is_system_path(Path("C:/Users/me/console.pdf"))


@windows_only
def test_windows_the_window_lock_is_a_named_pipe(tmp_path: Path) -> None:
    assert places.local_server_name(tmp_path, "key") == "key"


def test_sqlite_fsyncs_as_fully_as_the_app(portfolio: Portfolio) -> None:
    """macOS's fsync stops at the drive's cache: SQLite is told to use F_FULLFSYNC
    there, as app/os_support/durable.py does; elsewhere fsync reaches the disk."""
    with portfolio.engine.connect() as connection:
        full = connection.exec_driver_sql("PRAGMA fullfsync").scalar()
        checkpoint = connection.exec_driver_sql("PRAGMA checkpoint_fullfsync").scalar()
    expected = 1 if sys.platform == "darwin" else 0
    assert (full, checkpoint) == (expected, expected)

"""Every path a command writes is checked by one guard (app/store/outputs.py): never
the portfolio, its key file, its side files, its backups, a file the command reads, a
folder, a device or a pipe; a symlink is followed to a target checked the same way and
is never replaced. The portfolio, its key file and its backups stay byte-identical
whatever -o points at (found in review)."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import stat
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from app.cli.commands import build_parser
from app.domain.errors import KnownError
from app.services import backup as backup_service
from app.services import portfolio as portfolios
from app.services.portfolio import CreatedPortfolio
from app.store.files import keyslot_path
from tests.cli.conftest import CliResult, assert_one_line_error, run_cli
from tests.conftest import PASSPHRASE

PERIOD = ("--from", "2026-01-01", "--to", "2026-12-31")


def run_here(*argv: str | Path) -> CliResult:
    """The command as `main` runs it (KnownError -> one line, exit 2), in this process:
    the matrix below is hundreds of commands."""
    args: argparse.Namespace = build_parser().parse_args([str(a) for a in argv])
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = args.handler(args)
        except KnownError as exc:
            err.write(f"mentee-portfolio: {exc.message}\n")
            code = 2
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def world(filled: CreatedPortfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The portfolio with a backup in its backup folder, a recovery code file, and
    its side files present (as while the app has it open)."""
    monkeypatch.setenv("MENTEE_PORTFOLIO_PASSPHRASE", PASSPHRASE)
    path = filled.portfolio.path
    opened = portfolios.unlock_with_passphrase(path, PASSPHRASE)
    try:
        backup_service.backup(opened)
    finally:
        opened.lock()
    (tmp_path / "code.txt").write_text(filled.recovery_code + "\n")
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).write_bytes(b"")
    return path


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file under ``folder`` (links as their target), by relative name."""
    found: dict[str, bytes | str] = {}
    for item in sorted(folder.rglob("*")):
        name = str(item.relative_to(folder))
        if item.is_symlink():
            found[name] = "-> " + os.readlink(item)
        elif item.is_file():
            found[name] = item.read_bytes()
        elif not item.is_dir():
            found[name] = f"special {stat.S_IFMT(item.lstat().st_mode):o}"
    return found


def protected_files(path: Path) -> dict[str, Path]:
    backups = sorted((path.parent / "backups").iterdir())
    made = next(b for b in backups if b.suffix == ".mpf")
    return {
        "portfolio": path,
        "key file": keyslot_path(path),
        "wal": path.with_name(path.name + "-wal"),
        "shm": path.with_name(path.name + "-shm"),
        "journal (absent)": path.with_name(path.name + "-journal"),
        "backup": made,
        "backup key file": keyslot_path(made),
        "new name in the backup folder": made.parent / "new.pdf",
        "recovery code file read by the command": path.parent / "code.txt",
    }


def bad_targets(path: Path) -> Iterator[tuple[str, Path]]:
    """Each protected file, a symlink to each, a folder, a FIFO, device nodes."""
    links = path.parent / "links"
    links.mkdir(exist_ok=True)
    for label, target in protected_files(path).items():
        yield label, target
        link = links / f"to {label}"
        if not link.is_symlink():
            link.symlink_to(target)
        yield f"symlink to {label}", link
    yield "folder", path.parent
    fifo = path.parent / "fifo"
    if not fifo.exists():
        os.mkfifo(fifo)
    yield "FIFO", fifo
    # A private /dev/null and /dev/full: a test that fails must not replace the real ones.
    for name, minor in (("null", 3), ("full", 7)):
        node = path.parent / f"dev-{name}"
        if not node.exists():
            try:
                os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
            except PermissionError:
                continue
        yield f"device {name}", node
        link = links / f"to dev-{name}"
        if not link.is_symlink():
            link.symlink_to(node)
        yield f"symlink to device {name}", link
    stdout_like = links / "stdout"
    if not stdout_like.is_symlink():
        stdout_like.symlink_to("/proc/self/fd/1")
    yield "/dev/stdout-like link", stdout_like
    loop = links / "loop"
    if not loop.is_symlink():
        loop.symlink_to(loop)
    yield "symlink loop", loop


COMMANDS: dict[str, Callable[[Path, Path], tuple[str | Path, ...]]] = {
    "pdf": lambda p, out: ("pdf", p, "session", "1", "-o", out),
    "pdf recovery": lambda p, out: ("pdf", p, "recovery", "0", "-o", out),
    "export-json": lambda p, out: ("export-json", p, "-o", out),
    "pack": lambda p, out: ("pack", p, *PERIOD, "-o", out),
    "cpd": lambda p, out: ("cpd", p, *PERIOD, "-o", out),
    "calendar": lambda p, out: ("calendar", p, "-o", out),
}


def _with_code_file(path: Path, argv: tuple[str | Path, ...]) -> tuple[str | Path, ...]:
    return (*argv, "--recovery-code-file", path.parent / "code.txt")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_output_path_touches_the_portfolio(world: Path, command: str) -> None:
    path = world
    before = snapshot(path.parent)
    refused = 0
    for label, target in bad_targets(path):
        before = snapshot(path.parent)
        argv = COMMANDS[command](path, target)
        if "recovery code file" in label:
            argv = _with_code_file(path, argv)
        result = run_here(*argv)
        assert result.code == 2, (label, result.err)
        assert_one_line_error(result)
        assert "internal error" not in result.err
        assert snapshot(path.parent) == before, label
        refused += 1
    assert refused >= 24
    # The same commands still write an ordinary file, and replace one written before.
    out = path.parent / "out.file"
    for _ in range(2):
        result = run_here(*COMMANDS[command](path, out))
        assert result.code == 0, result.err
        assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_init_recovery_code_out_never_overwrites(world: Path, tmp_path: Path) -> None:
    new = tmp_path / "new.mpf"
    targets = [
        ("the new portfolio", new),
        ("its key file", keyslot_path(new)),
        ("its wal", new.with_name(new.name + "-wal")),
        *((label, t) for label, t in bad_targets(world) if "recovery code" not in label),
    ]
    for label, target in targets:
        before = snapshot(tmp_path)
        result = run_here("init", new, "--owner", "A", "--recovery-code-out", target)
        assert result.code == 2, (label, result.err)
        assert_one_line_error(result)
        # Refused before anything was made: no portfolio without its recovery code.
        assert snapshot(tmp_path) == before, label
    result = run_here("init", new, "--owner", "A", "--recovery-code-out", tmp_path / "rc.txt")
    assert result.code == 0, result.err


def test_backup_to_and_restore_targets(world: Path, tmp_path: Path) -> None:
    path = world
    made = next(b for b in (path.parent / "backups").iterdir() if b.suffix == ".mpf")
    for label, target in bad_targets(path):
        if label == "folder" or "new name" in label:
            continue  # a folder is what --to asks for
        before = snapshot(tmp_path)
        result = run_here("backup", path, "--to", target)
        assert result.code == 2, (label, result.err)
        assert_one_line_error(result)
        assert snapshot(tmp_path) == before, ("backup --to", label)
    for label, target in bad_targets(path):
        before = snapshot(tmp_path)
        result = run_here("restore", made, target)
        assert result.code == 2, (label, result.err)
        assert_one_line_error(result)
        assert snapshot(tmp_path) == before, ("restore", label)
    other = portfolios.create_portfolio(
        tmp_path / "other.mpf", portfolios.OwnerProfile(name="B"), PASSPHRASE
    )
    other.portfolio.lock()
    for side in ("-wal", "-journal"):  # a folder there would stop the other portfolio opening
        assert_one_line_error(run_here("backup", path, "--to", tmp_path / f"other.mpf{side}"))
        assert not (tmp_path / f"other.mpf{side}").exists()
    restored = tmp_path / "restored.mpf"
    assert run_here("restore", made, restored).code == 0
    assert run_here("backup", path, "--to", tmp_path / "elsewhere").code == 0


def test_a_symlink_is_followed_deliberately(world: Path, tmp_path: Path) -> None:
    real = tmp_path / "real" / "export.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert run_here("export-json", world, "-o", link).code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith("{")
    dangling = tmp_path / "dangling.ics"
    dangling.symlink_to(tmp_path / "real" / "new.ics")
    assert run_here("calendar", world, "-o", dangling).code == 0
    assert dangling.is_symlink()
    assert (tmp_path / "real" / "new.ics").read_text().startswith("BEGIN:VCALENDAR")


def test_another_portfolio_is_never_overwritten(world: Path, tmp_path: Path) -> None:
    """Not only this portfolio: any file that is a portfolio, a key file or an
    encrypted database (a backup without its key file) is refused."""
    other = tmp_path / "other"
    other.mkdir()
    second = portfolios.create_portfolio(
        other / "second.mpf", portfolios.OwnerProfile(name="B"), PASSPHRASE
    )
    second.portfolio.lock()
    keyless = other / "keyless-copy.bin"
    keyless.write_bytes((other / "second.mpf").read_bytes())
    for target in (other / "second.mpf", keyslot_path(other / "second.mpf"), keyless):
        before = snapshot(other)
        result = run_here("export-json", world, "-o", target)
        assert_one_line_error(result)
        assert snapshot(other) == before


def test_standard_output_for_text_formats(world: Path) -> None:
    for argv in (
        ("export-json", world, "-o", "-"),
        ("calendar", world, "-o", "-"),
        ("cpd", world, *PERIOD, "-o", "-"),
    ):
        result = run_cli(*argv)
        assert result.code == 0, result.err
        assert result.out.strip(), argv
    assert run_cli("export-json", world, "-o", "-").out.startswith("{")
    for argv in (
        ("pdf", world, "session", "1", "-o", "-"),
        ("pack", world, *PERIOD, "-o", "-"),
    ):
        assert_one_line_error(run_cli(*argv), "standard output")


def test_real_devices_are_refused_as_a_separate_process(world: Path) -> None:
    """The issue's case, run as the real command: -o /dev/stdout wrote the unencrypted
    export over /dev/stdout as root. The guard refuses before anything is opened."""
    for device in ("/dev/null", "/dev/stdout", "/dev/full"):
        before = os.lstat(device)
        result = run_cli("export-json", world, "-o", device)
        assert_one_line_error(result, device)
        after = os.lstat(device)
        assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)


def test_desktop_save_goes_through_the_same_check(world: Path) -> None:
    """The services the desktop app's save dialogs call refuse the same paths."""
    from app.services import appraisal_text, calendar_export, documents

    opened = portfolios.unlock_with_passphrase(world, PASSPHRASE)
    try:
        doc = documents.render(opened, "session", 1)
        entries = appraisal_text.cpd_entries(opened, date(2026, 1, 1), date(2026, 12, 31))
        for label, target in bad_targets(world):
            if "recovery code" in label:
                continue
            before = _without_open_database(snapshot(world.parent), world)
            for save in (
                lambda t: documents.save_pdf(opened, doc, t),
                lambda t: calendar_export.save_calendar(opened, t),
                lambda t: appraisal_text.save_cpd(opened, entries, t, as_spreadsheet=True),
            ):
                with pytest.raises(KnownError):
                    save(target)
            after = _without_open_database(snapshot(world.parent), world)
            assert after == before, label
    finally:
        opened.lock()


def _without_open_database(files: dict[str, bytes | str], path: Path) -> dict[str, bytes | str]:
    """The files an open engine may checkpoint into are compared by the CLI tests."""
    return {
        k: v for k, v in files.items() if k not in {path.name + s for s in ("", "-wal", "-shm")}
    }


def test_odd_names_still_get_one_line(world: Path, tmp_path: Path) -> None:
    for target in (
        tmp_path / "no\nsuch folder" / "x.json",  # a newline must not split the message
        tmp_path / ("x" * 300 + ".json"),  # longer than a file name may be
        tmp_path / "\x1b[2Jclear.json" / "x.json",
    ):
        result = run_here("export-json", world, "-o", target)
        assert_one_line_error(result)
        assert "\x1b" not in result.err


def test_the_app_save_dialogs_refuse_in_a_sentence(world: Path, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Save as PDF, Export CPD entries and Export calendar pointed at the portfolio
    itself: a warning with the sentence, and the portfolio untouched."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from app.services import documents
    from app.ui.printing.preview import PrintPreviewDialog
    from app.ui.reflection.appraisal_exports import AppraisalExports

    warnings: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: warnings.append(text))
    )
    opened = portfolios.unlock_with_passphrase(world, PASSPHRASE)
    try:
        for target in (world, keyslot_path(world)):
            # Rendering records a print in the history (and its head in the key file):
            # done before the snapshot, which is of what the refused writes may touch.
            doc = documents.render(opened, "session", 1)
            before = _without_open_database(snapshot(world.parent), world)
            monkeypatch.setattr(
                QFileDialog, "getSaveFileName", staticmethod(lambda *a, t=target, **k: (str(t), ""))
            )
            preview = PrintPreviewDialog(doc, portfolio=opened)
            qtbot.addWidget(preview)
            preview.save_as()
            assert "Refused to write the PDF" in warnings[-1]
            # The dialog adds .ics to other names: a link so named leads to the target.
            link = world.parent / f"link-to-{target.name}.ics"
            link.unlink(missing_ok=True)
            link.symlink_to(target)
            exports = AppraisalExports(
                opened, today=date(2026, 12, 1), choose_path=lambda *a, t=link: t
            )
            qtbot.addWidget(exports)
            exports.export_calendar()
            assert "Refused" in exports.status.text()
            after = _without_open_database(snapshot(world.parent), world)
            assert _without_links(after) == _without_links(before)
    finally:
        opened.lock()


def _without_links(files: dict[str, bytes | str]) -> dict[str, bytes | str]:
    return {k: v for k, v in files.items() if not k.startswith("link-")}

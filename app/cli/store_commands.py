"""Commands over the store: init, change-passphrase, export-json, import-json,
backup, restore, check."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import secrets
from app.cli.unlocking import (
    add_path,
    add_unlock_options,
    check_out,
    files_read,
    say,
    unlock,
    warn,
)
from app.domain.errors import KnownError
from app.domain.record_types import OwnerProfile
from app.services import backup as backup_service
from app.services.check import rebuild_search_index, run_check
from app.services.export_json import export_to_file, import_from_file
from app.services.portfolio import (
    check_keyring,
    create_portfolio,
    has_key_file,
    set_passphrase,
    unlock_with_passphrase,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help="create a new encrypted portfolio")
    add_path(p)
    p.add_argument("--owner", metavar="NAME", required=True, help="your name")
    p.add_argument("--passphrase-file", metavar="F", type=Path)
    p.add_argument(
        "--recovery-code-out",
        metavar="F",
        type=Path,
        help="also write the recovery code to F (mode 0600)",
    )
    p.add_argument(
        "--remember", action="store_true", help="remember the key in this computer's keyring"
    )
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("change-passphrase", help="set a new passphrase (nothing is re-encrypted)")
    add_path(p)
    add_unlock_options(p)
    p.add_argument("--new-passphrase-file", metavar="F", type=Path)
    p.set_defaults(handler=cmd_change_passphrase)

    p = sub.add_parser(
        "export-json",
        help="export the whole portfolio as JSON",
        description="A complete copy of your own data, private reflections included, NOT"
        " encrypted: keep it like the portfolio itself and do not share it. To share with"
        " an appraiser use `pack` or `cpd`, which carry your appraisal summaries only.",
    )
    add_path(p)
    add_unlock_options(p)
    p.add_argument(
        "-o", dest="out", metavar="OUT.json", type=Path, required=True, help="- for standard output"
    )
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser(
        "import-json",
        help="import a JSON export into an empty portfolio",
        description="Signed records are checked against the audit log the export carries;"
        " an edited or removed signature is refused by name.",
    )
    add_path(p)
    p.add_argument("source", metavar="IN.json", type=Path)
    p.add_argument(
        "--without-history",
        action="store_true",
        help="import an export that carries no audit log (from an earlier version): its"
        " signatures are kept but marked, in the history and by check, as not verified",
    )
    add_unlock_options(p)
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("backup", help="make an encrypted, verified copy")
    add_path(p)
    add_unlock_options(p)
    p.add_argument("--to", metavar="DIR", type=Path, help="folder (default: backups/ beside it)")
    p.add_argument("--keep", metavar="N", type=int, help="keep only the newest N backups")
    p.add_argument(
        "--calendar",
        action="store_true",
        help="keep the newest backup of each of the last 7 days, 4 weeks and 12 months"
        " (the desktop app's rule; docs/backups.md)",
    )
    p.set_defaults(handler=cmd_backup)

    for name, text in (
        ("remember", "remember the portfolio's key in this computer's keyring"),
        ("forget", "remove the portfolio's key from this computer's keyring"),
    ):
        p = sub.add_parser(name, help=text)
        add_path(p)
        add_unlock_options(p)
        p.set_defaults(handler=cmd_remember, remember=name == "remember")

    p = sub.add_parser(
        "restore",
        help="restore a backup to a new portfolio file (or, with --replace, over PATH)",
    )
    p.add_argument("backup", metavar="BACKUP", type=Path)
    add_path(p)
    add_unlock_options(p)
    p.add_argument(
        "--replace",
        action="store_true",
        help="replace the portfolio at PATH with the backup (PATH is backed up first; the"
        " same passphrase or recovery code must open both)",
    )
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("backups", help="list a portfolio's backups: when, how big, where")
    add_path(p)
    p.add_argument("--to", metavar="DIR", type=Path, help="also list this folder")
    p.set_defaults(handler=cmd_backups)

    p = sub.add_parser(
        "new-recovery-code",
        help="replace the data key: a new recovery code (old backups keep the old one)",
        description="For when the recovery code or the passphrase may have been seen: the"
        " data key is replaced (SQLCipher rekey), so the old code and older key files no"
        " longer open the portfolio. The passphrase stays the same. Backups made before"
        " keep the old key and the old code. A kill at any moment leaves a portfolio that"
        " opens with the old key or the new one.",
    )
    add_path(p)
    p.add_argument("--passphrase-file", metavar="F", type=Path)
    p.add_argument(
        "--recovery-code-out",
        metavar="F",
        type=Path,
        help="write the new recovery code to F (mode 0600) instead of printing it",
    )
    p.set_defaults(handler=cmd_new_recovery_code)

    p = sub.add_parser("check", help="check integrity, schema version and the audit chain")
    add_path(p)
    add_unlock_options(p)
    p.add_argument(
        "--rebuild-search-index",
        action="store_true",
        help="make the search index anew from the records (it holds nothing else), then"
        " check; a damaged index is taken out and the damaged file kept in backups/",
    )
    p.set_defaults(handler=cmd_check)


def cmd_init(args: argparse.Namespace) -> int:
    if args.recovery_code_out is not None:
        # Before anything is made: a portfolio whose code could not be kept is a trap.
        check_out(args, "the recovery code", path=args.recovery_code_out)
    if args.remember:
        # Asked to remember but cannot: say so before creating anything.
        check_keyring()
    passphrase = secrets.passphrase(args.passphrase_file, confirm=True)
    created = create_portfolio(
        args.path, OwnerProfile(name=args.owner), passphrase, remember=args.remember
    )
    try:
        say(f"Created {created.portfolio.path}")
        if args.recovery_code_out:
            from app.services.ledger import save_recovery_code

            try:
                warn(
                    save_recovery_code(
                        created.portfolio,
                        created.recovery_code,
                        args.recovery_code_out,
                        inputs=files_read(args),
                    )
                )
            except KnownError as err:
                # The portfolio exists now: its code must reach the user some way.
                say(f"Recovery code (keep it somewhere safe): {created.recovery_code}")
                reason = err.message[:1].lower() + err.message[1:]
                raise KnownError(
                    f"The portfolio was created (its code is above), but {reason}"
                ) from None
            say(f"Recovery code written to {args.recovery_code_out}; keep it somewhere safe.")
        else:
            say(
                "Recovery code (write it down and keep it apart from this computer; it opens"
                " the portfolio if you forget the passphrase):"
            )
            say(f"  {created.recovery_code}")
    finally:
        created.portfolio.lock()
    if args.remember and not created.remembered:
        raise KnownError(f"The portfolio was created, but {created.keyring_message}")
    return 0


def cmd_change_passphrase(args: argparse.Namespace) -> int:
    portfolio = unlock(args, note_key_file=False)
    problem = portfolio.key_file_problem
    try:
        moved = set_passphrase(portfolio, secrets.new_passphrase(args.new_passphrase_file))
    finally:
        portfolio.lock()
    if moved is not None:
        say(
            f"Passphrase set: a fresh key file was written, and the one that stood there"
            f" was moved to {moved.name}. The recovery code is unchanged."
        )
    elif problem:
        say("Passphrase set: a fresh key file was written. The recovery code is unchanged.")
    else:
        say("Passphrase changed.")
        say(
            "This does not lock anyone out. Only the key file was rewrapped; the data key"
            " stays the same, so an older copy of the key file (one is kept beside each"
            " backup in backups/, and any copy you made) still opens this portfolio with the"
            " old passphrase, and the recovery code is unchanged. If someone may know the"
            " old passphrase or the recovery code, the data key itself has to be replaced:"
            ' that is "New recovery code" (the File menu, or'
            f" 'mentee-portfolio new-recovery-code {args.path}'). See"
            " docs/keys-and-history.md."
        )
    return 0


def cmd_new_recovery_code(args: argparse.Namespace) -> int:
    from app.services.rekey import new_recovery_code

    if args.recovery_code_out is not None:
        check_out(args, "the recovery code", path=args.recovery_code_out)
    passphrase = secrets.passphrase(args.passphrase_file)
    portfolio = unlock_with_passphrase(args.path, passphrase)
    try:
        result = new_recovery_code(portfolio, passphrase)
        if args.recovery_code_out is not None:
            from app.services.ledger import save_recovery_code

            try:
                warn(
                    save_recovery_code(
                        portfolio,
                        result.recovery_code,
                        args.recovery_code_out,
                        inputs=files_read(args),
                    )
                )
            except KnownError as err:
                say(f"New recovery code (keep it somewhere safe): {result.recovery_code}")
                reason = err.message[:1].lower() + err.message[1:]
                raise KnownError(
                    f"The data key was replaced (its code is above), but {reason}"
                ) from None
            say(f"New recovery code written to {args.recovery_code_out}; keep it somewhere safe.")
        else:
            say("New recovery code (write it down and keep it apart from this computer):")
            say(f"  {result.recovery_code}")
    finally:
        portfolio.lock()
    say(result.message)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    output = check_out(args, "the export", allow_stdout=True)
    portfolio = unlock(args)
    try:
        unrecorded = export_to_file(portfolio, args.out)
    finally:
        portfolio.lock()
    warn(unrecorded)
    if output.is_stdout:
        say("Exported to standard output. It is NOT encrypted.", output=output)
    else:
        say(f"Exported to {args.out}. This file is NOT encrypted: keep it safe or delete it.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    portfolio = unlock(args)
    try:
        counts = import_from_file(portfolio, args.source, without_history=args.without_history)
    finally:
        portfolio.lock()
    summary = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items() if n)
    say(f"Imported {summary or 'an empty portfolio'}.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    if args.keep is not None and args.keep < 1:
        raise KnownError("--keep must be at least 1.")
    if args.to is not None:
        from app.services.destinations import check_folder

        check_folder(args.to, "the backup", owners=[args.path], inputs=files_read(args))
    if args.calendar and args.keep is not None:
        raise KnownError("Give --keep N or --calendar, not both.")
    portfolio = unlock(args)
    try:
        made, removed = backup_service.backup(portfolio, args.to, args.keep)
        if args.calendar:
            from app.services.auto_backup import rotate_by_calendar

            removed = rotate_by_calendar(portfolio.path, made.parent, portfolio.data_key, made)
    finally:
        portfolio.lock()
    say(f"Backup written to {made}")
    for old in removed:
        say(f"Removed old backup {old.name}")
    return 0


def cmd_remember(args: argparse.Namespace) -> int:
    from app.services.portfolio import remember_on_this_computer

    portfolio = unlock(args)
    try:
        remember_on_this_computer(portfolio, args.remember)
    finally:
        portfolio.lock()
    if args.remember:
        say("This computer now remembers the portfolio: it opens without the passphrase here.")
    else:
        say("This computer no longer remembers the portfolio: it asks for the passphrase.")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from app.services.restore import backups_of

    entries = backups_of(args.path.expanduser().absolute(), [None, args.to])
    if not entries:
        say("No backups found.")
    for entry in entries:
        say(f"{entry.made_at:%Y-%m-%d %H:%M:%S}  {entry.size // 1024:>8} KB  {entry.path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.services import restore as restore_service

    if args.replace:
        return _restore_over(args)
    backup_service.check_restore_target(args.backup, args.path, inputs=files_read(args))
    if args.recovery_code_file is not None:
        restore_service.backup_key(
            args.backup, recovery_code=secrets.recovery_code(args.recovery_code_file)
        )
    else:
        restore_service.backup_key(args.backup, passphrase=secrets.passphrase(args.passphrase_file))
    if args.recovery_code_file is not None:
        target = backup_service.restore(
            args.backup, args.path, recovery_code=secrets.recovery_code(args.recovery_code_file)
        )
    else:
        target = backup_service.restore(
            args.backup, args.path, passphrase=secrets.passphrase(args.passphrase_file)
        )
    say(f"Restored to {target}")
    if not has_key_file(target):
        say(
            "It has no key file (the backup's was missing or not its own), so only the recovery"
            " code opens it; 'mentee-portfolio change-passphrase"
            f" {target} --recovery-code-file F' writes one."
        )
    return 0


def _restore_over(args: argparse.Namespace) -> int:
    from app.services.portfolio import unlock_with_recovery_code
    from app.services.restore import replace_with_backup

    code = passphrase = None
    if args.recovery_code_file is not None:
        code = secrets.recovery_code(args.recovery_code_file)
        portfolio = unlock_with_recovery_code(args.path, code)
    else:
        passphrase = secrets.passphrase(args.passphrase_file)
        portfolio = unlock_with_passphrase(args.path, passphrase)
    try:
        result = replace_with_backup(
            portfolio, args.backup, passphrase=passphrase, recovery_code=code
        )
    finally:
        portfolio.lock()
    say(f"Restored {args.backup.name} over {args.path}.")
    say(f"The portfolio as it was just before is kept as {result.safety_copy}.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    portfolio = unlock(args)
    try:
        if args.rebuild_search_index:
            kept = rebuild_search_index(portfolio)
            say(
                "Search index rebuilt from the records"
                + (f"; the damaged file was kept as {kept}." if kept else ".")
            )
        report = run_check(portfolio)
    finally:
        portfolio.lock()
    for result in report.results:
        say(f"{'ok  ' if result.ok else 'FAIL'} {result.name}: {result.detail}")
    if not report.ok:
        # A damaged search index is the one problem with a remedy here: name it.
        search = next((r for r in report.results if r.name == "search index"), None)
        problem = search if search is not None and not search.ok else report.first_problem
        raise KnownError(
            f"check failed: {problem.name}: {problem.detail}" if problem else "check failed"
        )
    return 0

"""Commands over the store: init, change-passphrase, export-json, import-json,
backup, restore, check."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import secrets
from app.cli.unlocking import add_path, add_unlock_options, say, unlock, warn
from app.domain.errors import KnownError
from app.domain.records import OwnerProfile
from app.services import backup as backup_service
from app.services.check import rebuild_search_index, run_check
from app.services.export_json import export_to_file, import_from_file
from app.services.portfolio import create_portfolio, set_passphrase
from app.store import keyring_slot


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
    p.add_argument("-o", dest="out", metavar="OUT.json", type=Path, required=True)
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import-json", help="import a JSON export into an empty portfolio")
    add_path(p)
    p.add_argument("source", metavar="IN.json", type=Path)
    add_unlock_options(p)
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("backup", help="make an encrypted, verified copy")
    add_path(p)
    add_unlock_options(p)
    p.add_argument("--to", metavar="DIR", type=Path, help="folder (default: backups/ beside it)")
    p.add_argument("--keep", metavar="N", type=int, help="keep only the newest N backups")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="restore a backup to a new portfolio file")
    p.add_argument("backup", metavar="BACKUP", type=Path)
    add_path(p)
    add_unlock_options(p)
    p.set_defaults(handler=cmd_restore)

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
    if args.remember:
        # Asked to remember but cannot: say so before creating anything.
        keyring_slot.probe()
    passphrase = secrets.passphrase(args.passphrase_file, confirm=True)
    created = create_portfolio(
        args.path, OwnerProfile(name=args.owner), passphrase, remember=args.remember
    )
    created.portfolio.lock()
    say(f"Created {created.portfolio.path}")
    if args.recovery_code_out:
        from app.store.files import atomic_write_private

        atomic_write_private(
            args.recovery_code_out.absolute(),
            (created.recovery_code + "\n").encode(),
            "the recovery code",
        )
        say(f"Recovery code written to {args.recovery_code_out}; keep it somewhere safe.")
    else:
        say(
            "Recovery code (write it down and keep it apart from this computer; it opens"
            " the portfolio if you forget the passphrase):"
        )
        say(f"  {created.recovery_code}")
    if args.remember and not created.remembered:
        raise KnownError(f"The portfolio was created, but {created.keyring_message}")
    return 0


def cmd_change_passphrase(args: argparse.Namespace) -> int:
    portfolio = unlock(args)
    try:
        set_passphrase(portfolio, secrets.new_passphrase(args.new_passphrase_file))
    finally:
        portfolio.lock()
    say("Passphrase changed. The recovery code is unchanged.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    portfolio = unlock(args)
    try:
        unrecorded = export_to_file(portfolio, args.out)
    finally:
        portfolio.lock()
    warn(unrecorded)
    say(f"Exported to {args.out}. This file is NOT encrypted: keep it safe or delete it.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    portfolio = unlock(args)
    try:
        counts = import_from_file(portfolio, args.source)
    finally:
        portfolio.lock()
    summary = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items() if n)
    say(f"Imported {summary or 'an empty portfolio'}.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    if args.keep is not None and args.keep < 1:
        raise KnownError("--keep must be at least 1.")
    portfolio = unlock(args)
    try:
        made, removed = backup_service.backup(portfolio, args.to, args.keep)
    finally:
        portfolio.lock()
    say(f"Backup written to {made}")
    for old in removed:
        say(f"Removed old backup {old.name}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    if args.recovery_code_file is not None:
        target = backup_service.restore(
            args.backup, args.path, recovery_code=secrets.recovery_code(args.recovery_code_file)
        )
    else:
        target = backup_service.restore(
            args.backup, args.path, passphrase=secrets.passphrase(args.passphrase_file)
        )
    say(f"Restored to {target}")
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

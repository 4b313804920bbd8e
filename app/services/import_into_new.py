"""Import a JSON export into a new portfolio, all or nothing: the portfolio is created,
the export imported (app.services.export_json checks it whole first), and if the
export is refused the new portfolio is removed again."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.domain.record_types import OwnerProfile
from app.services.export_json import import_from_file
from app.services.portfolio import Portfolio, create_portfolio
from app.store.files import keyslot_path, side_files
from app.store.keyslot import KdfParams


@dataclass(frozen=True)
class Imported:
    portfolio: Portfolio
    recovery_code: str
    counts: dict[str, int]


def import_into_new(
    source: Path, target: Path, passphrase: str, kdf: KdfParams | None = None
) -> Imported:
    """A new portfolio at ``target`` holding the export; removed again if refused."""
    created = create_portfolio(target, OwnerProfile(name="Imported"), passphrase, kdf=kdf)
    try:
        counts = import_from_file(created.portfolio, source)
    except BaseException:
        created.portfolio.lock()
        for made in (created.portfolio.path, keyslot_path(created.portfolio.path)):
            made.unlink(missing_ok=True)
        for side in side_files(created.portfolio.path):
            side.unlink(missing_ok=True)
        raise
    return Imported(created.portfolio, created.recovery_code, counts)

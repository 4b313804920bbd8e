"""Create, unlock, lock and re-key a portfolio (the envelope design of DESIGN.md).

A ``Portfolio`` is an unlocked portfolio: it holds the engine and the data key in
memory until ``lock()``; every other service takes one."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

import app
from app.domain import clock, recovery_code
from app.domain.errors import (
    KeySlotMissing,
    KnownError,
    LocationNotWritable,
    PortfolioDamaged,
    PortfolioLocked,
    ValidationFailed,
    WrongRecoveryCode,
)
from app.domain.records import OwnerProfile
from app.domain.validation import validate_owner
from app.resources import load_template
from app.store import audit, keyring_slot, keyslot
from app.store.backup import default_backup_dir, make_backup
from app.store.engine import (
    check_plausible_file,
    is_read_only,
    open_engine,
    secure_side_files,
    translate_db_error,
    unit_of_work,
)
from app.store.files import create_private_empty, keyslot_path, os_error_to_known, side_files
from app.store.keyslot import KdfParams
from app.store.models import ChecklistTemplateRow, OwnerProfileRow, PortfolioInfo
from app.store.schema import create_schema, ensure_current
from app.store.search_index import rebuild

MIN_PASSPHRASE = 8


@dataclass
class Portfolio:
    path: Path
    portfolio_id: str
    _engine: Engine | None = field(repr=False)
    _data_key: bytes | None = field(repr=False)
    upgrade_backup: Path | None = None
    # The file or its folder cannot be written (mode 0444, a read-only disk): it can
    # be read, checked, printed and exported, and nothing is recorded in its history.
    read_only: bool = False

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise PortfolioLocked()
        return self._engine

    @property
    def data_key(self) -> bytes:
        if self._data_key is None:
            raise PortfolioLocked()
        return self._data_key

    def record_output(
        self,
        session: Session,
        action: str,
        record_kind: str,
        record_id: int | None = None,
        version: int | None = None,
        detail: str = "",
    ) -> tuple[str, ...]:
        """The audit entry for something that leaves the portfolio (a print, an
        export). A read-only portfolio cannot record it: the warning that says so."""
        if self.read_only:
            return self.unrecorded(detail or action)
        audit.append(session, action, record_kind, record_id, version, detail=detail)
        return ()

    def unrecorded(self, what: str) -> tuple[str, ...]:
        """The warning for an output a read-only portfolio could not record."""
        if not self.read_only:
            return ()
        return (f"{self.path.name} is read-only, so its history does not record this ({what}).",)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with unit_of_work(self.engine, self.path) as session:
            yield session
        secure_side_files(self.path)

    def lock(self) -> None:
        """Dispose the engine and drop the key; safe to call twice."""
        if self._engine is not None:
            self._engine.dispose()
        self._engine = None
        self._data_key = None


@dataclass(frozen=True)
class CreatedPortfolio:
    portfolio: Portfolio
    recovery_code: str
    remembered: bool
    keyring_message: str = ""


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationFailed({"passphrase": f"must be at least {MIN_PASSPHRASE} characters"})


def create_portfolio(
    path: Path,
    owner: OwnerProfile,
    passphrase: str,
    *,
    remember: bool = False,
    kdf: KdfParams | None = None,
) -> CreatedPortfolio:
    problems = validate_owner(owner)
    if problems:
        raise ValidationFailed(problems)
    check_passphrase(passphrase)
    path = path.expanduser().absolute()
    try:
        if path.exists() or keyslot_path(path).exists():
            raise LocationNotWritable(f"{path} already exists; choose another name.")
        if not path.parent.is_dir():
            raise LocationNotWritable(f"The folder {path.parent} does not exist.")
    except OSError as exc:
        raise os_error_to_known(exc, "the portfolio", path) from None
    create_private_empty(path, "the portfolio")
    data_key = keyslot.new_data_key()
    portfolio_id = str(uuid.uuid4())
    engine = None
    try:
        engine = open_engine(path, data_key)
        create_schema(engine)
        portfolio = Portfolio(path, portfolio_id, engine, data_key)
        with portfolio.session() as session:
            session.add(
                PortfolioInfo(
                    portfolio_id=portfolio_id,
                    created_at=clock.utc_now(),
                    created_by_version=app.__version__,
                )
            )
            session.add(OwnerProfileRow(id=1, **vars(owner)))
            for template in load_template("checklists.json"):
                session.add(ChecklistTemplateRow(**template))
            audit.append(session, "create", "portfolio", detail="portfolio created")
        keyslot.write_keyslot(
            path, keyslot.wrap(data_key, passphrase, portfolio_id, kdf or KdfParams())
        )
    except BaseException as exc:
        if engine is not None:
            engine.dispose()
        for leftover in [path, keyslot_path(path), *side_files(path)]:
            leftover.unlink(missing_ok=True)
        if isinstance(exc, DBAPIError):
            known = translate_db_error(exc, path)
            if known is not None:
                raise known from None
        raise
    remembered, message = False, ""
    if remember:
        try:
            keyring_slot.remember(portfolio_id, data_key)
            remembered = True
        except KnownError as err:
            message = err.message
    return CreatedPortfolio(portfolio, recovery_code.encode(data_key), remembered, message)


def default_contract_wording() -> dict[str, str]:
    """The default contract clauses shipped in resources/templates/contract.json."""
    return dict(load_template("contract.json"))


def condition_of_practice_wording() -> dict[str, str]:
    """Default reporting expectations when mentoring is a condition of practice."""
    return dict(load_template("condition_of_practice.json"))


def _open(path: Path, data_key: bytes, portfolio_id: str | None) -> Portfolio:
    read_only = is_read_only(path)
    engine = open_engine(path, data_key, read_only=read_only)
    try:
        with engine.connect():
            pass

        def backup_before_upgrade() -> Path:
            return make_backup(engine, path, data_key, default_backup_dir(path), "pre-upgrade")

        upgrade_backup = ensure_current(engine, path, backup_before_upgrade)
        with unit_of_work(engine, path) as session:
            stored_id = session.execute(select(PortfolioInfo.portfolio_id)).scalar()
            if upgrade_backup is not None:
                rebuild(session)
                audit.append(session, "upgrade", "portfolio", detail="schema upgraded")
    except DBAPIError as exc:
        engine.dispose()
        known = translate_db_error(exc, path)
        if known is not None:
            raise known from None
        raise
    except BaseException:
        engine.dispose()
        raise
    if stored_id is None:
        engine.dispose()
        raise PortfolioDamaged(f"{path} opens but holds no portfolio record.")
    if portfolio_id is not None and stored_id != portfolio_id:
        engine.dispose()
        raise PortfolioDamaged(f"The key file beside {path.name} belongs to a different portfolio.")
    secure_side_files(path)
    return Portfolio(path, stored_id, engine, data_key, upgrade_backup, read_only)


def unlock_with_passphrase(path: Path, passphrase: str) -> Portfolio:
    path = path.expanduser().absolute()
    check_plausible_file(path)
    slot = keyslot.read_keyslot(path)
    data_key = keyslot.unwrap(slot, passphrase)
    return _open(path, data_key, slot.portfolio_id)


def unlock_with_recovery_code(path: Path, code: str) -> Portfolio:
    path = path.expanduser().absolute()
    data_key = recovery_code.decode(code)
    check_plausible_file(path)
    try:
        slot: keyslot.KeySlot | None = keyslot.read_keyslot(path)
    except KeySlotMissing:
        slot = None
    if slot is not None and not keyslot.key_matches(slot, data_key):
        raise WrongRecoveryCode()
    try:
        return _open(path, data_key, slot.portfolio_id if slot else None)
    except PortfolioDamaged:
        if slot is None:
            # Without a key file a wrong code and a damaged file look the same.
            raise PortfolioDamaged(
                f"This recovery code does not open {path.name}: the code belongs to another"
                " portfolio, or the file is damaged."
            ) from None
        raise


def unlock_with_keyring(path: Path) -> Portfolio | None:
    """Unlock silently if this computer remembers the key; None if it does not."""
    path = path.expanduser().absolute()
    check_plausible_file(path)
    try:
        slot = keyslot.read_keyslot(path)
    except KnownError:
        return None
    data_key = keyring_slot.recall(slot.portfolio_id)
    if data_key is None or not keyslot.key_matches(slot, data_key):
        return None
    return _open(path, data_key, slot.portfolio_id)


def set_passphrase(portfolio: Portfolio, new_passphrase: str, kdf: KdfParams | None = None) -> None:
    """Re-wrap the data key under a new passphrase; nothing is re-encrypted. The key
    file is replaced atomically, so a crash leaves the old or the new one, never neither."""
    check_passphrase(new_passphrase)
    slot = keyslot.wrap(
        portfolio.data_key, new_passphrase, portfolio.portfolio_id, kdf or KdfParams()
    )
    keyslot.write_keyslot(portfolio.path, slot)
    with portfolio.session() as session:
        audit.append(session, "change-passphrase", "portfolio", detail="passphrase changed")


def remember_on_this_computer(portfolio: Portfolio, remember: bool) -> None:
    if remember:
        keyring_slot.remember(portfolio.portfolio_id, portfolio.data_key)
    else:
        keyring_slot.forget(portfolio.portfolio_id)


def is_remembered(portfolio: Portfolio) -> bool:
    try:
        return keyring_slot.recall(portfolio.portfolio_id) == portfolio.data_key
    except KnownError:
        return False


def recovery_code_of(portfolio: Portfolio) -> str:
    return recovery_code.encode(portfolio.data_key)

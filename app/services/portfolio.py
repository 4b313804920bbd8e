"""Create, unlock, lock and re-key a portfolio (the envelope design of DESIGN.md).

A ``Portfolio`` is an unlocked portfolio: it holds the engine and the data key in
memory until ``lock()``; every other service takes one."""

from __future__ import annotations

import os
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

import app
from app.domain import clock, recovery_code, registry
from app.domain.errors import (
    KnownError,
    LocationNotWritable,
    PortfolioBusy,
    PortfolioDamaged,
    PortfolioLocked,
    ValidationFailed,
    WrongRecoveryCode,
)
from app.domain.frequency import agreed_phrase
from app.domain.kdf import KdfParams
from app.domain.record_kind import RecordKind
from app.domain.record_types import Contract, OwnerProfile
from app.resources import load_template
from app.store import audit, audit_head, keyring_slot, keyslot, search_index
from app.store.encrypted_copy import default_backup_dir, make_backup, remove_interrupted_work
from app.store.engine import (
    check_plausible_file,
    is_read_only,
    open_engine,
    secure_side_files,
    translate_db_error,
    unit_of_work,
)
from app.store.files import (
    create_private_empty,
    keyslot_path,
    os_error_to_known,
    side_files,
)
from app.store.models import ChecklistTemplateRow, OwnerProfileRow, PortfolioInfo
from app.store.outputs import check_output
from app.store.schema import create_schema, ensure_current
from app.store.search_index import rebuild
from app.store.swap import finish_interrupted_swap

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
    # Set when the recovery code opened it past a key file that cannot open it (how
    # the key file is: "is missing", ...); setting a passphrase writes a fresh one.
    key_file_problem: str = ""

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
        db: Session,
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
        audit.append(db, action, record_kind, record_id, version, detail=detail)
        return ()

    def unrecorded(self, what: str) -> tuple[str, ...]:
        """The warning for an output a read-only portfolio could not record."""
        if not self.read_only:
            return ()
        return (f"{self.path.name} is read-only, so its history does not record this ({what}).",)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction on the portfolio (by convention the SQLAlchemy session is
        called ``db``): committed when the block ends, rolled back if it raises."""
        with unit_of_work(self.engine, self.path) as db:
            yield db
        if db.info.get(audit.APPENDED):
            # Committed: the key file's copy of the log's head follows.
            audit_head.sync(self.engine, self.path, self.data_key, self.portfolio_id)
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


# Characters that show nothing: a passphrase made only of these is one nobody can type
# back with confidence (eight spaces was accepted; found in review).
_BLANK_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Me"}
_BLANK_SYMBOLS = {"\u2800", "\u3164", "\u115f", "\u1160", "\uffa0"}


def passphrase_problem(passphrase: str) -> str | None:
    """What is wrong with ``passphrase`` as a new passphrase (to follow "The
    passphrase"), or None. Every place a passphrase is set asks this."""
    if passphrase and all(_blank(c) for c in passphrase):
        return "must not be only spaces or other invisible characters"
    if len(passphrase) < MIN_PASSPHRASE:
        return f"must be at least {MIN_PASSPHRASE} characters"
    return None


def _blank(char: str) -> bool:
    return (
        char.isspace() or char in _BLANK_SYMBOLS or unicodedata.category(char) in _BLANK_CATEGORIES
    )


def check_passphrase(passphrase: str) -> None:
    problem = passphrase_problem(passphrase)
    if problem:
        raise ValidationFailed({"passphrase": problem})


def create_portfolio(
    path: Path,
    owner: OwnerProfile,
    passphrase: str,
    *,
    remember: bool = False,
    kdf: KdfParams | None = None,
) -> CreatedPortfolio:
    problems = registry.spec(RecordKind.OWNER).check(owner)
    if problems:
        raise ValidationFailed(problems)
    check_passphrase(passphrase)
    path = path.expanduser().absolute()
    try:
        if os.path.lexists(path) or os.path.lexists(keyslot_path(path)):
            raise LocationNotWritable(f"{path} already exists; choose another name.")
        if not path.parent.is_dir():
            raise LocationNotWritable(f"The folder {path.parent} does not exist.")
    except OSError as exc:
        raise os_error_to_known(exc, "the portfolio", path) from None
    for part in (path, keyslot_path(path)):  # not another portfolio's side file or backup
        check_output(part, "the portfolio", must_be_new=True)
    create_private_empty(path, "the portfolio")
    data_key = keyslot.new_data_key()
    portfolio_id = str(uuid.uuid4())
    engine = None
    try:
        engine = open_engine(path, data_key)
        create_schema(engine)
        portfolio = Portfolio(path, portfolio_id, engine, data_key)
        with portfolio.transaction() as db:
            db.add(
                PortfolioInfo(
                    portfolio_id=portfolio_id,
                    created_at=clock.utc_now(),
                    created_by_version=app.__version__,
                )
            )
            db.add(OwnerProfileRow(id=1, **vars(owner)))
            for template in load_template("checklists.json"):
                db.add(ChecklistTemplateRow(**template))
            search_index.mark_current(db)  # indexed as it is written
            audit.append(db, "create", "portfolio", detail="portfolio created")
            head = audit.append(
                db, audit_head.MARKER_ACTION, "portfolio", detail=audit_head.MARKER_DETAIL
            )
        slot = keyslot.wrap(data_key, passphrase, portfolio_id, kdf or KdfParams())
        keyslot.write_keyslot(path, audit_head.with_head(slot, data_key, head))
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


def default_contract() -> Contract:
    """A new contract holding the default clauses. Only text fields take template
    wording, so a key in contract.json can never set a date, an id or a flag."""
    contract = Contract()
    for name, wording in default_contract_wording().items():
        if isinstance(getattr(contract, name, None), str):
            setattr(contract, name, wording)
    contract.agreed_frequency = contract.agreed_frequency or agreed_phrase(contract.frequency)
    return contract


def check_keyring() -> None:
    """Raise KeyringUnavailable unless a working keyring answers: asked before making a
    portfolio that should be remembered there."""
    keyring_slot.probe()


def has_key_file(path: Path) -> bool:
    """Whether the portfolio at ``path`` has its key file (only the recovery code opens
    one without)."""
    return keyslot_path(path).exists()


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
            made = make_backup(engine, path, data_key, default_backup_dir(path), "pre-upgrade")
            audit_head.match_copy(made, data_key)
            return made

        upgrade_backup = ensure_current(engine, path, backup_before_upgrade)
        with unit_of_work(engine, path) as db:
            stored_id = db.execute(select(PortfolioInfo.portfolio_id)).scalar()
            if upgrade_backup is not None:
                rebuild(db)
                audit.append(db, "upgrade", "portfolio", detail="schema upgraded")
            elif not search_index.is_current(db):
                rebuild(db)
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
    if read_only:
        secure_side_files(path)
        # Nothing is written: not the key file's copy of the log's head, not a
        # clean-up of interrupted work (the next writable unlock does both).
        return Portfolio(path, stored_id, engine, data_key, upgrade_backup, read_only=True)
    # A portfolio from before the key file kept the log's head gets it now; otherwise
    # a copy left behind (a process stopped between its commit and its update) catches up.
    if not audit_head.adopt(engine, path, data_key, stored_id):
        audit_head.sync(engine, path, data_key, stored_id)
    secure_side_files(path)
    remove_interrupted_work(path)
    return Portfolio(path, stored_id, engine, data_key, upgrade_backup)


def reopen(portfolio: Portfolio, data_key: bytes) -> None:
    """Open ``portfolio`` again, with ``data_key`` (after its data key was replaced, or
    a replacement was given up); left locked if it does not open."""
    portfolio.lock()
    fresh = _open(portfolio.path, data_key, portfolio.portfolio_id)
    portfolio._engine, portfolio._data_key = fresh._engine, fresh._data_key


def unlock_with_passphrase(path: Path, passphrase: str) -> Portfolio:
    path = path.expanduser().absolute()
    finish_interrupted_swap(path)
    check_plausible_file(path)
    slot = keyslot.read_keyslot(path)
    data_key = keyslot.unwrap(slot, passphrase)
    return _open(path, data_key, slot.portfolio_id)


_NOT_THIS_KEY = "does not hold this portfolio's key"


def unlock_with_recovery_code(path: Path, code: str) -> Portfolio:
    """The recovery code is the data key itself: it opens the portfolio whatever the
    key file holds. ``key_file_problem`` then says what is wrong with the key file."""
    path = path.expanduser().absolute()
    data_key = recovery_code.decode(code)
    finish_interrupted_swap(path)
    check_plausible_file(path)
    slot, problem = _key_file_for(path, data_key)
    try:
        portfolio = _open(path, data_key, None)
    except PortfolioDamaged:
        if slot is not None and not problem:
            raise  # the key file vouches for the code: the database is damaged
        if problem == _NOT_THIS_KEY:
            raise WrongRecoveryCode() from None
        # Without a key file to ask, a wrong code and a damaged file look the same.
        raise PortfolioDamaged(
            f"This recovery code does not open {path.name}: the code belongs to another"
            " portfolio, or the file is damaged."
        ) from None
    if slot is not None and slot.portfolio_id != portfolio.portfolio_id:
        problem = "belongs to another portfolio"
    portfolio.key_file_problem = problem
    return portfolio


def _key_file_for(path: Path, data_key: bytes) -> tuple[keyslot.KeySlot | None, str]:
    """The key file, if it reads, and what is wrong with it for ``data_key``."""
    if not os.path.lexists(keyslot_path(path)):
        return None, "is missing"
    try:
        slot = keyslot.read_keyslot(path)
    except KnownError:
        return None, "is damaged or was not made by this app"
    return slot, "" if keyslot.key_matches(slot, data_key) else _NOT_THIS_KEY


def unlock_with_keyring(path: Path) -> Portfolio | None:
    """Unlock silently if this computer remembers the key; None if it does not."""
    path = path.expanduser().absolute()
    finish_interrupted_swap(path)
    check_plausible_file(path)
    try:
        slot = keyslot.read_keyslot(path)
    except KnownError:
        return None
    data_key = keyring_slot.recall(slot.portfolio_id)
    if data_key is None or not keyslot.key_matches(slot, data_key):
        return None
    return _open(path, data_key, slot.portfolio_id)


def set_passphrase(
    portfolio: Portfolio, new_passphrase: str, kdf: KdfParams | None = None
) -> Path | None:
    """Re-wrap the data key under a new passphrase; nothing is re-encrypted, so nothing
    is revoked either: an older copy of the key file still opens the portfolio with the
    old passphrase (docs/keys-and-history.md).

    The key file is replaced atomically while holding the write lock, so another process
    saving at the same moment neither clashes with the audit entry nor overwrites the
    new key file; if the entry cannot be committed, the old key file is put back and
    that is checked before saying the passphrase was not changed. A key file that is not
    this portfolio's (damaged, another portfolio's) is moved aside first, never
    overwritten; returns where it was moved, if it was."""
    check_passphrase(new_passphrase)
    fresh = keyslot.wrap(
        portfolio.data_key, new_passphrase, portfolio.portfolio_id, kdf or KdfParams()
    )
    key_path = keyslot_path(portfolio.path)
    old: bytes | None = None
    moved: Path | None = None
    written = False
    try:
        with portfolio.transaction() as db:
            audit.hold_write_lock(db)
            if os.path.lexists(key_path) and not keyslot.holds_key_file_of(
                portfolio.path, portfolio.portfolio_id, portfolio.data_key
            ):
                moved = keyslot.move_aside(key_path)
            try:
                old = key_path.read_bytes()
            except FileNotFoundError:
                old = None
            except OSError as exc:
                raise os_error_to_known(exc, "the key file", key_path) from None
            problem, portfolio.key_file_problem = portfolio.key_file_problem, ""
            if problem:
                detail = f"fresh key file written (the old one {problem})"
            elif old is None:
                detail = "passphrase set; there was no key file, a new one was written"
            else:
                detail = "passphrase changed"
                previous = _previous_head(portfolio, db)
                if previous:
                    detail += f"; the key file's copy of the log's head before it: {previous}"
            last = audit.last_entry(db)
            keyslot.write_keyslot(
                portfolio.path, audit_head.with_head(fresh, portfolio.data_key, last)
            )
            written = True
            audit.append(db, "change-passphrase", "portfolio", detail=detail)
    except PortfolioBusy:
        if written:
            _put_back(portfolio.path, old)
        raise PortfolioBusy(
            "The portfolio is busy: another program (the desktop app or a command) is"
            " saving to it. The passphrase was not changed; try again in a moment."
        ) from None
    except KnownError as err:
        if not written:
            raise
        _put_back(portfolio.path, old)
        raise KnownError(
            f"The passphrase was not changed: {err.message[0].lower()}{err.message[1:]}"
            " The old passphrase still opens the portfolio."
        ) from None
    except BaseException:
        if written:
            _put_back(portfolio.path, old)
        raise
    return moved


def _previous_head(portfolio: Portfolio, db: Session) -> str:
    """What the key file said of the log's head before it is replaced, when that was
    not sound: kept in the log, since the new key file starts afresh."""
    verdict = audit_head.verdict(db, portfolio.path, portfolio.data_key, portfolio.portfolio_id)
    return "" if verdict.ok else verdict.detail


def _put_back(db_path: Path, old: bytes | None) -> None:
    """Restore the key file a failed change replaced, and check that it is back."""
    key_path = keyslot_path(db_path)
    try:
        if old is None:
            key_path.unlink(missing_ok=True)
        else:
            keyslot.write_raw_keyslot(db_path, old)
        restored = (key_path.read_bytes() if key_path.exists() else None) == old
    except (OSError, KnownError):
        restored = False
    if not restored:
        raise KnownError(
            "The passphrase change could not be recorded in the portfolio's history, and the"
            f" old key file could not be put back: {key_path.name} may now hold the new"
            " passphrase. Try the new passphrase, then the old one, or the recovery code."
        ) from None


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

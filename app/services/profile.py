"""The owner's profile and portfolio-level preferences (kept inside the database,
because some, like the default mentor, name portfolio data)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import registry
from app.domain.errors import ValidationFailed
from app.domain.record_kind import RecordKind
from app.domain.record_types import OwnerProfile
from app.services.mapping import changed_fields, to_record
from app.services.portfolio import Portfolio
from app.store import audit
from app.store.models import OwnerProfileRow, Preference


def owner_in(db: Session) -> OwnerProfile:
    """The owner's profile, read in ``db``'s transaction (blank before one is saved)."""
    row = db.get(OwnerProfileRow, 1)
    return OwnerProfile() if row is None else to_record(row, OwnerProfile)


def get_owner(portfolio: Portfolio) -> OwnerProfile:
    with portfolio.transaction() as db:
        return owner_in(db)


def save_owner(portfolio: Portfolio, owner: OwnerProfile) -> OwnerProfile:
    problems = registry.spec(RecordKind.OWNER).check(owner)
    if problems:
        raise ValidationFailed(problems)
    with portfolio.transaction() as db:
        row = db.get(OwnerProfileRow, 1)
        if row is None:
            row = OwnerProfileRow(id=1)
            db.add(row)
            changed = ["profile"]
        else:
            changed = changed_fields(row, owner)
        for name, value in vars(owner).items():
            setattr(row, name, value)
        if changed:
            audit.append(db, "edit", "owner", 1, detail="changed: " + ", ".join(changed))
    return owner


def get_preference(portfolio: Portfolio, key: str, default: str = "") -> str:
    with portfolio.transaction() as db:
        value = db.execute(select(Preference.value).where(Preference.key == key)).scalar()
        return default if value is None else value


def set_preference(portfolio: Portfolio, key: str, value: str) -> None:
    with portfolio.transaction() as db:
        row = db.get(Preference, key)
        if row is None:
            db.add(Preference(key=key, value=value))
        else:
            row.value = value

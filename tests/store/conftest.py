"""A bare store for the tests of app/store: a SQLCipher file keyed with a fresh data
key, the schema built by the migrations, and the one row that names the portfolio.
No services: these tests hold the store layer to its own promises."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.store import keyslot
from app.store.engine import open_engine, unit_of_work
from app.store.models import PortfolioInfo
from app.store.schema import create_schema

# Text that would show up in the bytes of any page, WAL frame or copy left unencrypted.
SECRET = "Zebedee Quarrington-Fothergill"


@dataclass
class Store:
    path: Path
    key: bytes
    engine: Engine
    portfolio_id: str = "5f0c6a4e-3b5d-4c1e-9d7a-2b8f6e1a9c30"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "store.mpf"
    path.touch(mode=0o600)
    key = keyslot.new_data_key()
    made = Store(path, key, open_engine(path, key))
    create_schema(made.engine)
    with unit_of_work(made.engine, path) as session:
        session.add(
            PortfolioInfo(
                portfolio_id=made.portfolio_id,
                created_at=datetime(2026, 1, 5, 9, 30),
                created_by_version="test",
            )
        )
    yield made
    made.engine.dispose()

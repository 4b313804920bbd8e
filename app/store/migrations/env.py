"""Alembic environment for the app: always runs on the caller's already-keyed
connection (config.attributes["connection"]); opening the URL here would open
SQLCipher without the key."""

from __future__ import annotations

from alembic import context

from app.store.models import Base
from app.store.rows import row_of  # noqa: F401  (adds the rows generated from kind specs)

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by misuse of the alembic CLI
    raise RuntimeError("migrations run only on a keyed connection supplied by the app")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

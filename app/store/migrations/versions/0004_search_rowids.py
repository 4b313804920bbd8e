"""search index keyed by rowid (kind, id), so saving a record no longer scans it

Revision ID: 0004_search_rowids
Revises: 0003_condition_of_practice
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0004_search_rowids"
down_revision = "0003_condition_of_practice"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Emptied here; the app re-indexes every record right after any upgrade
    # (app.store.search_index.rebuild), now with rowids derived from kind and id.
    op.execute("DELETE FROM search_index")


def downgrade() -> None:
    op.execute("DELETE FROM search_index")

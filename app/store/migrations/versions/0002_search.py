"""full-text search index (FTS5, inside the encrypted database)

Revision ID: 0002_search
Revises: 0001_initial
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0002_search"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Contentless tables would lose snippets; this one keeps its own (encrypted) copy.
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, record_id UNINDEXED, title, body,"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )
    # Records written before this revision are indexed by the app right after the
    # upgrade (app.store.search_index.rebuild), which knows each kind's text.


def downgrade() -> None:
    op.execute("DROP TABLE search_index")

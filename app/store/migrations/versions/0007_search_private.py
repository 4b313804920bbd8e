"""search index keeps private fields (a session's private reflection) in their own
column, so a result's snippet never shows them

Revision ID: 0007_search_private
Revises: 0006_ids_never_reused
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0007_search_private"
down_revision = "0006_ids_never_reused"
branch_labels = None
depends_on = None

_TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"


def upgrade() -> None:
    # The app re-indexes every record right after any upgrade
    # (app.store.search_index.rebuild).
    op.execute("DROP TABLE search_index")
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        f"kind UNINDEXED, record_id UNINDEXED, title, body, folded, private, {_TOKENIZE})"
    )


def downgrade() -> None:
    op.execute("DROP TABLE search_index")
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        f"kind UNINDEXED, record_id UNINDEXED, title, body, folded, {_TOKENIZE})"
    )

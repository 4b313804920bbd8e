"""search index with a folded copy of each text, so "lukasz" finds "Łukasz"

Revision ID: 0005_search_folded
Revises: 0004_search_rowids
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0005_search_folded"
down_revision = "0004_search_rowids"
branch_labels = None
depends_on = None

_TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"


def upgrade() -> None:
    # unicode61 folds accents (ó, ż, ŷ) but not letters that are their own letter in
    # Unicode (ł, ø, đ, ß, æ): the extra column holds the text with those spelled
    # plainly. The app re-indexes every record right after any upgrade
    # (app.store.search_index.rebuild).
    op.execute("DROP TABLE search_index")
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        f"kind UNINDEXED, record_id UNINDEXED, title, body, folded, {_TOKENIZE})"
    )


def downgrade() -> None:
    op.execute("DROP TABLE search_index")
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        f"kind UNINDEXED, record_id UNINDEXED, title, body, {_TOKENIZE})"
    )

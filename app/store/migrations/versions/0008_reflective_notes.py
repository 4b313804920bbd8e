"""reflective notes: their table and the goals each touches

Revision ID: 0008_reflective_notes
Revises: 0007_search_private
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_reflective_notes"
down_revision = "0007_search_private"
branch_labels = None
depends_on = None

_STRUCTURES = ("gibbs", "what_so_what", "aomrc", "free")


def upgrade() -> None:
    op.create_table(
        "reflective_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("written_on", sa.Date(), nullable=False),
        sa.Column(
            "structure",
            sa.Enum(
                *_STRUCTURES,
                name="structure",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("relationship_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("domain_knowledge", sa.Boolean(), nullable=False),
        sa.Column("domain_safety", sa.Boolean(), nullable=False),
        sa.Column("domain_communication", sa.Boolean(), nullable=False),
        sa.Column("domain_trust", sa.Boolean(), nullable=False),
        *(sa.Column(f"part_{n}", sa.Text(), nullable=False) for n in range(1, 7)),
        sa.Column("learning_summary", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["relationship_id"], ["relationships.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        # Ids never reused (0006): a new note never inherits a deleted one's history.
        sqlite_autoincrement=True,
    )
    for column in ("relationship_id", "session_id", "written_on"):
        op.create_index(
            op.f(f"ix_reflective_notes_{column}"), "reflective_notes", [column], unique=False
        )
    op.create_table(
        "reflective_note_goals",
        sa.Column("reflective_note_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["goal_id"], ["goals.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["reflective_note_id"], ["reflective_notes.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("reflective_note_id", "goal_id"),
    )


def downgrade() -> None:
    op.drop_table("reflective_note_goals")
    for column in ("written_on", "session_id", "relationship_id"):
        op.drop_index(op.f(f"ix_reflective_notes_{column}"), table_name="reflective_notes")
    op.drop_table("reflective_notes")

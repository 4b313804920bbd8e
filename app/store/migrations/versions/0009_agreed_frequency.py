"""contract: the agreed meeting interval as data, read once from the free text

Revision ID: 0009_agreed_frequency
Revises: 0008_reflective_notes
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The app's own reading (a pure function of the domain): what an upgrade fills in is
# what the contract form accepts.
from app.domain.frequency import agreed_phrase

revision = "0009_agreed_frequency"
down_revision = "0008_reflective_notes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ALTER TABLE in place (no batch rebuild), so the table keeps its AUTOINCREMENT (0006).
    op.add_column(
        "contracts", sa.Column("agreed_frequency", sa.Text(), nullable=False, server_default="")
    )
    # Each existing contract's "How often we meet" is read once: a plain interval
    # ("Every 4 to 6 weeks") is kept as the app writes it, anything else left empty
    # for the mentee to fill in. The field is not signed, so signed contracts keep
    # their content and codes.
    connection = op.get_bind()
    for contract_id, text in connection.execute(
        sa.text("SELECT id, frequency FROM contracts WHERE frequency != ''")
    ).all():
        if phrase := agreed_phrase(text):
            connection.execute(
                sa.text("UPDATE contracts SET agreed_frequency = :phrase WHERE id = :id"),
                {"phrase": phrase, "id": contract_id},
            )


def downgrade() -> None:
    # SQLite's own DROP COLUMN (3.35+): a batch rebuild would lose AUTOINCREMENT.
    op.execute("ALTER TABLE contracts DROP COLUMN agreed_frequency")

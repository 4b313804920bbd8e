"""contract: mentoring as a condition of practice (requiring body, reporting)

Revision ID: 0003_condition_of_practice
Revises: 0002_search
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_condition_of_practice"
down_revision = "0002_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contracts") as batch:
        batch.add_column(
            sa.Column(
                "condition_of_practice", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch.add_column(sa.Column("requiring_body", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("reporting_expectations", sa.Text(), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("contracts") as batch:
        batch.drop_column("reporting_expectations")
        batch.drop_column("requiring_body")
        batch.drop_column("condition_of_practice")

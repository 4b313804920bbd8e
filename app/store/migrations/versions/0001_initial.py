"""initial schema

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

IMMUTABILITY_TRIGGERS = (
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER record_versions_frozen
       BEFORE UPDATE OF content_json, content_hash, record_kind, record_id, version
       ON record_versions
       BEGIN SELECT RAISE(ABORT, 'a frozen version cannot be changed'); END""",
    """CREATE TRIGGER record_versions_no_delete BEFORE DELETE ON record_versions
       BEGIN SELECT RAISE(ABORT, 'a frozen version cannot be deleted'); END""",
    """CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures
       BEGIN SELECT RAISE(ABORT, 'a signature cannot be changed'); END""",
    """CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures
       BEGIN SELECT RAISE(ABORT, 'a signature cannot be deleted'); END""",
)


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("record_kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_table(
        "checklist_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "mentors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("organisation", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("phone", sa.Text(), nullable=False),
        sa.Column("is_line_manager", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "owner_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role_grade", sa.Text(), nullable=False),
        sa.Column("specialty", sa.Text(), nullable=False),
        sa.Column("organisation", sa.Text(), nullable=False),
        sa.Column("registration_number", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("next_appraisal_date", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "portfolio_info",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("portfolio_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_version", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("portfolio_id"),
    )
    op.create_table(
        "preferences",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "record_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "ready_to_sign",
                "signed",
                "locked",
                "superseded",
                name="versionstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("content_json", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("record_kind", "record_id", "version"),
    )
    op.create_table(
        "relationships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "formal",
                "informal",
                "co_mentoring",
                name="relationshipkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("scheme", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "active",
                "paused",
                "ended",
                name="relationshipstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=False),
        sa.Column("end_expected", sa.Text(), nullable=False),
        sa.Column("end_achieved", sa.Text(), nullable=False),
        sa.Column("end_learned", sa.Text(), nullable=False),
        sa.Column("end_left_to_do", sa.Text(), nullable=False),
        sa.Column("end_evaluation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["mentor_id"], ["mentors.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "mentee",
                "mentor",
                name="signerrole",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("signer_name", sa.Text(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "ink",
                "drawn",
                name="signaturemethod",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("strokes_json", sa.Text(), nullable=False),
        sa.Column("binding_hash", sa.String(length=64), nullable=False),
        sa.Column("scan_attachment_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["scan_attachment_id"],
            ["attachments.id"],
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["record_versions.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("version_id", "role"),
    )
    op.create_table(
        "checklists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=True),
        sa.Column("template_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["relationship_id"], ["relationships.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["template_id"], ["checklist_templates.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "contracts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=False),
        sa.Column("ground_rules", sa.Text(), nullable=False),
        sa.Column("confidentiality", sa.Text(), nullable=False),
        sa.Column("confidentiality_limit", sa.Text(), nullable=False),
        sa.Column("boundaries", sa.Text(), nullable=False),
        sa.Column("conflicts_of_interest", sa.Text(), nullable=False),
        sa.Column("objectives", sa.Text(), nullable=False),
        sa.Column("frequency", sa.Text(), nullable=False),
        sa.Column("meeting_format", sa.Text(), nullable=False),
        sa.Column("meeting_length", sa.Text(), nullable=False),
        sa.Column("arrangements", sa.Text(), nullable=False),
        sa.Column("contact_between_meetings", sa.Text(), nullable=False),
        sa.Column("duration", sa.Text(), nullable=False),
        sa.Column("ending", sa.Text(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("documentation", sa.Text(), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["relationship_id"], ["relationships.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("relationship_id"),
    )
    op.create_table(
        "goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("specific", sa.Text(), nullable=False),
        sa.Column("measurable", sa.Text(), nullable=False),
        sa.Column("achievable", sa.Text(), nullable=False),
        sa.Column("relevant", sa.Text(), nullable=False),
        sa.Column("time_bound", sa.Text(), nullable=False),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "not_started",
                "in_progress",
                "achieved",
                "carried_forward",
                "dropped",
                name="goalstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("progress_notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["relationship_id"], ["relationships.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column(
            "format",
            sa.Enum(
                "in_person",
                "video",
                "phone",
                "other",
                name="sessionformat",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("since_last", sa.Text(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("key_learning", sa.Text(), nullable=False),
        sa.Column("private_reflection", sa.Text(), nullable=False),
        sa.Column("appraisal_learning", sa.Text(), nullable=False),
        sa.Column("appraisal_practice_change", sa.Text(), nullable=False),
        sa.Column("appraisal_next_steps", sa.Text(), nullable=False),
        sa.Column("next_meeting", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["relationship_id"], ["relationships.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sessions_held_on"), ["held_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_sessions_relationship_id"), ["relationship_id"], unique=False
        )

    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=True),
        sa.Column("origin_session_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "owner",
            sa.Enum(
                "mentee",
                "mentor",
                "both",
                name="actionowner",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "in_progress",
                "done",
                "dropped",
                name="actionstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["origin_session_id"], ["sessions.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["relationship_id"], ["relationships.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actions_due_date"), ["due_date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_actions_origin_session_id"), ["origin_session_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_actions_relationship_id"), ["relationship_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_actions_status"), ["status"], unique=False)

    op.create_table(
        "session_goals",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["goal_id"], ["goals.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("session_id", "goal_id"),
    )

    # History is never rewritten: the audit log is append-only and a frozen version's
    # content can never change. `check` verifies the hashes as well, for edits made
    # outside the app that drop these triggers first.
    for statement in IMMUTABILITY_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    for name in (
        "audit_log_no_update",
        "audit_log_no_delete",
        "record_versions_frozen",
        "record_versions_no_delete",
        "signatures_no_update",
        "signatures_no_delete",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("session_goals")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actions_status"))
        batch_op.drop_index(batch_op.f("ix_actions_relationship_id"))
        batch_op.drop_index(batch_op.f("ix_actions_origin_session_id"))
        batch_op.drop_index(batch_op.f("ix_actions_due_date"))

    op.drop_table("actions")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sessions_relationship_id"))
        batch_op.drop_index(batch_op.f("ix_sessions_held_on"))

    op.drop_table("sessions")
    op.drop_table("goals")
    op.drop_table("contracts")
    op.drop_table("checklists")
    op.drop_table("signatures")
    op.drop_table("relationships")
    op.drop_table("record_versions")
    op.drop_table("preferences")
    op.drop_table("portfolio_info")
    op.drop_table("owner_profile")
    op.drop_table("mentors")
    op.drop_table("checklist_templates")
    op.drop_table("audit_log")
    op.drop_table("attachments")

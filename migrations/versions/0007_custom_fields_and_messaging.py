"""custom fields, messaging, analytics indexes

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 02:32:29.155438

"""

# Schema for custom fields (definitions + a JSON `custom_values` column on
# customers, contacts, leads and opportunities), messaging (templates, settings,
# each message sent) and the indexes the analytics pages filter on; plus the new
# `messaging.manage` permission for the seeded admin role (frozen here). The
# email and SMS follow-up types come from `pelago init-db`
# (services.reference_data).

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text  # noqa: F401  (autogenerate renders JSONB's Text() bare)
from sqlalchemy.dialects import postgresql

from migrations.role_grants import grant, revoke

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


GRANTS = {"admin": ("messaging.manage",)}


def upgrade() -> None:
    _create_schema()
    grant(GRANTS)


def downgrade() -> None:
    revoke(GRANTS)
    _drop_schema()


def _create_schema() -> None:
    op.create_table(
        "custom_fields",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("code", sa.String(length=50), nullable=False),
        sa.Column("label_en", sa.String(length=100), nullable=False),
        sa.Column("label_zh", sa.String(length=100), nullable=False),
        sa.Column("field_type", sa.String(length=10), nullable=False),
        sa.Column(
            "options",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_fields")),
        sa.UniqueConstraint(
            "entity", "code", name=op.f("uq_custom_fields_entity_code")
        ),
    )
    op.create_table(
        "message_templates",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column(
            "created_by_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column(
            "updated_by_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_message_templates_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_message_templates_updated_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_templates")),
        sa.UniqueConstraint("name", name=op.f("uq_message_templates_name")),
    )
    op.create_table(
        "messaging_settings",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("smtp_host", sa.String(length=200), nullable=True),
        sa.Column("smtp_port", sa.Integer(), nullable=True),
        sa.Column("smtp_security", sa.String(length=10), nullable=False),
        sa.Column("smtp_username", sa.String(length=200), nullable=True),
        sa.Column("smtp_password_encrypted", sa.Text(), nullable=True),
        sa.Column("from_address", sa.String(length=200), nullable=True),
        sa.Column("from_name", sa.String(length=100), nullable=True),
        sa.Column("sms_provider", sa.String(length=10), nullable=False),
        sa.Column("sms_webhook_url", sa.String(length=500), nullable=True),
        sa.Column("sms_webhook_secret_encrypted", sa.Text(), nullable=True),
        sa.Column("sms_timeout_seconds", sa.Integer(), nullable=False),
        sa.Column(
            "updated_by_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_messaging_settings_updated_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messaging_settings")),
    )
    op.create_table(
        "outbound_messages",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "followup_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "template_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("provider", sa.String(length=10), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column(
            "sent_by_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["followup_id"],
            ["followups.id"],
            name=op.f("fk_outbound_messages_followup_id_followups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_id"],
            ["users.id"],
            name=op.f("fk_outbound_messages_sent_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["message_templates.id"],
            name=op.f("fk_outbound_messages_template_id_message_templates"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbound_messages")),
    )
    with op.batch_alter_table("outbound_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbound_messages_followup_id"),
            ["followup_id"],
            unique=False,
        )

    with op.batch_alter_table("approval_actions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_approval_actions_action_created", ["action", "created_at"], unique=False
        )

    with op.batch_alter_table("approval_step_approvers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_approval_step_approvers_decided", ["decided_at"], unique=False
        )
        batch_op.create_index(
            "ix_approval_step_approvers_undecided",
            ["user_id"],
            unique=False,
            sqlite_where=sa.text("decision IS NULL"),
            postgresql_where=sa.text("decision IS NULL"),
        )

    with op.batch_alter_table("approval_steps", schema=None) as batch_op:
        batch_op.create_index("ix_approval_steps_decided", ["decided_at"], unique=False)

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "custom_values",
                sa.JSON().with_variant(
                    postgresql.JSONB(astext_type=sa.Text()), "postgresql"
                ),
                server_default="{}",
                nullable=False,
            )
        )

    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "custom_values",
                sa.JSON().with_variant(
                    postgresql.JSONB(astext_type=sa.Text()), "postgresql"
                ),
                server_default="{}",
                nullable=False,
            )
        )
        batch_op.create_index(
            "ix_customers_creator_created",
            ["created_by_id", "created_at"],
            unique=False,
        )

    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "custom_values",
                sa.JSON().with_variant(
                    postgresql.JSONB(astext_type=sa.Text()), "postgresql"
                ),
                server_default="{}",
                nullable=False,
            )
        )
        batch_op.create_index(
            "ix_leads_converter_converted",
            ["converted_by_id", "converted_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_leads_creator_created", ["created_by_id", "created_at"], unique=False
        )

    with op.batch_alter_table("opportunities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "custom_values",
                sa.JSON().with_variant(
                    postgresql.JSONB(astext_type=sa.Text()), "postgresql"
                ),
                server_default="{}",
                nullable=False,
            )
        )
        batch_op.create_index(
            "ix_opportunities_creator_created",
            ["created_by_id", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_opportunities_owner_closed", ["owner_id", "closed_at"], unique=False
        )


def _drop_schema() -> None:
    with op.batch_alter_table("opportunities", schema=None) as batch_op:
        batch_op.drop_index("ix_opportunities_owner_closed")
        batch_op.drop_index("ix_opportunities_creator_created")
        batch_op.drop_column("custom_values")

    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_index("ix_leads_creator_created")
        batch_op.drop_index("ix_leads_converter_converted")
        batch_op.drop_column("custom_values")

    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index("ix_customers_creator_created")
        batch_op.drop_column("custom_values")

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("custom_values")

    with op.batch_alter_table("approval_steps", schema=None) as batch_op:
        batch_op.drop_index("ix_approval_steps_decided")

    with op.batch_alter_table("approval_step_approvers", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_approval_step_approvers_undecided",
            sqlite_where=sa.text("decision IS NULL"),
            postgresql_where=sa.text("decision IS NULL"),
        )
        batch_op.drop_index("ix_approval_step_approvers_decided")

    with op.batch_alter_table("approval_actions", schema=None) as batch_op:
        batch_op.drop_index("ix_approval_actions_action_created")

    with op.batch_alter_table("outbound_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbound_messages_followup_id"))

    op.drop_table("outbound_messages")
    op.drop_table("messaging_settings")
    op.drop_table("message_templates")
    op.drop_table("custom_fields")

"""products, opportunities, contracts, payments, approval flows, targets,
appearance

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 22:58:34.030683

"""

# Schema for issues 4–6 (deals, approvals, targets, appearance, forced password
# change), plus the new permissions granted to the seeded roles of
# databases created before them (services.users.ensure_roles only creates missing
# roles). Reference data (stages, units, flows) is added by `pelago init-db`
# through services.reference_data, which never overwrites admin edits. The grants
# are frozen here: later changes to services/permissions.py must not change what
# this revision did.

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text  # noqa: F401  (autogenerate renders JSONB's Text() bare)
from sqlalchemy.dialects import postgresql

from migrations.role_grants import grant, revoke

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _create_schema() -> None:
    op.create_table(
        "approval_flows",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("object_type", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("min_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("allow_self_approval", sa.Boolean(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_flows")),
    )
    with op.batch_alter_table("approval_flows", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_approval_flows_object_type"), ["object_type"], unique=False
        )

    op.create_table(
        "number_patterns",
        sa.Column("object_type", sa.String(length=20), nullable=False),
        sa.Column("pattern", sa.String(length=50), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("object_type", name=op.f("pk_number_patterns")),
    )
    op.create_table(
        "number_sequences",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("object_type", sa.String(length=20), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_number_sequences")),
        sa.UniqueConstraint(
            "object_type", "period", name=op.f("uq_number_sequences_object_type_period")
        ),
    )
    op.create_table(
        "opportunity_stages",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("code", sa.String(length=50), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("probability", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opportunity_stages")),
        sa.UniqueConstraint("code", name=op.f("uq_opportunity_stages_code")),
    )
    op.create_table(
        "product_categories",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "parent_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["product_categories.id"],
            name=op.f("fk_product_categories_parent_id_product_categories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_categories")),
    )
    with op.batch_alter_table("product_categories", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_product_categories_parent_id"), ["parent_id"], unique=False
        )

    op.create_table(
        "product_attributes",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "category_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("attribute_type", sa.String(length=10), nullable=False),
        sa.Column(
            "options",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["product_categories.id"],
            name=op.f("fk_product_attributes_category_id_product_categories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_attributes")),
    )
    with op.batch_alter_table("product_attributes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_product_attributes_category_id"),
            ["category_id"],
            unique=False,
        )

    op.create_table(
        "appearance_settings",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("company_name", sa.String(length=100), nullable=True),
        sa.Column("theme_color", sa.String(length=7), nullable=False),
        sa.Column("logo_data", sa.LargeBinary(), nullable=True),
        sa.Column("logo_mime", sa.String(length=20), nullable=True),
        sa.Column("logo_updated_at", sa.DateTime(), nullable=True),
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
            name=op.f("fk_appearance_settings_updated_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appearance_settings")),
    )
    op.create_table(
        "approval_flow_steps",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "flow_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("approver_kind", sa.String(length=20), nullable=False),
        sa.Column(
            "approver_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "approver_role_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["approver_role_id"],
            ["roles.id"],
            name=op.f("fk_approval_flow_steps_approver_role_id_roles"),
        ),
        sa.ForeignKeyConstraint(
            ["approver_user_id"],
            ["users.id"],
            name=op.f("fk_approval_flow_steps_approver_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["flow_id"],
            ["approval_flows.id"],
            name=op.f("fk_approval_flow_steps_flow_id_approval_flows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_flow_steps")),
        sa.UniqueConstraint(
            "flow_id", "position", name=op.f("uq_approval_flow_steps_flow_id_position")
        ),
    )
    op.create_table(
        "approval_requests",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("object_type", sa.String(length=20), nullable=False),
        sa.Column(
            "object_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "flow_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("flow_mode", sa.String(length=10), nullable=False),
        sa.Column("allow_self_approval", sa.Boolean(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column(
            "submitter_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("current_position", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["flow_id"],
            ["approval_flows.id"],
            name=op.f("fk_approval_requests_flow_id_approval_flows"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["submitter_id"],
            ["users.id"],
            name=op.f("fk_approval_requests_submitter_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_requests")),
    )
    with op.batch_alter_table("approval_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_approval_requests_object", ["object_type", "object_id"], unique=False
        )
        batch_op.create_index(
            "ix_approval_requests_submitter_status",
            ["submitter_id", "status"],
            unique=False,
        )

    op.create_table(
        "performance_targets",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("subject_type", sa.String(length=10), nullable=False),
        sa.Column(
            "subject_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("metric", sa.String(length=30), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column(
            "updated_by_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "amount >= 0", name=op.f("ck_performance_targets_non_negative")
        ),
        sa.CheckConstraint(
            "month BETWEEN 1 AND 12", name=op.f("ck_performance_targets_month_range")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_performance_targets_updated_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_performance_targets")),
        sa.UniqueConstraint(
            "subject_type",
            "subject_id",
            "metric",
            "year",
            "month",
            name=op.f(
                "uq_performance_targets_subject_type_subject_id_metric_year_month"
            ),
        ),
    )
    with op.batch_alter_table("performance_targets", schema=None) as batch_op:
        batch_op.create_index(
            "ix_performance_targets_year_metric", ["year", "metric"], unique=False
        )

    op.create_table(
        "products",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_normalized", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=50), nullable=True),
        sa.Column(
            "category_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column("price", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("on_sale", sa.Boolean(), nullable=False),
        sa.Column(
            "attribute_values",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "created_by_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["product_categories.id"],
            name=op.f("fk_products_category_id_product_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_products_created_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("code", name=op.f("uq_products_code")),
    )
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_products_category_id"), ["category_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_products_name_normalized"), ["name_normalized"], unique=False
        )

    op.create_table(
        "approval_actions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "request_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("object_type", sa.String(length=20), nullable=False),
        sa.Column(
            "object_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("step_position", sa.Integer(), nullable=True),
        sa.Column(
            "actor_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column(
            "next_approver_ids",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_approval_actions_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["approval_requests.id"],
            name=op.f("fk_approval_actions_request_id_approval_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_actions")),
    )
    with op.batch_alter_table("approval_actions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_approval_actions_actor_created",
            ["actor_id", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_approval_actions_object",
            ["object_type", "object_id", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_approval_actions_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "approval_steps",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "request_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("activated_at", sa.DateTime(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["approval_requests.id"],
            name=op.f("fk_approval_steps_request_id_approval_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_steps")),
        sa.UniqueConstraint(
            "request_id", "position", name=op.f("uq_approval_steps_request_id_position")
        ),
    )
    op.create_table(
        "opportunities",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "customer_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_normalized", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("expected_close_date", sa.Date(), nullable=True),
        sa.Column(
            "stage_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column(
            "owner_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("stage_changed_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("close_reason", sa.Text(), nullable=True),
        sa.Column("remark", sa.Text(), nullable=True),
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
            name=op.f("fk_opportunities_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_opportunities_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_opportunities_owner_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["stage_id"],
            ["opportunity_stages.id"],
            name=op.f("fk_opportunities_stage_id_opportunity_stages"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_opportunities_updated_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opportunities")),
    )
    with op.batch_alter_table("opportunities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_opportunities_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(
            "ix_opportunities_owner_close",
            ["owner_id", "expected_close_date"],
            unique=False,
        )
        batch_op.create_index(
            "ix_opportunities_owner_stage", ["owner_id", "stage_id"], unique=False
        )
        batch_op.create_index(
            "ix_opportunities_owner_updated", ["owner_id", "updated_at"], unique=False
        )

    op.create_table(
        "approval_step_approvers",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "step_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "request_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("decision", sa.String(length=10), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["approval_requests.id"],
            name=op.f("fk_approval_step_approvers_request_id_approval_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["step_id"],
            ["approval_steps.id"],
            name=op.f("fk_approval_step_approvers_step_id_approval_steps"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_approval_step_approvers_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_step_approvers")),
        sa.UniqueConstraint(
            "step_id",
            "user_id",
            name=op.f("uq_approval_step_approvers_step_id_user_id"),
        ),
    )
    with op.batch_alter_table("approval_step_approvers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_approval_step_approvers_request_id"),
            ["request_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_approval_step_approvers_user_decision",
            ["user_id", "decision"],
            unique=False,
        )

    op.create_table(
        "contracts",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("number", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_normalized", sa.String(length=200), nullable=False),
        sa.Column(
            "customer_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "opportunity_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("paid_amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("sign_date", sa.Date(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column(
            "customer_signer_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "our_signer_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "owner_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column(
            "approved_owner_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "approved_team_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column(
            "voided_by_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("remark", sa.Text(), nullable=True),
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
        sa.CheckConstraint(
            "paid_amount <= amount", name=op.f("ck_contracts_paid_within_amount")
        ),
        sa.ForeignKeyConstraint(
            ["approved_owner_id"],
            ["users.id"],
            name=op.f("fk_contracts_approved_owner_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["approved_team_id"],
            ["teams.id"],
            name=op.f("fk_contracts_approved_team_id_teams"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_contracts_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_contracts_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_signer_id"],
            ["contacts.id"],
            name=op.f("fk_contracts_customer_signer_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["opportunities.id"],
            name=op.f("fk_contracts_opportunity_id_opportunities"),
        ),
        sa.ForeignKeyConstraint(
            ["our_signer_id"],
            ["users.id"],
            name=op.f("fk_contracts_our_signer_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_contracts_owner_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_contracts_updated_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["voided_by_id"], ["users.id"], name=op.f("fk_contracts_voided_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contracts")),
        sa.UniqueConstraint("number", name=op.f("uq_contracts_number")),
    )
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contracts_approved_owner_sign",
            ["approved_owner_id", "sign_date"],
            unique=False,
        )
        batch_op.create_index(
            "ix_contracts_approved_team_sign",
            ["approved_team_id", "sign_date"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_contracts_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_contracts_opportunity_id"), ["opportunity_id"], unique=False
        )
        batch_op.create_index(
            "ix_contracts_owner_status", ["owner_id", "status"], unique=False
        )
        batch_op.create_index(
            "ix_contracts_owner_updated", ["owner_id", "updated_at"], unique=False
        )
        batch_op.create_index(
            "ix_contracts_status_end", ["status", "end_date"], unique=False
        )

    op.create_table(
        "opportunity_contacts",
        sa.Column(
            "opportunity_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "contact_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_opportunity_contacts_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["opportunities.id"],
            name=op.f("fk_opportunity_contacts_opportunity_id_opportunities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "opportunity_id", "contact_id", name=op.f("pk_opportunity_contacts")
        ),
    )
    op.create_table(
        "opportunity_lines",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "opportunity_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "product_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("quantity", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("discount", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("subtotal", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["opportunities.id"],
            name=op.f("fk_opportunity_lines_opportunity_id_opportunities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_opportunity_lines_product_id_products"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opportunity_lines")),
    )
    with op.batch_alter_table("opportunity_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_opportunity_lines_opportunity_id"),
            ["opportunity_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_opportunity_lines_product_id"), ["product_id"], unique=False
        )

    op.create_table(
        "opportunity_stage_changes",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "opportunity_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "from_stage_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "to_stage_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column(
            "changed_by_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["users.id"],
            name=op.f("fk_opportunity_stage_changes_changed_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["from_stage_id"],
            ["opportunity_stages.id"],
            name=op.f("fk_opportunity_stage_changes_from_stage_id_opportunity_stages"),
        ),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["opportunities.id"],
            name=op.f("fk_opportunity_stage_changes_opportunity_id_opportunities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_stage_id"],
            ["opportunity_stages.id"],
            name=op.f("fk_opportunity_stage_changes_to_stage_id_opportunity_stages"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opportunity_stage_changes")),
    )
    with op.batch_alter_table("opportunity_stage_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_opportunity_stage_changes_opp_at",
            ["opportunity_id", "changed_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_opportunity_stage_changes_to_at",
            ["to_stage_id", "changed_at"],
            unique=False,
        )

    op.create_table(
        "contract_lines",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "contract_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "product_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("quantity", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("discount", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("subtotal", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contracts.id"],
            name=op.f("fk_contract_lines_contract_id_contracts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_contract_lines_product_id_products"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_lines")),
    )
    with op.batch_alter_table("contract_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contract_lines_contract_id"), ["contract_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_contract_lines_product_id"), ["product_id"], unique=False
        )

    op.create_table(
        "payment_installments",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "contract_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("remark", sa.Text(), nullable=True),
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
            ["contract_id"],
            ["contracts.id"],
            name=op.f("fk_payment_installments_contract_id_contracts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_payment_installments_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_payment_installments_updated_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_installments")),
        sa.UniqueConstraint(
            "contract_id",
            "sequence",
            name=op.f("uq_payment_installments_contract_id_sequence"),
        ),
    )
    with op.batch_alter_table("payment_installments", schema=None) as batch_op:
        batch_op.create_index("ix_payment_installments_due", ["due_date"], unique=False)

    op.create_table(
        "payments",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("number", sa.String(length=50), nullable=False),
        sa.Column(
            "customer_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "contract_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "installment_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=50), nullable=True),
        sa.Column("remark", sa.Text(), nullable=True),
        sa.Column(
            "owner_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column(
            "approved_owner_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "approved_team_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
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
        sa.CheckConstraint("amount > 0", name=op.f("ck_payments_positive_amount")),
        sa.ForeignKeyConstraint(
            ["approved_owner_id"],
            ["users.id"],
            name=op.f("fk_payments_approved_owner_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["approved_team_id"],
            ["teams.id"],
            name=op.f("fk_payments_approved_team_id_teams"),
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contracts.id"],
            name=op.f("fk_payments_contract_id_contracts"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_payments_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_payments_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["installment_id"],
            ["payment_installments.id"],
            name=op.f("fk_payments_installment_id_payment_installments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_payments_owner_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_payments_updated_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("number", name=op.f("uq_payments_number")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_payments_approved_owner_paid",
            ["approved_owner_id", "paid_on"],
            unique=False,
        )
        batch_op.create_index(
            "ix_payments_approved_team_paid",
            ["approved_team_id", "paid_on"],
            unique=False,
        )
        batch_op.create_index(
            "ix_payments_contract_status", ["contract_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_payments_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_payments_installment_id"), ["installment_id"], unique=False
        )
        batch_op.create_index(
            "ix_payments_owner_updated", ["owner_id", "updated_at"], unique=False
        )

    with op.batch_alter_table("followups", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "opportunity_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column(
                "contract_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )
        batch_op.create_index(
            "ix_followups_contract_occurred",
            ["contract_id", "occurred_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_followups_opportunity_occurred",
            ["opportunity_id", "occurred_at"],
            unique=False,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_followups_opportunity_id_opportunities"),
            "opportunities",
            ["opportunity_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_followups_contract_id_contracts"),
            "contracts",
            ["contract_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "pinned_nav",
                sa.JSON().with_variant(
                    postgresql.JSONB(astext_type=Text()), "postgresql"
                ),
                server_default="[]",
                nullable=False,
            )
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "must_change_password",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )


def _drop_schema() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")

    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.drop_column("pinned_nav")

    with op.batch_alter_table("followups", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_followups_contract_id_contracts"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_followups_opportunity_id_opportunities"), type_="foreignkey"
        )
        batch_op.drop_index("ix_followups_opportunity_occurred")
        batch_op.drop_index("ix_followups_contract_occurred")
        batch_op.drop_column("contract_id")
        batch_op.drop_column("opportunity_id")

    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index("ix_payments_owner_updated")
        batch_op.drop_index(batch_op.f("ix_payments_installment_id"))
        batch_op.drop_index(batch_op.f("ix_payments_customer_id"))
        batch_op.drop_index("ix_payments_contract_status")
        batch_op.drop_index("ix_payments_approved_team_paid")
        batch_op.drop_index("ix_payments_approved_owner_paid")

    op.drop_table("payments")
    with op.batch_alter_table("payment_installments", schema=None) as batch_op:
        batch_op.drop_index("ix_payment_installments_due")

    op.drop_table("payment_installments")
    with op.batch_alter_table("contract_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_lines_product_id"))
        batch_op.drop_index(batch_op.f("ix_contract_lines_contract_id"))

    op.drop_table("contract_lines")
    with op.batch_alter_table("opportunity_stage_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_opportunity_stage_changes_to_at")
        batch_op.drop_index("ix_opportunity_stage_changes_opp_at")

    op.drop_table("opportunity_stage_changes")
    with op.batch_alter_table("opportunity_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_opportunity_lines_product_id"))
        batch_op.drop_index(batch_op.f("ix_opportunity_lines_opportunity_id"))

    op.drop_table("opportunity_lines")
    op.drop_table("opportunity_contacts")
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_index("ix_contracts_status_end")
        batch_op.drop_index("ix_contracts_owner_updated")
        batch_op.drop_index("ix_contracts_owner_status")
        batch_op.drop_index(batch_op.f("ix_contracts_opportunity_id"))
        batch_op.drop_index(batch_op.f("ix_contracts_customer_id"))
        batch_op.drop_index("ix_contracts_approved_team_sign")
        batch_op.drop_index("ix_contracts_approved_owner_sign")

    op.drop_table("contracts")
    with op.batch_alter_table("approval_step_approvers", schema=None) as batch_op:
        batch_op.drop_index("ix_approval_step_approvers_user_decision")
        batch_op.drop_index(batch_op.f("ix_approval_step_approvers_request_id"))

    op.drop_table("approval_step_approvers")
    with op.batch_alter_table("opportunities", schema=None) as batch_op:
        batch_op.drop_index("ix_opportunities_owner_updated")
        batch_op.drop_index("ix_opportunities_owner_stage")
        batch_op.drop_index("ix_opportunities_owner_close")
        batch_op.drop_index(batch_op.f("ix_opportunities_customer_id"))

    op.drop_table("opportunities")
    op.drop_table("approval_steps")
    with op.batch_alter_table("approval_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_approval_actions_request_id"))
        batch_op.drop_index("ix_approval_actions_object")
        batch_op.drop_index("ix_approval_actions_actor_created")

    op.drop_table("approval_actions")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_products_name_normalized"))
        batch_op.drop_index(batch_op.f("ix_products_category_id"))

    op.drop_table("products")
    with op.batch_alter_table("performance_targets", schema=None) as batch_op:
        batch_op.drop_index("ix_performance_targets_year_metric")

    op.drop_table("performance_targets")
    with op.batch_alter_table("approval_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_approval_requests_submitter_status")
        batch_op.drop_index("ix_approval_requests_object")

    op.drop_table("approval_requests")
    op.drop_table("approval_flow_steps")
    op.drop_table("appearance_settings")
    with op.batch_alter_table("product_attributes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_attributes_category_id"))

    op.drop_table("product_attributes")
    with op.batch_alter_table("product_categories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_categories_parent_id"))

    op.drop_table("product_categories")
    op.drop_table("opportunity_stages")
    op.drop_table("number_sequences")
    op.drop_table("number_patterns")
    with op.batch_alter_table("approval_flows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_approval_flows_object_type"))

    op.drop_table("approval_flows")


_REP = (
    "opportunity.view",
    "opportunity.create",
    "opportunity.edit",
    "opportunity.delete",
    "contract.view",
    "contract.create",
    "contract.edit",
    "payment.view",
    "payment.create",
    "payment.edit",
)
GRANTS = {
    "admin": (*_REP, "product.manage", "contract.void", "target.manage"),
    "leader": (*_REP, "contract.void", "target.manage"),
    "rep": _REP,
    "executive": ("opportunity.view", "contract.view", "payment.view"),
    "finance": ("contract.view", "payment.view", "payment.create", "payment.edit"),
}


def upgrade() -> None:
    _create_schema()
    grant(GRANTS)


def downgrade() -> None:
    revoke(GRANTS)
    _drop_schema()

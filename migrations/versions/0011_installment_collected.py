"""installment collected, scope indexes

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 05:30:00

"""

# What an installment's approved payments collected, kept on it by triggers on
# payments (models/installment_collected.py), and an index of the open ones by
# due date: the to-do's installments due took ~1 s for everyone's installments
# at 200,000 payments, summing payments per installment. Also (1,000,000
# customers): live customers by owner and by creation time, so a team's
# customers and a month's new customers come from an index alone, and on
# PostgreSQL the follow-up tallies of a span of days likewise.

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.installment_collected import INSTALLMENT_COLLECTED

# revision identifiers, used by Alembic.
revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "collected < amount"
LIVE = "deleted_at IS NULL"
LIVE_CUSTOMER_INDEXES = (
    ("ix_customers_live_owner", ["owner_id", "id"]),
    ("ix_customers_live_created", ["created_at", "created_by_id"]),
)
TALLY_COVER = (
    "CREATE INDEX ix_followup_tallies_cover ON followup_tallies (grain, starts_on) "
    "INCLUDE (author_id, followup_type, followups)"
)


def upgrade() -> None:
    with op.batch_alter_table("payment_installments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "collected",
                sa.Numeric(precision=14, scale=2),
                server_default="0",
                nullable=False,
            )
        )
    INSTALLMENT_COLLECTED.install(op.get_bind())
    with op.batch_alter_table("payment_installments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_payment_installments_open_due",
            ["due_date", "contract_id"],
            unique=False,
            sqlite_where=sa.text(OPEN),
            postgresql_where=sa.text(OPEN),
        )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        for name, columns in LIVE_CUSTOMER_INDEXES:
            batch_op.create_index(
                name,
                columns,
                unique=False,
                sqlite_where=sa.text(LIVE),
                postgresql_where=sa.text(LIVE),
            )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TALLY_COVER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_followup_tallies_cover")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        for name, _columns in LIVE_CUSTOMER_INDEXES:
            batch_op.drop_index(name)
    INSTALLMENT_COLLECTED.uninstall(op.get_bind())
    with op.batch_alter_table("payment_installments", schema=None) as batch_op:
        batch_op.drop_index("ix_payment_installments_open_due")
        batch_op.drop_column("collected")

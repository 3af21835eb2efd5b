"""installment collected

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 05:30:00

"""

# What an installment's approved payments collected, kept on it by triggers on
# payments (models/installment_collected.py), and an index of the open ones by
# due date: the to-do's installments due took ~1 s for everyone's installments
# at 200,000 payments, summing payments per installment.

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


def downgrade() -> None:
    INSTALLMENT_COLLECTED.uninstall(op.get_bind())
    with op.batch_alter_table("payment_installments", schema=None) as batch_op:
        batch_op.drop_index("ix_payment_installments_open_due")
        batch_op.drop_column("collected")

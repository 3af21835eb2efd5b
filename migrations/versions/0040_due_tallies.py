"""due tallies: everyone's live owned customers by the day and month of their
next follow-up, and unpaid installments of approved contracts by due date

Revision ID: 0040
Revises: 0039
Create Date: 2026-11-24 10:00:00

"""

# Everyone's to-do counts read ~250,000 customers and ~77,000 installments by
# index (~35 ms); the rollups (models/due_tally.py) hold them in a few hundred
# rows.

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.due_tally import CUSTOMER_DUE_TALLIES, INSTALLMENT_DUE_TALLY

# revision identifiers, used by Alembic.
revision: str = "0040"
down_revision: str | Sequence[str] | None = "0039"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TALLIES = (*CUSTOMER_DUE_TALLIES.values(), INSTALLMENT_DUE_TALLY)


def upgrade() -> None:
    op.create_table(
        "customer_due_tallies",
        sa.Column("grain", sa.String(length=5), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("customers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "grain", "starts_on", name=op.f("pk_customer_due_tallies")
        ),
    )
    op.create_table(
        "installment_due_tallies",
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("installments", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("due_date", name=op.f("pk_installment_due_tallies")),
    )
    bind = op.get_bind()
    for tally in TALLIES:
        tally.install(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for tally in TALLIES:
        tally.uninstall(bind)
    op.drop_table("installment_due_tallies")
    op.drop_table("customer_due_tallies")

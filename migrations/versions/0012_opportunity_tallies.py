"""opportunity tallies

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23 05:55:00

"""

# Opportunities and amount per owner and stage of customers outside the recycle
# bin, kept by triggers on opportunities and customers
# (models/opportunity_tally.py): the opportunity list's stage tabs read them
# (~0.4 s for everyone's 600,000 opportunities before, bench/).

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.opportunity_tally import OPPORTUNITY_TALLY

# revision identifiers, used by Alembic.
revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "opportunity_tallies",
        sa.Column("owner_key", sa.Integer(), nullable=False),
        sa.Column(
            "stage_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("opportunities", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.PrimaryKeyConstraint(
            "owner_key", "stage_id", name=op.f("pk_opportunity_tallies")
        ),
    )
    OPPORTUNITY_TALLY.install(op.get_bind())


def downgrade() -> None:
    OPPORTUNITY_TALLY.uninstall(op.get_bind())
    op.drop_table("opportunity_tallies")

"""deal tallies: approved contracts and payments per owner and team at approval
and calendar month, with their number and amount

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-23 23:00:00

"""

# The performance pages, the home KPIs and the work statistics summed the
# approved contracts and payments of a period from their rows: everyone's year
# is ~120,000 contracts and ~240,000 payments (50 and 96 ms of the member
# table's SQL at 1,000,000 customers). Trigger-kept month rows
# (models/deal_tally.py) answer a period's whole months.

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.deal_tally import DEAL_TALLIES_0023

# revision identifiers, used by Alembic.
revision: str = "0023"
down_revision: str | Sequence[str] | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "deal_tallies",
        sa.Column("metric", sa.String(length=20), nullable=False),
        sa.Column("owner_key", BIG_ID, nullable=False),
        sa.Column("team_key", BIG_ID, nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.PrimaryKeyConstraint(
            "metric", "owner_key", "team_key", "month", name=op.f("pk_deal_tallies")
        ),
    )
    op.create_index(
        "ix_deal_tallies_metric_month",
        "deal_tallies",
        ["metric", "month"],
        postgresql_include=["owner_key", "team_key", "records", "amount"],
    )
    bind = op.get_bind()
    for tally in DEAL_TALLIES_0023.values():
        tally.install(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for tally in DEAL_TALLIES_0023.values():
        tally.uninstall(bind)
    op.drop_table("deal_tallies")

"""list and to-do indexes: live customers by region and stage, and by owner and
next follow-up; open installments by contract

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-23 16:50:00

"""

# A list filtered by province (or city) counts its stage tabs over every live
# customer of the region: at 1M customers an admin's province read 34,000 rows
# from the table (195 ms). These partial indexes answer the count alone.
# The follow-ups due of a leader's team (home, to-do) were counted by walking
# everyone's due follow-ups (43 ms): the owner's index now holds live customers
# only, so each member's range is read from the index alone. A rep's unpaid
# installments due were found among everyone's (16 ms), now from their
# contracts (1 ms).

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REGIONS = ("province", "city")
LIVE = sa.text("deleted_at IS NULL")
OWNER_NEXT_FOLLOWUP = "ix_customers_owner_next_followup"
OPEN_BY_CONTRACT = "ix_payment_installments_open_contract"
OPEN = sa.text("collected < amount")


def _owner_next_followup(where) -> None:
    op.drop_index(OWNER_NEXT_FOLLOWUP, table_name="customers")
    op.create_index(
        OWNER_NEXT_FOLLOWUP,
        "customers",
        ["owner_id", "next_followup_at"],
        sqlite_where=where,
        postgresql_where=where,
    )


def upgrade() -> None:
    for region in REGIONS:
        op.create_index(
            f"ix_customers_live_{region}_stage",
            "customers",
            [region, "stage", "owner_id"],
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        )
    _owner_next_followup(LIVE)
    op.create_index(
        OPEN_BY_CONTRACT,
        "payment_installments",
        ["contract_id", "due_date"],
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index(OPEN_BY_CONTRACT, table_name="payment_installments")
    _owner_next_followup(None)
    for region in REGIONS:
        op.drop_index(f"ix_customers_live_{region}_stage", table_name="customers")

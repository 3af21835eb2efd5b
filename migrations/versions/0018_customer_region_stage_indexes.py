"""live customers by region and stage

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-23 16:50:00

"""

# A list filtered by province (or city) counts its stage tabs over every live
# customer of the region: at 1M customers an admin's province read 34,000 rows
# from the table (195 ms). These partial indexes answer the count alone.

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


def upgrade() -> None:
    for region in REGIONS:
        op.create_index(
            f"ix_customers_live_{region}_stage",
            "customers",
            [region, "stage", "owner_id"],
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        )


def downgrade() -> None:
    for region in REGIONS:
        op.drop_index(f"ix_customers_live_{region}_stage", table_name="customers")

"""live owner updated index: the customer list's default sort per owner over
live customers only

Revision ID: 0036
Revises: 0035
Create Date: 2026-11-24 06:30:00

"""

# A leader's customer list (9 owners, newest first) took ix_customers_live_idle
# on SQLite, a partial index of live customers in the wrong order, and sorted
# the team's 18,000 customers for every page (~50 ms). Over a partial index in
# the list's order SQLite reads each owner's newest customers until the page
# is full (~5 ms). It replaces ix_customers_owner_updated.

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0036"
down_revision: str | Sequence[str] | None = "0035"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    op.drop_index("ix_customers_owner_updated", table_name="customers")
    op.create_index(
        "ix_customers_live_owner_updated",
        "customers",
        ["owner_id", "updated_at", "deleted_at"],
        sqlite_where=LIVE,
        postgresql_where=LIVE,
    )


def downgrade() -> None:
    op.drop_index("ix_customers_live_owner_updated", table_name="customers")
    op.create_index(
        "ix_customers_owner_updated", "customers", ["owner_id", "updated_at"]
    )

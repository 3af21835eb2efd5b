"""customer analytics index: the live customers created in a period with their
owner and the fields counted by, from the index alone

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-23 19:55:00

"""

# Customer analytics count the subject's new customers of a period by source,
# industry, level, province or stage. ix_customers_live_created held the
# creation time and the creator only, so an admin's month read 40,000 rows
# from 27,000 table pages (150 ms at 1,000,000 customers).

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

from models.customer import LIVE_CREATED_COLUMNS

# revision identifiers, used by Alembic.
revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ix_customers_live_created"
LIVE = text("deleted_at IS NULL")


def _live_created(columns: Sequence[str]) -> None:
    op.drop_index(NAME, table_name="customers")
    op.create_index(
        NAME, "customers", list(columns), sqlite_where=LIVE, postgresql_where=LIVE
    )


def upgrade() -> None:
    _live_created(LIVE_CREATED_COLUMNS)


def downgrade() -> None:
    _live_created(("created_at", "created_by_id"))

"""ix_customers_owner_last_followup also holds created_at and deleted_at

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-23 23:50:00

"""

# Customer analytics' "without follow-up for N days" counts every live
# customer per owner by its last follow-up (or, never followed up, its
# creation): with both columns and deleted_at in the index, from the index
# alone. At 1,000,000 customers an admin's took 1.6 s on SQLite (0.1 s now)
# and 190 ms on PostgreSQL (140 ms).

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0025"
down_revision: str | Sequence[str] | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ix_customers_owner_last_followup"


def _rebuild(columns: list[str]) -> None:
    op.drop_index(NAME, table_name="customers")
    op.create_index(NAME, "customers", columns)


def upgrade() -> None:
    _rebuild(["owner_id", "last_followup_at", "created_at", "deleted_at"])


def downgrade() -> None:
    _rebuild(["owner_id", "last_followup_at"])

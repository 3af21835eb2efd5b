"""pool conversion read from indexes: the moves out of the pool by time with
their owner and customer, and the contracts' customer index holds the status
and the approval time

Revision ID: 0041
Revises: 0040
Create Date: 2026-11-24 11:00:00

"""

# Claimed → signed groups a period's moves out of the pool by owner and
# customer and asks, for each, whether a contract of the customer was
# approved since: SQLite read every move and every contract from the tables
# (everyone's year: ~130 ms against PostgreSQL's ~60).

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0041"
down_revision: str | Sequence[str] | None = "0040"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOVES = "ix_pool_events_direction_created"
CONTRACTS = "ix_contracts_customer_id"


def _contracts_index(columns: list[str]) -> None:
    op.drop_index(CONTRACTS, table_name="contracts")
    op.create_index(CONTRACTS, "contracts", columns)


def upgrade() -> None:
    op.create_index(
        MOVES, "pool_events", ["direction", "created_at", "owner_id", "customer_id"]
    )
    _contracts_index(["customer_id", "status", "approved_at"])


def downgrade() -> None:
    op.drop_index(MOVES, table_name="pool_events")
    _contracts_index(["customer_id"])

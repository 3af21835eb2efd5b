"""pool events' period index holds the reason

Revision ID: 0038
Revises: 0037
Create Date: 2026-11-24 08:00:00

"""

# Pool flows count a period's moves by reason: SQLite read each of a year's
# events from the table for it (~100 ms against PostgreSQL's ~20).

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0038"
down_revision: str | Sequence[str] | None = "0037"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_pool_events_created"


def _index(columns: list[str]) -> None:
    op.drop_index(INDEX, table_name="pool_events")
    op.create_index(INDEX, "pool_events", columns)


def upgrade() -> None:
    _index(["created_at", "direction", "reason"])


def downgrade() -> None:
    _index(["created_at", "direction"])

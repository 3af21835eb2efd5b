"""The recycle bin's customers get their own index; an opportunity's moves are
read from ix_opportunity_stage_changes_opp_at alone; those closed since a day
from ix_opportunities_stage_changed

Revision ID: 0028
Revises: 0027
Create Date: 2026-11-24 01:40:00

"""

# The funnel selects a period's opportunities and reads their moves. The
# recycle-bin check probed each opportunity's customer in the table, and each
# move was read from the table for its stage and when it was left: a
# leader's month of conversion took 136 ms, 60 ms from these indexes. Those
# won or lost in a period were found among every opportunity (80 ms for
# everyone's month), now from an index by stage and when it was entered.

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0028"
down_revision: str | Sequence[str] | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BINNED = "deleted_at IS NOT NULL"
MOVES = "ix_opportunity_stage_changes_opp_at"
MOVE_KEY = ["opportunity_id", "changed_at"]
STAGE_CHANGED = [
    "stage_id",
    "stage_changed_at",
    "owner_id",
    "amount",
    "customer_id",
    "id",
]


def _moves_index(columns: list[str]) -> None:
    op.drop_index(MOVES, table_name="opportunity_stage_changes")
    op.create_index(MOVES, "opportunity_stage_changes", columns)


def upgrade() -> None:
    op.create_index(
        "ix_customers_binned",
        "customers",
        ["id", "deleted_at"],
        sqlite_where=sa.text(BINNED),
        postgresql_where=sa.text(BINNED),
    )
    _moves_index([*MOVE_KEY, "to_stage_id", "left_at"])
    op.create_index("ix_opportunities_stage_changed", "opportunities", STAGE_CHANGED)


def downgrade() -> None:
    op.drop_index("ix_opportunities_stage_changed", table_name="opportunities")
    _moves_index(MOVE_KEY)
    op.drop_index("ix_customers_binned", table_name="customers")

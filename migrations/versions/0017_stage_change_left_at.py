"""when each opportunity stage change was left

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-23 12:10:00

"""

# opportunity_stage_changes.left_at: when the next move took the opportunity on.
# The funnel's average days in a stage numbered every move with a window to find
# it (3.7 s of the 8 s stage conversion for everyone at 1M customers, bench/).

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "opportunity_stage_changes", sa.Column("left_at", sa.DateTime(), nullable=True)
    )
    op.execute(
        """
        UPDATE opportunity_stage_changes SET left_at = later.next_at
        FROM (
            SELECT id, LEAD(changed_at) OVER (
                PARTITION BY opportunity_id ORDER BY changed_at, id
            ) AS next_at
            FROM opportunity_stage_changes
        ) AS later
        WHERE later.id = opportunity_stage_changes.id AND later.next_at IS NOT NULL
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("opportunity_stage_changes") as batch_op:
        batch_op.drop_column("left_at")

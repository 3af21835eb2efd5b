"""approval_step_approvers.asked_at: an approver's cycle time without reading
the step; approval analytics read a period's decisions from indexes alone

Revision ID: 0030
Revises: 0029
Create Date: 2026-11-24 01:50:00

"""

# Cycle time per approver joined a period's decisions to their steps for the
# activation time (a month of everyone's: 128,000 decisions hashed against 1.2
# million steps), then read each decision from the table. The approver rows
# now carry their step's activation and the period indexes hold what the
# cycle-time tables read.

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0030"
down_revision: str | Sequence[str] | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPROVERS = "approval_step_approvers"
STEPS_INDEX = ("ix_approval_steps_decided", "approval_steps")
APPROVERS_INDEX = ("ix_approval_step_approvers_decided", APPROVERS)


def _rebuild(index: tuple[str, str], columns: list[str]) -> None:
    name, table = index
    op.drop_index(name, table_name=table)
    op.create_index(name, table, columns)


def upgrade() -> None:
    op.add_column(APPROVERS, sa.Column("asked_at", sa.DateTime(), nullable=True))
    op.execute(
        f"UPDATE {APPROVERS} SET asked_at = s.activated_at FROM approval_steps s "
        f"WHERE s.id = {APPROVERS}.step_id AND s.activated_at IS NOT NULL"
    )
    _rebuild(
        STEPS_INDEX, ["decided_at", "status", "activated_at", "request_id", "position"]
    )
    _rebuild(
        APPROVERS_INDEX,
        ["decided_at", "user_id", "decision", "asked_at", "request_id"],
    )


def downgrade() -> None:
    _rebuild(APPROVERS_INDEX, ["decided_at"])
    _rebuild(STEPS_INDEX, ["decided_at"])
    with op.batch_alter_table(APPROVERS) as batch:
        batch.drop_column("asked_at")

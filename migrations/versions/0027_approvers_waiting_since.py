"""approval_step_approvers.waiting_since: what waits for whom now

Revision ID: 0027
Revises: 0026
Create Date: 2026-11-24 01:00:00

"""

# Pending bottlenecks and "waiting for my approval" read the undecided
# approvers of the active steps of pending requests. Undecided rows are mostly
# of closed steps (an "any" step's other approvers stay undecided): an admin's
# pending table joined 977,000 of them to their steps to keep 70,000. The
# column marks the ones waiting now, and a partial index holds just those.

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0027"
down_revision: str | Sequence[str] | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "approval_step_approvers"
WAITING = "waiting_since IS NOT NULL"


def upgrade() -> None:
    op.add_column(TABLE, sa.Column("waiting_since", sa.DateTime(), nullable=True))
    op.execute(
        f"""
        UPDATE {TABLE} SET waiting_since = (
            SELECT s.activated_at FROM approval_steps s WHERE s.id = {TABLE}.step_id
        )
        WHERE decision IS NULL AND step_id IN (
            SELECT s.id FROM approval_steps s
            JOIN approval_requests r ON r.id = s.request_id
            WHERE s.status = 'active' AND r.status = 'pending'
        )
        """
    )
    op.drop_index("ix_approval_step_approvers_undecided", table_name=TABLE)
    op.create_index(
        "ix_approval_step_approvers_waiting",
        TABLE,
        ["user_id", "waiting_since", "request_id"],
        sqlite_where=sa.text(WAITING),
        postgresql_where=sa.text(WAITING),
    )


def downgrade() -> None:
    op.drop_index("ix_approval_step_approvers_waiting", table_name=TABLE)
    op.create_index(
        "ix_approval_step_approvers_undecided",
        TABLE,
        ["user_id"],
        sqlite_where=sa.text("decision IS NULL"),
        postgresql_where=sa.text("decision IS NULL"),
    )
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_column("waiting_since")

"""request submitter copies: approval steps and approvers carry their
request's submitter, indexed with the decision time

Revision ID: 0039
Revises: 0038
Create Date: 2026-11-24 08:00:00

"""

# A leader's year of cycle times hashed a million decided steps against the
# scope's 17,000 requests (~160 ms). With the submitter on the decision, the
# scope's decisions of a period are an index range per submitter in view
# (models/request_submitter.py).

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.request_submitter import APPROVER_SUBMITTER, STEP_SUBMITTER

# revision identifiers, used by Alembic.
revision: str = "0039"
down_revision: str | Sequence[str] | None = "0038"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COPIES = {
    "approval_steps": (STEP_SUBMITTER, "ix_approval_steps_submitter_decided"),
    "approval_step_approvers": (
        APPROVER_SUBMITTER,
        "ix_approval_step_approvers_submitter_decided",
    ),
}


def upgrade() -> None:
    bind = op.get_bind()
    for table, (copy, index) in COPIES.items():
        # A plain ALTER: a batch copy of the table on SQLite would break the
        # triggers that name it.
        column = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
        op.add_column(table, sa.Column("submitter_id", column))
        copy.install(bind)
        op.create_index(index, table, ["submitter_id", "decided_at"])


def downgrade() -> None:
    bind = op.get_bind()
    for table, (copy, index) in COPIES.items():
        op.drop_index(index, table_name=table)
        copy.uninstall(bind)
        op.drop_column(table, "submitter_id")

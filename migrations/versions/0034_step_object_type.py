"""step object type: each approval step carries its request's record type;
the steps' period index holds it and a second index serves one record type's
step

Revision ID: 0034
Revises: 0033
Create Date: 2026-11-24 05:30:00

"""

# Cycle time per step joined a period's steps to their requests for the record
# type: everyone's month of 128,000 steps hashed against 900,000 requests
# (~250 ms), and a drill-down joined every step of the period before picking
# its page. Triggers now copy the record type onto the step
# (models/step_request.py).

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.step_request import STEP_REQUEST

# revision identifiers, used by Alembic.
revision: str = "0034"
down_revision: str | Sequence[str] | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STEPS = "approval_steps"
DECIDED_INDEX = "ix_approval_steps_decided"
TYPE_INDEX = "ix_approval_steps_type_position"
DECIDED = ["decided_at", "status", "activated_at"]


def _decided_index(columns: list[str]) -> None:
    op.drop_index(DECIDED_INDEX, table_name=STEPS)
    op.create_index(DECIDED_INDEX, STEPS, columns)


def upgrade() -> None:
    # A plain ALTER: a batch copy of the table on SQLite would break the
    # triggers that name it.
    op.add_column(STEPS, sa.Column("object_type", sa.String(length=20)))
    STEP_REQUEST.install(op.get_bind())
    _decided_index([*DECIDED, "object_type", "position", "request_id"])
    op.create_index(
        TYPE_INDEX,
        STEPS,
        [
            "object_type",
            "position",
            "decided_at",
            "status",
            "activated_at",
            "request_id",
        ],
    )


def downgrade() -> None:
    op.drop_index(TYPE_INDEX, table_name=STEPS)
    _decided_index([*DECIDED, "request_id", "position"])
    STEP_REQUEST.uninstall(op.get_bind())
    op.drop_column(STEPS, "object_type")

"""a scope's approval decisions read from the submitter indexes alone, and
the requests a user approves with their submitters

Revision ID: 0042
Revises: 0041
Create Date: 2026-11-24 13:00:00

"""

# A leader's cycle times and drill-downs read each decision of the team's
# submitters from its table (SQLite, a year: ~19,500 steps, 10 ms of the 50),
# and which requests the leader approves outside the team from every approver
# row of theirs (~5,700).

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0042"
down_revision: str | Sequence[str] | None = "0041"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    # index: (table, columns before, columns after)
    "ix_approval_steps_submitter_decided": (
        "approval_steps",
        ["submitter_id", "decided_at"],
        [
            "submitter_id",
            "decided_at",
            "status",
            "activated_at",
            "object_type",
            "position",
            "hours_taken",
            "request_id",
        ],
    ),
    "ix_approval_step_approvers_submitter_decided": (
        "approval_step_approvers",
        ["submitter_id", "decided_at"],
        [
            "submitter_id",
            "decided_at",
            "user_id",
            "decision",
            "asked_at",
            "hours_taken",
            "step_id",
            "request_id",
        ],
    ),
    "ix_approval_step_approvers_user_decision": (
        "approval_step_approvers",
        ["user_id", "decision"],
        ["user_id", "decision", "submitter_id", "request_id"],
    ),
}


def _recreate(columns_at: int) -> None:
    for index, (table, *columns) in INDEXES.items():
        op.drop_index(index, table_name=table)
        op.create_index(index, table, columns[columns_at])


def upgrade() -> None:
    _recreate(1)


def downgrade() -> None:
    _recreate(0)

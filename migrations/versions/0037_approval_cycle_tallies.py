"""approval cycle tallies: steps' and approvers' whole hours taken (generated
columns, indexed by step and by approver) and a rollup of decisions per step
and per approver by month, whole hours and decision

Revision ID: 0037
Revises: 0036
Create Date: 2026-11-24 07:30:00

"""

# Everyone's cycle times sorted every decision of the period for the median:
# a year of a million steps took ~0.8 s. The rollup (models/
# approval_cycle_tally.py) counts them; the median reads one hour's decisions.

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.approval_cycle_tally import APPROVAL_CYCLE_TALLIES
from models.whole_hours import whole_hours

# revision identifiers, used by Alembic.
revision: str = "0037"
down_revision: str | Sequence[str] | None = "0036"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table → (the start of its time taken, its index on the hours)
TABLES = {
    "approval_steps": (
        "activated_at",
        "ix_approval_steps_type_hours",
        ["object_type", "position", "hours_taken", "decided_at", "status"],
    ),
    "approval_step_approvers": (
        "asked_at",
        "ix_approval_step_approvers_hours",
        ["user_id", "hours_taken", "decided_at", "decision"],
    ),
}


def upgrade() -> None:
    bind = op.get_bind()
    # SQLite adds only virtual generated columns to a table (a plain ALTER: a
    # batch copy would break the triggers that name it); PostgreSQL stores them.
    stored = bind.dialect.name == "postgresql"
    for table, (start, index, columns) in TABLES.items():
        hours = sa.Computed(whole_hours(start, "decided_at"), persisted=stored)
        op.add_column(table, sa.Column("hours_taken", sa.Integer(), hours))
        op.create_index(index, table, [*columns, start])
    op.create_table(
        "approval_cycle_tallies",
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("object_type", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "user_key",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("hours_taken", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("decisions", sa.Integer(), nullable=False),
        sa.Column("hours", sa.Numeric(30, 12), nullable=False),
        sa.PrimaryKeyConstraint(
            "kind",
            "month",
            "object_type",
            "position",
            "user_key",
            "hours_taken",
            "decision",
            name=op.f("pk_approval_cycle_tallies"),
        ),
    )
    for tally in APPROVAL_CYCLE_TALLIES.values():
        tally.install(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for tally in APPROVAL_CYCLE_TALLIES.values():
        tally.uninstall(bind)
    op.drop_table("approval_cycle_tallies")
    for table, (_start, index, _columns) in TABLES.items():
        op.drop_index(index, table_name=table)
        op.drop_column(table, "hours_taken")

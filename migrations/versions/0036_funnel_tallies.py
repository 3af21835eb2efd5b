"""funnel tallies: opportunities per status and set of visited stages and
ended stays per stage, per owner and for everyone, by closing month (open ones apart)

Revision ID: 0036
Revises: 0035
Create Date: 2026-11-24 07:00:00

"""

# The stage conversion joined every selected opportunity to its moves for how
# far it got and how long it stayed: everyone's year ~1 s. Triggers now keep
# each opportunity's visited stages (models/opportunity_visits.py), copy the
# opportunity onto its moves (models/move_opportunity.py) and roll both up
# (models/funnel_tally.py).

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.funnel_tally import FUNNEL_TALLIES
from models.move_opportunity import MOVE_OPPORTUNITY
from models.opportunity_visits import OPPORTUNITY_VISITS

# revision identifiers, used by Alembic.
revision: str = "0036"
down_revision: str | Sequence[str] | None = "0035"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOVES = "opportunity_stage_changes"
CUSTOMER_INDEX = "ix_opportunity_stage_changes_customer"
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
COPIES = {
    "opportunity_owner_id": BIG_ID,
    "opportunity_status": sa.String(length=10),
    "opportunity_stage_changed_at": sa.DateTime(),
    "customer_id": BIG_ID,
}


def _keys(last: sa.Column) -> list[sa.Column]:
    return [
        sa.Column("everyone", sa.Integer(), nullable=False),
        sa.Column("owner_key", BIG_ID, nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        last,
    ]


def upgrade() -> None:
    # Plain ALTERs: a batch copy of a table on SQLite would break the triggers
    # that name it.
    op.add_column("opportunities", sa.Column("visited_stages", sa.String(200)))
    for name, type_ in COPIES.items():
        op.add_column(MOVES, sa.Column(name, type_))
    op.create_index(CUSTOMER_INDEX, MOVES, ["customer_id"])
    op.create_table(
        "funnel_path_tallies",
        *_keys(sa.Column("status", sa.String(length=10), nullable=False)),
        sa.Column("visited", sa.String(length=200), nullable=False),
        sa.Column("opportunities", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "everyone",
            "owner_key",
            "month",
            "status",
            "visited",
            name=op.f("pk_funnel_path_tallies"),
        ),
    )
    op.create_table(
        "funnel_stay_tallies",
        *_keys(sa.Column("stage_id", BIG_ID, nullable=False)),
        sa.Column("stays", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Numeric(24, 6), nullable=False),
        sa.PrimaryKeyConstraint(
            "everyone",
            "owner_key",
            "month",
            "stage_id",
            name=op.f("pk_funnel_stay_tallies"),
        ),
    )
    bind = op.get_bind()
    # The copies first: the tallies count from them.
    for tally in (OPPORTUNITY_VISITS, MOVE_OPPORTUNITY, *FUNNEL_TALLIES.values()):
        tally.install(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for tally in (*FUNNEL_TALLIES.values(), MOVE_OPPORTUNITY, OPPORTUNITY_VISITS):
        tally.uninstall(bind)
    op.drop_table("funnel_stay_tallies")
    op.drop_table("funnel_path_tallies")
    op.drop_index(CUSTOMER_INDEX, table_name=MOVES)
    for name in reversed(COPIES):
        op.drop_column(MOVES, name)
    op.drop_column("opportunities", "visited_stages")

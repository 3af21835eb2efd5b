"""tally clock: the follow-up tallies' days start at the company's midnight

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-23 19:30:00

"""

# The follow-up tallies counted UTC days, so every company-zone day of a report
# (UTC+8: 16:00 to 16:00) read 24 hours of follow-ups from the table itself
# (the activity trend of everyone's year: ~1.6 s at 10 million follow-ups).
# Their days now start at UTC + tally_clock.offset_minutes. The clock starts at
# 0 (UTC, what the rows hold now); `pelago init-db` sets it to the company's
# zone and recounts (services/tally_clock.py).

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.followup_tally import FOLLOWUP_TALLY, UTC_FOLLOWUP_TALLY

# revision identifiers, used by Alembic.
revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tally_clock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offset_minutes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tally_clock")),
    )
    bind = op.get_bind()
    UTC_FOLLOWUP_TALLY.uninstall(bind)
    FOLLOWUP_TALLY.install(bind)


def downgrade() -> None:
    bind = op.get_bind()
    FOLLOWUP_TALLY.uninstall(bind)
    op.drop_table("tally_clock")
    UTC_FOLLOWUP_TALLY.install(bind)

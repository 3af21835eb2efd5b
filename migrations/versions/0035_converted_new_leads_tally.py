"""converted new leads tally: the new leads converted since, per creator by
day, week and month of creation on the tally clock

Revision ID: 0035
Revises: 0034
Create Date: 2026-11-24 06:00:00

"""

# The funnel's lead → customer table counted a period's new leads and those
# converted from the leads themselves: everyone's year on SQLite took 0.45 s.
# The new leads came from the activity tallies already; the converted ones of
# them now do too (models/activity_tally.py "new_leads_converted").

from collections.abc import Sequence

from alembic import op

from models.activity_tally import ACTIVITY_TALLIES

# revision identifiers, used by Alembic.
revision: str = "0035"
down_revision: str | Sequence[str] | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TALLIES = ACTIVITY_TALLIES["new_leads_converted"].values()


def upgrade() -> None:
    bind = op.get_bind()
    for tally in TALLIES:
        tally.install(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for tally in TALLIES:
        tally.uninstall(bind)
    op.execute("DELETE FROM activity_tallies WHERE metric = 'new_leads_converted'")

"""tally clock: the follow-up tallies' days start at the company's midnight,
keyed by author first

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-23 19:30:00

"""

# The follow-up tallies counted UTC days, so every company-zone day of a report
# (UTC+8: 16:00 to 16:00) read 24 hours of follow-ups from the table itself
# (the activity trend of everyone's year: ~1.6 s at 10 million follow-ups).
# Their days now start at UTC + tally_clock.offset_minutes. The clock starts at
# 0 (UTC); `pelago init-db` sets it to the company's zone and recounts
# (services/tally_clock.py). The key now starts with the author: PostgreSQL 15
# scans a date range once per author of an `author_id = ANY(…)` list, so a
# leader's 9 members read 9 times everyone's rows of the range. Everyone's
# rows of a range come from the (grain, starts_on) index (which replaces
# migration 0011's ix_followup_tallies_cover).

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.followup_tally import FOLLOWUP_TALLY, UTC_FOLLOWUP_TALLY

# revision identifiers, used by Alembic.
revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _create_tallies(*key: str) -> None:
    op.create_table(
        "followup_tallies",
        sa.Column("grain", sa.String(length=5), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column(
            "author_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("followup_type", sa.String(length=50), nullable=False),
        sa.Column("followups", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*key, name=op.f("pk_followup_tallies")),
    )


def upgrade() -> None:
    op.create_table(
        "tally_clock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offset_minutes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tally_clock")),
    )
    bind = op.get_bind()
    UTC_FOLLOWUP_TALLY.uninstall(bind)
    op.drop_table("followup_tallies")
    _create_tallies("grain", "author_id", "starts_on", "followup_type")
    op.create_index(
        "ix_followup_tallies_grain_starts",
        "followup_tallies",
        ["grain", "starts_on"],
        postgresql_include=["author_id", "followup_type", "followups"],
    )
    FOLLOWUP_TALLY.install(bind)


def downgrade() -> None:
    bind = op.get_bind()
    FOLLOWUP_TALLY.uninstall(bind)
    op.drop_table("followup_tallies")
    op.drop_table("tally_clock")
    _create_tallies("grain", "starts_on", "author_id", "followup_type")
    if bind.dialect.name == "postgresql":  # as migration 0011 left it
        op.execute(
            "CREATE INDEX ix_followup_tallies_cover ON followup_tallies "
            "(grain, starts_on) INCLUDE (author_id, followup_type, followups)"
        )
    UTC_FOLLOWUP_TALLY.install(bind)

"""customer touch tallies: live owned customers per owner by the clock day and
month of their last follow-up (or creation, never followed up)

Revision ID: 0033
Revises: 0032
Create Date: 2026-11-24 05:00:00

"""

# "Without follow-up for N days" read every current customer of the subject
# for its last follow-up: ~100 ms for an admin's million customers.
# Trigger-kept day and month rows (models/customer_touch_tally.py) count the
# customers touched before a day.

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.customer_touch_tally import CUSTOMER_TOUCH_TALLIES

# revision identifiers, used by Alembic.
revision: str = "0033"
down_revision: str | Sequence[str] | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "customer_touch_tallies",
        sa.Column("grain", sa.String(length=5), nullable=False),
        sa.Column(
            "owner_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("never", sa.Integer(), nullable=False),
        sa.Column("customers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "grain",
            "owner_id",
            "starts_on",
            "never",
            name=op.f("pk_customer_touch_tallies"),
        ),
    )
    op.create_index(
        "ix_customer_touch_tallies_grain_starts",
        "customer_touch_tallies",
        ["grain", "starts_on"],
        postgresql_include=["owner_id", "never", "customers"],
    )
    bind = op.get_bind()
    for tally in CUSTOMER_TOUCH_TALLIES.values():
        tally.install(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for tally in CUSTOMER_TOUCH_TALLIES.values():
        tally.uninstall(bind)
    op.drop_table("customer_touch_tallies")

"""customer field tallies: live owned customers per field value, owner (and
everyone) and month of creation on the tally clock

Revision ID: 0032
Revises: 0031
Create Date: 2026-11-24 04:30:00

"""

# Customer analytics counted a period's new customers per source, industry,
# level, region or stage from an index of every customer: an admin's year of
# 680,000 new customers took ~100 ms. Trigger-kept month rows
# (models/customer_field_tally.py) answer the period's whole months; everyone's
# have their own rows, so that an admin reads ~400 of them.

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.customer_field_tally import CUSTOMER_FIELD_TALLY

# revision identifiers, used by Alembic.
revision: str = "0032"
down_revision: str | Sequence[str] | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "customer_field_tallies",
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column(
            "owner_key",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("value", sa.String(length=50), nullable=False),
        sa.Column("customers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "field",
            "owner_key",
            "month",
            "value",
            name=op.f("pk_customer_field_tallies"),
        ),
    )
    CUSTOMER_FIELD_TALLY.install(op.get_bind())


def downgrade() -> None:
    CUSTOMER_FIELD_TALLY.uninstall(op.get_bind())
    op.drop_table("customer_field_tallies")

"""tallies: customers and contacts per owner and stage, follow-ups per author and day

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 04:40:00

"""

# Trigger-kept rollups (models/tally.py), measured with bench/ at 1,000,000
# customers and 10,000,000 follow-ups: the customer list and the pool count their
# stage tabs (and the contact list its total, from each customer's contact_count)
# from a few hundred rows instead of every customer, and the reports
# count follow-ups from whole days and months. Counting what is already there
# takes a while on a big database (~1 min for 10 million follow-ups).

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.customer_tally import CONTACT_COUNT, CUSTOMER_TALLY
from models.followup_tally import UTC_FOLLOWUP_TALLY

# revision identifiers, used by Alembic.
revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "customer_tallies",
        sa.Column("owner_key", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("customers", sa.Integer(), nullable=False),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("owner_key", "stage", name=op.f("pk_customer_tallies")),
    )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("contact_count", sa.Integer(), server_default="0", nullable=False)
        )
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
        sa.PrimaryKeyConstraint(
            "grain",
            "starts_on",
            "author_id",
            "followup_type",
            name=op.f("pk_followup_tallies"),
        ),
    )
    bind = op.get_bind()
    for tally in (CONTACT_COUNT, CUSTOMER_TALLY, UTC_FOLLOWUP_TALLY):  # counts first
        tally.install(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for tally in (UTC_FOLLOWUP_TALLY, CUSTOMER_TALLY, CONTACT_COUNT):
        tally.uninstall(bind)
    op.drop_table("followup_tallies")
    op.drop_table("customer_tallies")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_column("contact_count")

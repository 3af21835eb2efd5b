"""installment contract: each installment carries its contract's status and
owner; open installments of approved contracts indexed by due date and owner

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-23 20:00:00

"""

# The to-do counts and the overdue receivables joined the open installments to
# their contracts for the status and the owner: an admin's 79,000 open
# installments to 250,000 approved contracts (~150 ms at 300,000 contracts).
# Triggers now copy both onto the installment (models/installment_contract.py)
# and two partial indexes answer from the installments alone; they replace
# the open-installment indexes of migrations 0011 and 0018.

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.contract import RECEIVABLE
from models.installment_contract import INSTALLMENT_CONTRACT

# revision identifiers, used by Alembic.
revision: str = "0022"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("collected < amount")
OPEN_INDEXES = (
    ("ix_payment_installments_open_due", ["due_date", "contract_id"]),
    ("ix_payment_installments_open_contract", ["contract_id", "due_date"]),
)
RECEIVABLE_INDEXES = (
    ("ix_payment_installments_receivable_due", ["due_date", "contract_owner_id"]),
    ("ix_payment_installments_receivable_owner", ["contract_owner_id", "due_date"]),
)


def upgrade() -> None:
    # Plain ALTERs: a batch copy of the table on SQLite would break the
    # triggers on payments that name it (models/installment_collected.py).
    op.add_column(
        "payment_installments", sa.Column("contract_status", sa.String(length=10))
    )
    op.add_column(
        "payment_installments",
        sa.Column(
            "contract_owner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite")
        ),
    )
    INSTALLMENT_CONTRACT.install(op.get_bind())
    for name, _columns in OPEN_INDEXES:
        op.drop_index(name, table_name="payment_installments")
    where = sa.text(RECEIVABLE)
    for name, columns in RECEIVABLE_INDEXES:
        op.create_index(
            name,
            "payment_installments",
            [*columns, "amount", "collected"],
            sqlite_where=where,
            postgresql_where=where,
        )


def downgrade() -> None:
    for name, _columns in RECEIVABLE_INDEXES:
        op.drop_index(name, table_name="payment_installments")
    for name, columns in OPEN_INDEXES:
        op.create_index(
            name,
            "payment_installments",
            columns,
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        )
    INSTALLMENT_CONTRACT.uninstall(op.get_bind())
    op.drop_column("payment_installments", "contract_owner_id")
    op.drop_column("payment_installments", "contract_status")

"""Revision 0040 counts an existing database's customers by their next
follow-up and its unpaid installments by due date into the due tallies; the
downgrade takes them away."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import insert, select

from models import Contract, Customer, PaymentInstallment
from services.schema import alembic_config, upgrade_database
from tests.migration_support import add_user

DUE = dt.datetime(2026, 3, 10, 4, 0)
CUSTOMERS = [  # id, owner, next follow-up, deleted
    (1, 1, DUE, None),
    (2, 1, DUE + dt.timedelta(hours=1), None),
    (3, None, DUE, None),  # in the pool
    (4, 1, DUE, DUE),  # in the recycle bin
    (5, 1, None, None),
]
INSTALLMENTS = [  # id, contract, due, amount, collected
    (1, 1, DUE.date(), "100", "0"),
    (2, 1, DUE.date(), "100", "40"),
    (3, 1, DUE.date(), "100", "100"),  # paid
    (4, 2, DUE.date(), "100", "0"),  # of a pending contract
]


@pytest.mark.parametrize("isolated_engine", ["sqlite", "postgresql"], indirect=True)
def test_upgrade_counts_what_falls_due_and_downgrade_drops_it(isolated_engine):
    upgrade_database(isolated_engine, "0039")
    add_user(isolated_engine)
    with isolated_engine.begin() as connection:
        connection.execute(
            insert(Customer.__table__),
            [
                {
                    "id": i,
                    "name": f"C{i}",
                    "name_normalized": f"c{i}",
                    "owner_id": owner,
                    "next_followup_at": due,
                    "deleted_at": deleted,
                }
                for i, owner, due, deleted in CUSTOMERS
            ],
        )
        connection.execute(
            insert(Contract.__table__).values(
                customer_id=1,
                name="K",
                name_normalized="k",
                amount=1000,
                owner_id=1,
                sign_date=DUE.date(),
            ),
            [
                {"id": 1, "number": "K1", "status": "approved"},
                {"id": 2, "number": "K2", "status": "pending"},
            ],
        )
        connection.execute(
            insert(PaymentInstallment.__table__),
            [
                {
                    "id": i,
                    "contract_id": contract,
                    "sequence": i,
                    "due_date": due,
                    "amount": Decimal(amount),
                    "collected": Decimal(collected),
                    "contract_status": "approved" if contract == 1 else "pending",
                }
                for i, contract, due, amount, collected in INSTALLMENTS
            ],
        )

    upgrade_database(isolated_engine, "0040")

    with isolated_engine.connect() as connection:
        customers = connection.execute(
            sa.text(
                "SELECT grain, starts_on, customers FROM customer_due_tallies "
                "ORDER BY grain"
            )
        ).all()
        installments = connection.execute(
            sa.text("SELECT due_date, installments FROM installment_due_tallies")
        ).all()
    # The tally clock is UTC until a time zone sets it.
    assert [(g, str(day), n) for g, day, n in customers] == [
        ("day", "2026-03-10", 2),
        ("month", "2026-03-01", 2),
    ]
    assert [(str(day), n) for day, n in installments] == [("2026-03-10", 2)]

    with isolated_engine.connect() as connection:
        command.downgrade(alembic_config(connection), "0039")
        connection.commit()
    tables = sa.inspect(isolated_engine).get_table_names()
    assert not {"customer_due_tallies", "installment_due_tallies"} & set(tables)
    # The triggers went with them: customers and installments still write.
    with isolated_engine.begin() as connection:
        for table in (Customer.__table__, PaymentInstallment.__table__):
            connection.execute(sa.update(table).where(table.c.id == 1).values(id=1))
        assert connection.scalar(select(sa.func.count()).select_from(Customer)) == 5

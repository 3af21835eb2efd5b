"""Revision 0031 copies each contract's sign date onto its payments and adds
the payments' amount × days to collect to the deal tallies of an existing
database; the copy follows a later change of the sign date. The downgrade
takes both away and leaves the tallies counting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import insert, select, update

from models import Contract, Customer, DealTally, Payment
from services.schema import alembic_config, upgrade_database

SIGNED = {1: dt.date(2026, 1, 10), 2: dt.date(2026, 2, 1)}
PAYMENTS = [  # id, contract, amount, paid on, status
    (1, 1, "100.00", dt.date(2026, 3, 1), "approved"),  # 50 days
    (2, 1, "50.00", dt.date(2026, 3, 11), "approved"),  # 60 days
    (3, 2, "10.00", dt.date(2026, 3, 3), "approved"),  # 30 days
    (4, 2, "999.00", dt.date(2026, 3, 4), "draft"),
]


def _weighted_days(engine) -> Decimal:
    """The March payment tally rows' Σ amount × days."""
    with engine.connect() as connection:
        found = connection.scalar(
            select(sa.func.sum(DealTally.weighted_days)).where(
                DealTally.metric == "payment_amount",
                DealTally.month == dt.date(2026, 3, 1),
            )
        )
    return Decimal(str(found)).quantize(Decimal("0.01"))


@pytest.mark.parametrize("isolated_engine", ["sqlite", "postgresql"], indirect=True)
def test_upgrade_fills_the_days_to_collect_and_downgrade_drops_them(
    isolated_engine,
):
    upgrade_database(isolated_engine, "0030")
    with isolated_engine.begin() as connection:
        connection.execute(
            insert(Customer.__table__).values(id=1, name="C", name_normalized="c")
        )
        connection.execute(
            insert(Contract.__table__).values(
                customer_id=1, name="K", name_normalized="k", amount=1000
            ),
            [
                {"id": c, "number": f"K{c}", "sign_date": day, "status": "approved"}
                for c, day in SIGNED.items()
            ],
        )
        connection.execute(
            insert(Payment.__table__).values(customer_id=1),
            [
                {
                    "id": p,
                    "number": f"P{p}",
                    "contract_id": c,
                    "amount": Decimal(amount),
                    "paid_on": day,
                    "status": status,
                }
                for p, c, amount, day, status in PAYMENTS
            ],
        )

    upgrade_database(isolated_engine, "0031")

    payments = Payment.__table__
    with isolated_engine.connect() as connection:
        copies = dict(
            connection.execute(
                select(payments.c.id, payments.c.contract_sign_date)
            ).all()
        )
    assert copies == {p: SIGNED[c] for p, c, *_rest in PAYMENTS}
    assert _weighted_days(isolated_engine) == Decimal("8300.00")  # 5000+3000+300

    # The contract signed a day later: its payments took a day less.
    with isolated_engine.begin() as connection:
        connection.execute(
            update(Contract.__table__)
            .where(Contract.__table__.c.id == 1)
            .values(sign_date=dt.date(2026, 1, 11))
        )
    assert _weighted_days(isolated_engine) == Decimal("8150.00")

    with isolated_engine.connect() as connection:
        command.downgrade(alembic_config(connection), "0030")
        connection.commit()
    inspector = sa.inspect(isolated_engine)
    assert "contract_sign_date" not in {
        c["name"] for c in inspector.get_columns("payments")
    }
    assert "weighted_days" not in {
        c["name"] for c in inspector.get_columns("deal_tallies")
    }
    with isolated_engine.begin() as connection:
        connection.execute(
            update(payments).where(payments.c.id == 4).values(status="approved")
        )
        counted = connection.execute(
            sa.text(
                "SELECT SUM(records), SUM(amount) FROM deal_tallies "
                "WHERE metric = 'payment_amount'"
            )
        ).one()
    assert (counted[0], Decimal(str(counted[1]))) == (4, Decimal("1159.00"))

"""Everyone's follow-ups and installments falling due, read from their
rollups (models/due_tally.py), equal counting the customers and installments
(what a viewer of every owner by name gets), whatever the tally clock and
the day's time zone, after every write path; and the triggers' rows equal a
recount."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import CustomerDueTally, InstallmentDueTally, User
from models.due_tally import CUSTOMER_DUE_TALLIES, INSTALLMENT_DUE_TALLY
from services.home import followup_due_counts
from services.payment_plans import (
    InstallmentIn,
    add_installment,
    count_installments_due,
)
from services.pool import claim_customers, release_customers
from services.recycle_bin import delete_customers, purge_customers, restore_customers
from services.tally_clock import align_tally_clock
from tests.factories import (
    force_columns,
    make_approved_contract,
    make_customer,
    make_followup,
    make_payment,
)

# A day of the zone, as the to-do page bounds it: (start, end) naive UTC.
ZONES = {
    "UTC": dt.timedelta(0),
    "Asia/Shanghai": dt.timedelta(hours=8),
    "Asia/Kolkata": dt.timedelta(hours=5, minutes=30),
}
TODAY = dt.date(2026, 3, 2)  # early in a month: whole months before it


def day_bounds(zone: str) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(TODAY, dt.time()) - ZONES[zone]
    return start, start + dt.timedelta(days=1)


def counted_by_index(org, viewer: str):
    """`viewer` looking at every owner by name: the counting path."""
    actor = org.actor(viewer)
    everyone = frozenset(org.session.scalars(select(User.id)))
    return replace(actor, focus_user_ids=everyone, visible_user_ids=everyone)


def rollup(session, model) -> set[tuple]:
    rows = session.execute(select(model.__table__))
    return {tuple(row) for row in rows if row[-1]}


def assert_recounted(session, model, tallies) -> None:
    """The rows the triggers kept equal counting the source afresh."""
    session.flush()
    kept = rollup(session, model)
    for tally in tallies:
        tally.rebuild(session.connection())
    assert rollup(session, model) == kept


# --- follow-ups ---------------------------------------------------------------


@pytest.mark.parametrize("clock", ["UTC", "Asia/Shanghai", "Asia/Kolkata"])
@pytest.mark.parametrize("zone", ["Asia/Shanghai", "Asia/Kolkata"])
def test_everyones_follow_ups_due_equal_counting_them(org, clock, zone):
    session = org.session
    align_tally_clock(session.connection(), clock)
    start, end = day_bounds(zone)
    admin = org.actor("admin")

    def assert_in_step() -> None:
        assert_recounted(session, CustomerDueTally, CUSTOMER_DUE_TALLIES.values())
        tallied = followup_due_counts(session, admin, day_start=start, day_end=end)
        counted = followup_due_counts(
            session, counted_by_index(org, "admin"), day_start=start, day_end=end
        )
        assert tallied == counted
        return tallied

    # Around the day's edges, earlier days and months, and after it.
    offsets = [
        dt.timedelta(days=-70),
        dt.timedelta(days=-31, hours=3),
        dt.timedelta(days=-1, minutes=-1),
        dt.timedelta(minutes=-1),
        dt.timedelta(0),
        dt.timedelta(hours=5, minutes=29),
        dt.timedelta(hours=23, minutes=59),
        dt.timedelta(days=1),
        dt.timedelta(days=40),
    ]
    owners = ("rep_a1", "rep_a2", "rep_b1")
    customers = []
    for i, offset in enumerate(offsets):
        owner = org.actor(owners[i % len(owners)])
        customer = make_customer(session, owner, f"Customer {i}")
        force_columns(session, customer, next_followup_at=start + offset)
        customers.append(customer)
    make_customer(session, org.actor("rep_a1"), "Never due")
    assert assert_in_step() == {"overdue": 4, "today": 3}

    rep = org.actor("rep_a1")
    release_customers(session, rep, [customers[0].id], "No budget")  # to the pool
    assert assert_in_step() == {"overdue": 3, "today": 3}
    claim_customers(session, org.actor("rep_a2"), [customers[0].id])
    assert_in_step()
    delete_customers(session, admin, [customers[1].id, customers[4].id])
    assert assert_in_step()["today"] == 2
    restore_customers(session, admin, [customers[4].id])
    purge_customers(session, admin, [customers[1].id])
    assert_in_step()
    # A follow-up books the next one; clearing and moving it by hand.
    make_followup(
        session,
        org.actor("rep_b1"),
        customers[2],
        occurred_at=start - dt.timedelta(days=3),
        next_followup_at=start + dt.timedelta(hours=2),
    )
    force_columns(session, customers[3], next_followup_at=None)
    force_columns(
        session, customers[8], next_followup_at=start - dt.timedelta(days=400)
    )
    assert_in_step()


# --- installments ---------------------------------------------------------------


def test_everyones_installments_due_equal_counting_them(org):
    session = org.session
    org.add_user("fin", "finance", None)
    fin = org.actor("fin")

    def assert_in_step() -> dict[str, int]:
        assert_recounted(session, InstallmentDueTally, (INSTALLMENT_DUE_TALLY,))
        tallied = count_installments_due(session, fin, today=TODAY)
        counted = count_installments_due(
            session, counted_by_index(org, "fin"), today=TODAY
        )
        assert tallied == counted
        return tallied

    contracts = [
        make_approved_contract(
            session,
            org.ids[owner],
            make_customer(session, org.actor(owner), f"{owner} Ltd"),
            "100000.00",
            status=status,
        )
        for owner, status in (
            ("rep_a1", "approved"),
            ("rep_b1", "approved"),
            ("rep_a2", "pending"),
        )
    ]
    items = {}
    for contract in contracts:
        for due_in in (-40, -1, 0, 0, 9):
            owner = next(n for n, uid in org.ids.items() if uid == contract.owner_id)
            items[contract.id, due_in] = add_installment(
                session,
                org.actor(owner),
                contract.id,
                InstallmentIn(
                    due_date=TODAY + dt.timedelta(days=due_in), amount="1000"
                ),
            )
    assert assert_in_step() == {"overdue": 4, "today": 4}

    # Paying an overdue one in full and one due today in part: their approval
    # moves the collected sums (models/installment_collected.py).
    first = contracts[0]
    for due_in, amount in ((-40, "1000"), (0, "400")):
        payment = make_payment(
            session, fin, first, amount, installment_id=items[first.id, due_in].id
        )
        force_columns(session, payment, status="approved")
    assert assert_in_step() == {"overdue": 3, "today": 4}
    # The pending contract approved, the other one no longer: their copies move.
    force_columns(session, contracts[2], status="approved")
    force_columns(session, contracts[1], status="terminated")
    assert assert_in_step() == {"overdue": 3, "today": 4}
    # Moved, cut to what it collected, deleted.
    overdue = items[contracts[2].id, -1]
    force_columns(session, overdue, due_date=TODAY)
    force_columns(session, items[first.id, 0], amount=Decimal("400"))
    session.delete(items[contracts[2].id, -40])
    assert assert_in_step() == {"overdue": 1, "today": 4}

"""The pool health, approval analytics and receivables pages in a real browser:
each renders with data, a filter change updates it, and a clicked cell lists
the records behind it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dashboard.i18n import local_today
from dashboard.ids import ReportPage
from models import Contract, Customer, Payment, PaymentInstallment, User
from services.approvals import approve, reject, submit
from services.database import Database
from services.normalize import normalize_name
from services.org import build_actor
from services.pool import release_customers
from tests.browser.conftest import (
    close_drill,
    count,
    dash_prop,
    grid_column,
    login,
    row_cell,
    select_value,
    visit,
    wait_for_grid,
    wait_until,
)
from tests.factories import make_contract

pytestmark = pytest.mark.browser
POOL = ReportPage("pool-health")
APPROVALS = ReportPage("approvals")
RECEIVABLES = ReportPage("receivables")


def seeding(seeded_db):
    """A unit of work on the test's database (closed with the Database)."""
    return Database(seeded_db.url)


def test_pool_health_shows_the_moves_and_drills_into_a_reason(crm, seeded_db):
    db = seeding(seeded_db)
    try:
        with db.unit_of_work() as session:
            rep = build_actor(session, seeded_db.user_ids["rep_a1"])
            released = [
                seeded_db.customer_ids[name]
                for name in ("Acme Client 03", "Acme Client 04")
            ]
            release_customers(session, rep, released, "No budget this year")
    finally:
        db.dispose()
    login(crm, "rep_a1")
    visit(crm, "/analytics/pool-health")

    flows = POOL.grid("flows")
    wait_until(
        crm,
        lambda: grid_column(crm, flows, "moves") == ["2", "0", "0", "0", "0", "0", "0"],
        lambda: f"the moves read {grid_column(crm, flows, 'moves')}",
    )
    # One row a day so far this month: today's may be on the grid's next page.
    wait_until(
        crm,
        lambda: (
            [row["size"] for row in dash_prop(crm, POOL.grid("size"), "rowData")][-1:]
            == [2]
        ),
        "today's pool size is not 2",
    )
    wait_until(
        crm,
        lambda: count(crm, f"#{POOL.graph('aging')} .barlayer .point") == 4,
        "the aging chart does not have its four buckets",
    )

    row_cell(crm, flows, "Released", "moves", name_col="reason").click()

    crm.wait_for_text_to_equal(f"#{POOL.DRILL_TITLE}", "Released")
    wait_for_grid(
        crm,
        POOL.DRILL_GRID,
        lambda names: sorted(names) == ["Acme Client 03", "Acme Client 04"],
        "the drill-down did not list the released customers",
    )
    assert set(grid_column(crm, POOL.DRILL_GRID, "note")) == {"No budget this year"}
    close_drill(crm, POOL)

    select_value(crm, POOL.PERIOD, "last_year")
    wait_until(
        crm,
        lambda: grid_column(crm, flows, "moves") == ["0"] * 7,
        lambda: f"last year's moves read {grid_column(crm, flows, 'moves')}",
    )
    assert "period=last_year" in crm.driver.current_url
    assert crm.get_logs() == []


def test_approval_analytics_show_decisions_reasons_and_who_is_waiting(crm, seeded_db):
    db = seeding(seeded_db)
    try:
        with db.unit_of_work() as session:
            ids = seeded_db.user_ids
            leader = build_actor(session, ids["leader_a"])
            for owner, customer in (
                ("rep_a1", "Acme Client 01"),
                ("rep_a2", "Rep A2 Account"),
            ):
                actor = build_actor(session, ids[owner])
                contract = make_contract(
                    session,
                    actor,
                    session.get(Customer, seeded_db.customer_ids[customer]),
                    name=f"Deal of {owner}",
                )
                request = submit(session, actor, "contract", contract.id)
                if owner == "rep_a1":
                    approve(session, leader, request.id, step_position=1)
                else:
                    reject(
                        session,
                        leader,
                        request.id,
                        step_position=1,
                        reason="Price too high",
                    )
    finally:
        db.dispose()
    login(crm, "leader_a")
    visit(crm, "/analytics/approvals")

    steps = APPROVALS.grid("steps")
    wait_until(
        crm,
        lambda: grid_column(crm, steps, "decisions") == ["2"],
        lambda: f"step decisions read {grid_column(crm, steps, 'decisions')}",
    )
    assert grid_column(crm, steps, "rejected") == ["1"]
    wait_until(
        crm,
        lambda: (
            grid_column(crm, APPROVALS.grid("reasons"), "reason") == ["Price too high"]
        ),
        "the reject reason is not listed",
    )
    pending = APPROVALS.grid("pending")
    wait_until(
        crm,
        lambda: grid_column(crm, pending, "approver") == ["Exec"],
        lambda: f"waiting approvers are {grid_column(crm, pending, 'approver')}",
    )

    row_cell(crm, pending, "Exec", "pending", name_col="approver").click()

    crm.wait_for_text_to_equal(f"#{APPROVALS.DRILL_TITLE}", "Exec")
    wait_until(
        crm,
        lambda: (
            [
                title.endswith("Deal of rep_a1")
                for title in grid_column(crm, APPROVALS.DRILL_GRID, "title")
            ]
            == [True]
        ),
        "the drill-down did not list the contract waiting for Exec",
    )
    close_drill(crm, APPROVALS)

    select_value(crm, APPROVALS.PERIOD, "last_year")
    wait_until(
        crm,
        lambda: grid_column(crm, steps, "decisions") == [],
        "last year's decisions are not empty",
    )
    assert grid_column(crm, pending, "pending") == ["1"]  # waiting now, any period
    assert crm.get_logs() == []


def test_receivables_compare_collected_and_drill_into_contracts(crm, seeded_db):
    today = local_today()
    db = seeding(seeded_db)
    try:
        with db.unit_of_work() as session:
            ids = seeded_db.user_ids

            def signed(owner, customer, amount, day, number):
                team_id = session.get(User, ids[owner]).team_id
                contract = Contract(
                    number=number,
                    name=f"Contract {number}",
                    name_normalized=normalize_name(f"Contract {number}"),
                    customer_id=seeded_db.customer_ids[customer],
                    amount=Decimal(amount),
                    paid_amount=Decimal(0),
                    sign_date=day,
                    owner_id=ids[owner],
                    status="approved",
                    approved_owner_id=ids[owner],
                    approved_team_id=team_id,
                )
                session.add(contract)
                session.flush()
                return contract

            first = signed("rep_a1", "Acme Client 01", "1000.00", today, "HT-R-1")
            signed("rep_a2", "Rep A2 Account", "500.00", today, "HT-R-2")
            old = signed(
                "rep_a1",
                "Acme Client 02",
                "800.00",
                today - dt.timedelta(days=400),
                "HT-R-3",
            )
            session.add(
                Payment(
                    number="HK-R-1",
                    customer_id=first.customer_id,
                    contract_id=first.id,
                    amount=Decimal("400.00"),
                    paid_on=today,
                    owner_id=first.owner_id,
                    status="approved",
                    approved_owner_id=first.owner_id,
                    approved_team_id=first.approved_team_id,
                )
            )
            first.paid_amount = Decimal("400.00")
            session.add(
                PaymentInstallment(
                    contract_id=old.id,
                    sequence=1,
                    due_date=today - dt.timedelta(days=40),
                    amount=Decimal("300.00"),
                )
            )
    finally:
        db.dispose()
    login(crm, "leader_a")
    visit(crm, "/analytics/receivables")

    collection = RECEIVABLES.grid("collection")
    wait_for_grid(
        crm,
        collection,
        lambda _names: grid_column(crm, collection, "member") == ["Rep A1", "Rep A2"],
        "the members never showed",
    )
    assert grid_column(crm, collection, "outstanding") == ["¥600.00", "¥500.00"]
    assert grid_column(crm, collection, "rate") == ["40.0%", "0.0%"]
    overdue = RECEIVABLES.grid("overdue")
    wait_until(
        crm,
        lambda: grid_column(crm, overdue, "31-60") == ["¥300.00"],
        lambda: f"overdue 31–60 reads {grid_column(crm, overdue, '31-60')}",
    )

    row_cell(crm, collection, "Rep A1", "outstanding", name_col="member").click()

    crm.wait_for_text_to_equal(f"#{RECEIVABLES.DRILL_TITLE}", "Rep A1")
    crm.wait_for_contains_text(f"#{RECEIVABLES.DRILL_SUMMARY}", "¥600.00")
    wait_until(
        crm,
        lambda: grid_column(crm, RECEIVABLES.DRILL_GRID, "number") == ["HT-R-1"],
        "the drill-down did not list this month's contract",
    )
    close_drill(crm, RECEIVABLES)

    select_value(crm, RECEIVABLES.PERIOD, "last_month")
    wait_until(
        crm,
        lambda: grid_column(crm, collection, "member") == [],
        "last month's contracts are not empty",
    )
    # Overdue installments are today's, whatever the period.
    assert grid_column(crm, overdue, "overdue") == ["¥300.00"]
    assert crm.get_logs() == []

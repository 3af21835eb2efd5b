"""Receivables analytics against numbers computed in plain Python over the
contracts, installments and payments each test writes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import Contract, Payment, PaymentInstallment
from services.analytics.performance_report import resolve_subject
from services.analytics.periods import month_period, year_period
from services.analytics.receivables import (
    REPORT,
    collection_by_member,
    days_to_collect,
    drill_aging,
    drill_collection,
    drill_days_to_collect,
    drill_overdue,
    overdue_aging,
    overdue_by_member,
)
from services.analytics.report import DRILL_KEY, ReportFilters
from services.errors import NotFound
from tests.factories import make_customer

D = Decimal
TODAY = dt.date(2026, 5, 20)


class Ledger:
    """Contracts as the approval engine leaves them, their installments and
    payments (approved ones raise the contract's paid_amount), written directly:
    these tests are about the report definitions, not the write paths."""

    def __init__(self, org):
        self.org = org
        self.customer = make_customer(org.session, org.actor("rep_a1"), "Ledger Co")
        self.count = 0

    def _number(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}-{self.count}"

    def contract(self, owner, amount, signed, *, status="approved", current=None):
        org = self.org
        owner_id = org.ids[owner]
        approved = status == "approved"
        row = Contract(
            number=self._number("HT"),
            name="Receivable",
            name_normalized="receivable",
            customer_id=self.customer.id,
            amount=D(amount),
            paid_amount=D(0),
            sign_date=signed,
            owner_id=org.ids[current or owner],
            status=status,
            approved_owner_id=owner_id if approved else None,
            approved_team_id=org.user_team(owner) if approved else None,
        )
        org.session.add(row)
        org.session.flush()
        return row

    def installment(self, contract, due, amount):
        row = PaymentInstallment(
            contract_id=contract.id,
            sequence=self.count + 1,
            due_date=due,
            amount=D(amount),
        )
        self.count += 1
        self.org.session.add(row)
        self.org.session.flush()
        return row

    def payment(
        self, contract, amount, paid_on, *, installment=None, status="approved"
    ):
        approved = status == "approved"
        row = Payment(
            number=self._number("HK"),
            customer_id=contract.customer_id,
            contract_id=contract.id,
            installment_id=installment.id if installment else None,
            amount=D(amount),
            paid_on=paid_on,
            owner_id=contract.owner_id,
            status=status,
            approved_owner_id=contract.approved_owner_id if approved else None,
            approved_team_id=contract.approved_team_id if approved else None,
        )
        if approved:
            contract.paid_amount += D(amount)
        self.org.session.add(row)
        self.org.session.flush()
        return row


@pytest.fixture
def ledger(org):
    return Ledger(org)


def filters_for(org, who, period, *, today=TODAY, **subject):
    subject.setdefault("team_id", None)
    subject.setdefault("user_id", None)
    actor = org.actor(who)
    chosen = resolve_subject(org.session, actor, **subject)
    return actor, ReportFilters(period, chosen, today, "Asia/Shanghai")


def by_member(table, column):
    return {row["member"]: row[column] for row in table.rows}


# --- contract amount vs collected ---------------------------------------------


def test_collection_counts_approved_contracts_signed_in_the_month(org, ledger):
    first = ledger.contract("rep_a1", "1000.00", dt.date(2026, 3, 1))
    ledger.payment(first, "400.00", dt.date(2026, 6, 1))  # collected later: counts
    last = ledger.contract("rep_a1", "500.00", dt.date(2026, 3, 31))
    ledger.payment(last, "500.00", dt.date(2026, 4, 2))
    ledger.contract("rep_a1", "700.00", dt.date(2026, 2, 28))  # month before
    ledger.contract("rep_a1", "900.00", dt.date(2026, 4, 1))  # month after
    ledger.contract("rep_a1", "800.00", dt.date(2026, 3, 9), status="pending")
    other = ledger.contract("rep_a2", "300.00", dt.date(2026, 3, 15))
    ledger.payment(other, "100.00", dt.date(2026, 3, 20), status="pending")
    actor, filters = filters_for(org, "leader_a", month_period(2026, 3))

    table = collection_by_member(org.session, actor, filters)

    assert [row["member"] for row in table.rows] == ["Rep A1", "Rep A2"]
    rep_a1, rep_a2 = table.rows
    assert (rep_a1["contracts"], rep_a1["amount"], rep_a1["collected"]) == (
        2,
        D("1500.00"),
        D("900.00"),
    )
    assert rep_a1["outstanding"] == D("600.00")
    assert rep_a1["rate"] == D("900.00") / D("1500.00")
    assert (rep_a2["amount"], rep_a2["collected"], rep_a2["rate"]) == (
        D("300.00"),
        D(0),
        D(0),
    )


def test_collection_is_scoped_to_what_the_viewer_sees(org, ledger):
    for owner in ("rep_a1", "rep_a2", "rep_b1"):
        ledger.contract(owner, "100.00", dt.date(2026, 1, 10))
    year = year_period(2026)

    def members(who):
        actor, filters = filters_for(org, who, year)
        return set(
            by_member(collection_by_member(org.session, actor, filters), "amount")
        )

    assert members("rep_a1") == {"Rep A1"}
    assert members("leader_a") == {"Rep A1", "Rep A2"}
    assert members("admin") == {"Rep A1", "Rep A2", "Rep B1"}
    actor, filters = filters_for(org, "rep_a1", year)
    with pytest.raises(NotFound):
        drill_collection(
            org.session, actor, filters, str(org.ids["rep_a2"]), "amount", 1, 20
        )


def test_a_moved_rep_keeps_past_contracts_with_the_old_team(org, ledger):
    ledger.contract("rep_a1", "250.00", dt.date(2026, 2, 2))
    org.move_user("rep_a1", org.team_b)
    actor, filters = filters_for(org, "admin", year_period(2026), team_id=org.team_a.id)

    table = collection_by_member(org.session, actor, filters)

    assert by_member(table, "amount") == {"Rep A1": D("250.00")}


def test_an_empty_period_has_no_rows(org, ledger):
    ledger.contract("rep_a1", "100.00", dt.date(2026, 1, 10))
    actor, filters = filters_for(org, "admin", month_period(2025, 12))

    assert collection_by_member(org.session, actor, filters).rows == []
    assert days_to_collect(org.session, actor, filters).rows == []


def test_collection_drill_lists_the_contracts_and_sums_the_clicked_column(org, ledger):
    signed = [
        ledger.contract("rep_a1", amount, dt.date(2026, 3, day))
        for amount, day in (("1000.00", 1), ("200.00", 31))
    ]
    ledger.payment(signed[0], "250.00", dt.date(2026, 3, 5))
    ledger.contract("rep_a2", "999.00", dt.date(2026, 3, 5))
    actor, filters = filters_for(org, "leader_a", month_period(2026, 3))
    key = str(org.ids["rep_a1"])

    outstanding = drill_collection(
        org.session, actor, filters, key, "outstanding", 1, 20
    )
    count = drill_collection(org.session, actor, filters, key, "contracts", 1, 1)

    assert outstanding.amount == D("950.00")
    assert {row["number"] for row in outstanding.rows} == {c.number for c in signed}
    assert outstanding.rows[0]["open"] == ("contract", signed[1].id)
    assert (count.total, count.amount, len(count.rows), count.page_count) == (
        2,
        None,
        1,
        2,
    )
    for bad_column in ("member", "rate", "nope"):
        with pytest.raises(NotFound):
            drill_collection(org.session, actor, filters, key, bad_column, 1, 20)
    with pytest.raises(NotFound):
        drill_collection(org.session, actor, filters, "x", "amount", 1, 20)


# --- overdue installments and aging -------------------------------------------


def aging_key(days_overdue: int) -> str:
    if days_overdue <= 30:
        return "0-30"
    if days_overdue <= 60:
        return "31-60"
    if days_overdue <= 90:
        return "61-90"
    return "90+"


def test_overdue_installments_are_due_before_today_and_not_fully_collected(org, ledger):
    contract = ledger.contract("rep_a1", "100000.00", dt.date(2025, 1, 5))
    expected = defaultdict(lambda: [0, D(0)])
    for days, amount, collected in (
        (1, "100.00", "0"),
        (30, "200.00", "50.00"),
        (31, "300.00", "0"),
        (60, "400.00", "0"),
        (61, "500.00", "0"),
        (90, "600.00", "599.99"),
        (91, "700.00", "0"),
        (400, "800.00", "0"),
    ):
        item = ledger.installment(contract, TODAY - dt.timedelta(days), amount)
        if collected != "0":
            ledger.payment(contract, collected, TODAY, installment=item)
        expected[aging_key(days)][0] += 1
        expected[aging_key(days)][1] += D(amount) - D(collected)
    due_today = ledger.installment(contract, TODAY, "50.00")
    paid = ledger.installment(contract, TODAY - dt.timedelta(10), "70.00")
    ledger.payment(contract, "70.00", TODAY, installment=paid)
    waiting = ledger.installment(contract, TODAY - dt.timedelta(5), "80.00")
    ledger.payment(contract, "80.00", TODAY, installment=waiting, status="pending")
    expected["0-30"][0] += 1
    expected["0-30"][1] += D("80.00")
    draft = ledger.contract("rep_a1", "500.00", dt.date(2025, 1, 5), status="draft")
    ledger.installment(draft, TODAY - dt.timedelta(3), "500.00")
    assert due_today.due_date == TODAY
    actor, filters = filters_for(org, "leader_a", month_period(2026, 5))

    aging = overdue_aging(org.session, actor, filters)
    members = overdue_by_member(org.session, actor, filters)

    assert [
        (row[DRILL_KEY], row["installments"], row["overdue"]) for row in aging.rows
    ] == [
        (key, expected[key][0], expected[key][1])
        for key in ("0-30", "31-60", "61-90", "90+")
    ]
    (row,) = members.rows
    assert row["member"] == "Rep A1"
    assert row["installments"] == sum(count for count, _amount in expected.values())
    assert row["overdue"] == sum(amount for _count, amount in expected.values())
    assert {key: row[key] for key in expected} == {
        key: amount for key, (_count, amount) in expected.items()
    }
    assert row["oldest_due"] == TODAY - dt.timedelta(400)


def test_overdue_belongs_to_the_current_owner_and_ignores_the_period(org, ledger):
    moved = ledger.contract("rep_a1", "500.00", dt.date(2024, 1, 5), current="rep_a2")
    ledger.installment(moved, dt.date(2026, 1, 1), "500.00")
    theirs = ledger.contract("rep_b1", "300.00", dt.date(2024, 1, 5))
    ledger.installment(theirs, dt.date(2026, 1, 1), "300.00")

    def overdue(who, period):
        actor, filters = filters_for(org, who, period)
        return by_member(overdue_by_member(org.session, actor, filters), "overdue")

    assert overdue("leader_a", month_period(2026, 5)) == {"Rep A2": D("500.00")}
    assert overdue("leader_a", year_period(2020)) == {"Rep A2": D("500.00")}
    assert overdue("rep_a1", month_period(2026, 5)) == {}
    assert overdue("rep_b1", month_period(2026, 5)) == {"Rep B1": D("300.00")}


def test_nothing_overdue_shows_every_bucket_empty(org, ledger):
    actor, filters = filters_for(org, "admin", month_period(2026, 5))

    aging = overdue_aging(org.session, actor, filters)

    assert [(r["installments"], r["overdue"]) for r in aging.rows] == [(0, 0)] * 4
    assert overdue_by_member(org.session, actor, filters).rows == []


def test_overdue_drills_list_the_installments_of_the_cell(org, ledger):
    contract = ledger.contract("rep_a1", "5000.00", dt.date(2025, 1, 5))
    old = ledger.installment(contract, TODAY - dt.timedelta(100), "1000.00")
    ledger.payment(contract, "300.00", TODAY, installment=old)
    recent = ledger.installment(contract, TODAY - dt.timedelta(2), "200.00")
    actor, filters = filters_for(org, "leader_a", month_period(2026, 5))
    key = str(org.ids["rep_a1"])

    everything = drill_overdue(org.session, actor, filters, key, "overdue", 1, 20)
    oldest = drill_overdue(org.session, actor, filters, key, "90+", 1, 20)
    bucket = drill_aging(org.session, actor, filters, "0-30", "installments", 1, 20)

    assert [row["id"] for row in everything.rows] == [old.id, recent.id]
    assert everything.amount == D("900.00")
    assert everything.rows[0]["remaining"] == D("700.00")
    assert everything.rows[0]["days_overdue"] == 100
    assert everything.rows[0]["open"] == ("contract", contract.id)
    assert (oldest.total, oldest.amount) == (1, D("700.00"))
    assert ([row["id"] for row in bucket.rows], bucket.amount) == (
        [recent.id],
        D("200.00"),
    )
    with pytest.raises(NotFound):
        drill_aging(org.session, actor, filters, "1-2", "installments", 1, 20)
    with pytest.raises(NotFound):
        drill_overdue(org.session, actor, filters, key, "oldest_due", 1, 20)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(("rep_a1", "rep_a2", "rep_b1")),
            st.integers(min_value=-20, max_value=200),  # days overdue (< 1: not yet)
            st.integers(min_value=1, max_value=5000),  # amount
            st.integers(min_value=0, max_value=100),  # percent collected
        ),
        max_size=25,
    )
)
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_overdue_drill_totals_equal_the_cells(org, ledger, plan):
    savepoint = org.session.begin_nested()
    try:
        contracts = {
            owner: ledger.contract(owner, "9999999.00", dt.date(2024, 1, 1))
            for owner in ("rep_a1", "rep_a2", "rep_b1")
        }
        for owner, days, amount, percent in plan:
            item = ledger.installment(
                contracts[owner], TODAY - dt.timedelta(days), f"{amount}.00"
            )
            collected = D(amount * percent) / 100
            if collected.quantize(D("0.01")) > 0:
                ledger.payment(
                    contracts[owner], f"{collected:.2f}", TODAY, installment=item
                )
        actor, filters = filters_for(org, "leader_a", month_period(2026, 5))
        members = overdue_by_member(org.session, actor, filters)
        aging = overdue_aging(org.session, actor, filters)

        cells = [
            (drill_overdue, row, column)
            for row in members.rows
            for column in ("installments", "overdue", "0-30", "31-60", "61-90", "90+")
        ] + [
            (drill_aging, row, column)
            for row in aging.rows
            for column in ("installments", "overdue")
        ]
        for drill, row, column in cells:
            page = drill(org.session, actor, filters, row[DRILL_KEY], column, 1, 200)
            if column == "installments":
                assert page.total == row[column]
            else:
                assert page.amount == row[column]
                assert sum((r["remaining"] for r in page.rows), D(0)) == row[column]
        assert sum(r["installments"] for r in aging.rows) == sum(
            r["installments"] for r in members.rows
        )
    finally:
        savepoint.rollback()
        org.session.expire_all()


# --- days to collect ----------------------------------------------------------


def test_days_to_collect_is_weighted_by_the_payment_amount(org, ledger):
    early = ledger.contract("rep_a1", "10000.00", dt.date(2025, 11, 1))
    late = ledger.contract("rep_a1", "10000.00", dt.date(2025, 12, 31))
    paid = [
        (early, "1000.00", dt.date(2026, 1, 1)),  # 61 days
        (late, "3000.00", dt.date(2026, 1, 1)),  # 1 day
        (late, "500.00", dt.date(2026, 12, 31)),  # 365 days
    ]
    for contract, amount, day in paid:
        ledger.payment(contract, amount, day)
    ledger.payment(early, "999.00", dt.date(2025, 12, 31))  # last year
    ledger.payment(early, "999.00", dt.date(2026, 2, 1), status="pending")
    other = ledger.contract("rep_a2", "800.00", dt.date(2026, 3, 1))
    ledger.payment(other, "800.00", dt.date(2026, 3, 11))
    actor, filters = filters_for(org, "leader_a", year_period(2026))

    table = days_to_collect(org.session, actor, filters)

    weighted = sum(D(a) * (day - c.sign_date).days for c, a, day in paid)
    total = sum(D(a) for _c, a, _day in paid)
    assert by_member(table, "days") == {
        "Rep A1": (weighted / total).quantize(D("0.1")),
        "Rep A2": D("10.0"),
    }
    assert by_member(table, "amount") == {"Rep A1": total, "Rep A2": D("800.00")}
    assert by_member(table, "payments") == {"Rep A1": 3, "Rep A2": 1}
    page = drill_days_to_collect(
        org.session, actor, filters, str(org.ids["rep_a1"]), "amount", 1, 20
    )
    assert page.amount == total
    assert sorted(row["days"] for row in page.rows) == [1, 61, 365]
    assert all(row["open"][0] == "payment" for row in page.rows)


def test_the_report_lists_its_sections():
    assert REPORT.key == "receivables"
    assert [s.key for s in REPORT.sections] == [
        "collection",
        "overdue",
        "aging",
        "days_to_collect",
    ]

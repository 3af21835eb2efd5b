"""The performance metrics (SPEC §9) against numbers computed in plain Python
over the rows each test creates."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from models import Contract, Payment
from services.analytics.performance import (
    actual_by_month,
    actual_by_owner,
    actual_total,
    attainment,
    target_total,
)
from services.analytics.periods import month_period, year_period
from services.errors import ValidationFailed
from services.targets import TargetRowIn, save_targets
from tests.factories import make_customer

D = Decimal


class Deals:
    """Contract and payment rows as the approval engine leaves them (status,
    owner and team at approval), written directly: these tests are about the
    metric definitions, not the approval flow."""

    def __init__(self, org):
        self.org = org
        self.customer = make_customer(org.session, org.actor("rep_a1"), "Metric Co")
        self.contracts: list[Contract] = []
        self.payments: list[Payment] = []

    def contract(self, owner, amount, signed, *, status="approved", team=None):
        org = self.org
        owner_id = org.ids[owner]
        team_id = team.id if team is not None else org.user_team(owner)
        row = Contract(
            number=f"HT-M-{len(self.contracts)}",
            name="Metric",
            name_normalized="metric",
            customer_id=self.customer.id,
            amount=D(amount),
            paid_amount=D(0),
            sign_date=signed,
            owner_id=owner_id,
            status=status,
            approved_owner_id=owner_id if status == "approved" else None,
            approved_team_id=team_id if status == "approved" else None,
        )
        org.session.add(row)
        org.session.flush()
        self.contracts.append(row)
        return row

    def payment(self, contract, amount, paid_on, *, status="approved"):
        row = Payment(
            number=f"HK-M-{len(self.payments)}",
            customer_id=contract.customer_id,
            contract_id=contract.id,
            amount=D(amount),
            paid_on=paid_on,
            owner_id=contract.owner_id,
            status=status,
            approved_owner_id=contract.owner_id if status == "approved" else None,
            approved_team_id=contract.approved_team_id
            if status == "approved"
            else None,
        )
        self.org.session.add(row)
        self.org.session.flush()
        self.payments.append(row)
        return row


@pytest.fixture
def deals(org):
    return Deals(org)


def test_contract_amount_counts_approved_contracts_signed_in_the_month(org, deals):
    deals.contract("rep_a1", "100.00", dt.date(2026, 1, 31))
    deals.contract("rep_a1", "200.00", dt.date(2026, 2, 1))
    deals.contract("rep_a1", "400.00", dt.date(2026, 2, 28))
    deals.contract("rep_a1", "800.00", dt.date(2026, 3, 1))
    deals.contract("rep_a1", "999.00", dt.date(2026, 2, 10), status="pending")

    total = actual_total(
        org.session, org.actor("admin"), "contract_amount", month_period(2026, 2)
    )

    assert total == D("600.00")


def test_year_end_belongs_to_its_own_year(org, deals):
    deals.contract("rep_a1", "10.00", dt.date(2025, 12, 31))
    deals.contract("rep_a1", "20.00", dt.date(2026, 1, 1))

    by_month = actual_by_month(
        org.session, org.actor("admin"), "contract_amount", year_period(2026)
    )

    assert by_month[(2026, 1)] == D("20.00")
    assert sum(by_month.values()) == D("20.00")
    assert len(by_month) == 12 and by_month[(2026, 12)] == 0


def test_each_viewer_sees_the_actuals_of_their_scope(org, deals):
    deals.contract("rep_a1", "1.00", dt.date(2026, 5, 5))
    deals.contract("rep_a2", "2.00", dt.date(2026, 5, 5))
    deals.contract("rep_b1", "4.00", dt.date(2026, 5, 5))
    period = month_period(2026, 5)

    seen = {
        viewer: actual_total(org.session, org.actor(viewer), "contract_amount", period)
        for viewer in ("rep_a1", "rep_b1", "leader_a", "admin", "exec")
    }

    assert seen == {
        "rep_a1": D("1.00"),
        "rep_b1": D("4.00"),
        "leader_a": D("3.00"),
        "admin": D("7.00"),
        "exec": D("7.00"),
    }


def test_a_rep_who_changed_teams_keeps_past_attribution(org, deals):
    deals.contract("rep_a1", "50.00", dt.date(2026, 4, 1))  # while in team A
    org.move_user("rep_a1", org.team_b)
    deals.contract("rep_a1", "70.00", dt.date(2026, 4, 2))  # now in team B
    admin = org.actor("admin")
    period = month_period(2026, 4)

    team_a = actual_total(
        org.session, admin, "contract_amount", period, team_ids=[org.team_a.id]
    )
    team_b = actual_total(
        org.session, admin, "contract_amount", period, team_ids=[org.team_b.id]
    )

    assert (team_a, team_b) == (D("50.00"), D("70.00"))


def test_payment_amount_follows_the_payment_date_not_the_contract(org, deals):
    contract = deals.contract("rep_a1", "1000.00", dt.date(2026, 1, 15))
    deals.payment(contract, "300.00", dt.date(2026, 2, 1))
    deals.payment(contract, "200.00", dt.date(2026, 3, 1))
    deals.payment(contract, "100.00", dt.date(2026, 2, 2), status="pending")

    by_month = actual_by_month(
        org.session, org.actor("admin"), "payment_amount", year_period(2026)
    )

    assert (by_month[(2026, 1)], by_month[(2026, 2)], by_month[(2026, 3)]) == (
        0,
        D("300.00"),
        D("200.00"),
    )


def test_actual_by_owner_matches_a_plain_sum_over_random_rows(org, deals):
    rng = random.Random(7)
    owners = ("rep_a1", "rep_a2", "rep_b1", "leader_a")
    for _ in range(60):
        deals.contract(
            rng.choice(owners),
            f"{rng.randint(1, 99999)}.{rng.randint(0, 99):02d}",
            dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 364)),
            status=rng.choice(("approved", "approved", "pending", "rejected")),
        )
    period = month_period(2026, 6)

    found = actual_by_owner(org.session, org.actor("admin"), "contract_amount", period)

    expected: dict[int, Decimal] = {}
    for row in deals.contracts:
        if row.status == "approved" and period.contains(row.sign_date):
            expected[row.owner_id] = expected.get(row.owner_id, D(0)) + row.amount
    assert found == expected


def test_targets_add_up_over_the_months_a_period_touches(org):
    save_targets(
        org.session,
        org.actor("admin"),
        team_id=org.team_a.id,
        year=2026,
        metric="contract_amount",
        rows=[TargetRowIn("team", org.team_a.id, ["100"] * 6 + [""] * 6)],
    )

    assert target_total(
        org.session, "contract_amount", "team", org.team_a.id, year_period(2026)
    ) == D("600")
    assert (
        target_total(
            org.session, "contract_amount", "team", org.team_a.id, month_period(2026, 9)
        )
        is None
    )


def test_attainment_is_blank_without_a_target():
    assert attainment(D("50"), D("200")) == D("0.25")
    assert attainment(D("50"), D("0")) is None
    assert attainment(D("50"), None) is None


def test_unknown_metric_is_a_field_error(org):
    with pytest.raises(ValidationFailed) as error:
        actual_total(org.session, org.actor("admin"), "bananas", year_period(2026))

    assert set(error.value.errors) == {"metric"}

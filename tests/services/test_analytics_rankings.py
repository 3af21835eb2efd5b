"""Rankings: members ordered by one metric with standard competition ranks, the
top N, the viewer's own row, scope, and the records behind a member's number;
expected values worked out in plain Python over the rows each test writes."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from services.analytics.periods import month_period
from services.analytics.rankings import REPORT, competition_ranks
from services.analytics.report import DRILL_KEY, ReportFilters
from services.errors import NotFound
from tests.services.test_analytics_performance import Deals
from tests.services.test_analytics_work_statistics import (
    MARCH,
    SHANGHAI,
    Work,
    at,
    report_filters,
)

D = Decimal


@pytest.fixture
def work(org):
    return Work(org)


@pytest.fixture
def deals(org):
    return Deals(org)


def ranked(org, viewer, metric, *, top="10", period=MARCH, team=None, user=None):
    base = report_filters(org, viewer, period, team=team, user=user)
    filters = ReportFilters(
        base.period, base.subject, base.today, base.zone, {"metric": metric, "top": top}
    )
    table = REPORT.section("ranking").load(org.session, org.actor(viewer), filters)
    return filters, table


def drill(org, viewer, filters, row, column):
    return REPORT.section("ranking").drill(
        org.session, org.actor(viewer), filters, row, column, 1, 200
    )


def summary(table, metric):
    return [(row["rank"], row["name"], row[metric], row["is_me"]) for row in table.rows]


@pytest.mark.parametrize(
    ("values", "ranks"),
    [
        ([], []),
        ([7], [1]),
        ([5, 5, 3], [1, 1, 3]),
        ([9, 5, 5, 5, 2, 2, 0], [1, 2, 2, 2, 5, 5, 7]),
        ([0, 0, 0], [1, 1, 1]),
        ([D("10.50"), D("10.5"), D("3")], [1, 1, 3]),
    ],
)
def test_ties_share_a_rank_and_the_next_rank_skips(values, ranks):
    assert competition_ranks(values) == ranks


def test_members_rank_by_contract_amount_with_ties(org, deals):
    deals.contract("rep_a1", "300.00", dt.date(2026, 3, 1))
    deals.contract("rep_a2", "200.00", dt.date(2026, 3, 31))
    deals.contract("rep_a2", "100.00", dt.date(2026, 3, 15))
    deals.contract("leader_a", "50.00", dt.date(2026, 4, 1))  # April
    deals.contract("rep_b1", "999.00", dt.date(2026, 3, 3))  # another team

    _filters, table = ranked(org, "leader_a", "contract_amount")

    assert summary(table, "contract_amount") == [
        (1, "Rep A1", D("300.00"), False),
        (1, "Rep A2", D("300.00"), False),
        (3, "Leader A", D(0), True),
    ]
    assert [(c.key, c.kind, c.drillable) for c in table.columns] == [
        ("rank", "int", False),
        ("name", "text", False),
        ("team", "text", False),
        ("contract_amount", "money", True),
    ]


def test_payment_amount_ranks_by_payment_date(org, deals):
    contract = deals.contract("rep_a1", "900.00", dt.date(2026, 1, 10))
    deals.payment(contract, "100.00", dt.date(2026, 3, 2))
    deals.payment(contract, "500.00", dt.date(2026, 2, 28))
    other = deals.contract("rep_a2", "900.00", dt.date(2026, 1, 10))
    deals.payment(other, "250.00", dt.date(2026, 3, 31))

    _filters, table = ranked(org, "leader_a", "payment_amount")

    assert summary(table, "payment_amount")[:2] == [
        (1, "Rep A2", D("250.00"), False),
        (2, "Rep A1", D("100.00"), False),
    ]


def test_the_top_n_keeps_ties_at_the_edge_and_appends_my_row(org, deals):
    """Eleven more reps with 12, 11 … 4 and two at 3: the top 10 ends on a tie
    at rank 10, so it shows eleven members; the leader (0, rank 13) follows."""
    amounts = {}
    for n in range(1, 12):
        name = f"rep_x{n:02d}"
        org.add_user(name, "rep", org.team_a)
        amounts[name] = n + 1
    amounts["rep_x01"] = 3  # ties with rep_x02 at the bottom of the top 10
    for name, amount in amounts.items():
        deals.contract(name, f"{amount}.00", dt.date(2026, 3, 9))
    deals.contract("rep_a1", "1.00", dt.date(2026, 3, 9))

    _filters, table = ranked(org, "leader_a", "contract_amount")

    values = sorted(amounts.values(), reverse=True) + [1, 0, 0]
    expected_ranks = [1 + sum(v > value for v in values) for value in values]
    shown = [(row["rank"], row["contract_amount"]) for row in table.rows]
    assert shown[:-1] == [
        (rank, D(value))
        for rank, value in zip(expected_ranks, values, strict=True)
        if rank <= 10
    ]
    assert len(shown) - 1 == 11 and shown[9] == shown[10] == (10, D(3))
    me = table.rows[-1]
    assert (me["name"], me["rank"], me["is_me"]) == ("Leader A", 13, True)
    assert sum(row["is_me"] for row in table.rows) == 1
    assert me[DRILL_KEY] == str(org.ids["leader_a"])


def test_a_viewer_inside_the_top_n_is_flagged_in_place(org, deals):
    deals.contract("leader_a", "80.00", dt.date(2026, 3, 9))
    deals.contract("rep_a2", "90.00", dt.date(2026, 3, 9))

    _filters, table = ranked(org, "leader_a", "contract_amount")

    assert [(row["name"], row["is_me"]) for row in table.rows] == [
        ("Rep A2", False),
        ("Leader A", True),
        ("Rep A1", False),
    ]


def test_an_admin_outside_the_team_has_no_row_of_their_own(org, deals):
    deals.contract("rep_b1", "80.00", dt.date(2026, 3, 9))

    _filters, table = ranked(org, "admin", "contract_amount", team=org.team_b)

    assert summary(table, "contract_amount") == [(1, "Rep B1", D("80.00"), False)]


def test_a_rep_is_ranked_alone(org, deals):
    deals.contract("rep_a1", "80.00", dt.date(2026, 3, 9))
    deals.contract("rep_a2", "90.00", dt.date(2026, 3, 9))

    filters, table = ranked(org, "rep_a1", "contract_amount")

    assert summary(table, "contract_amount") == [(1, "Rep A1", D("80.00"), True)]
    with pytest.raises(NotFound):
        drill(org, "rep_a1", filters, str(org.ids["rep_a2"]), "contract_amount")


@pytest.mark.parametrize("metric", ["followups", "new_customers", "won_opportunities"])
def test_activity_metrics_match_a_plain_count(org, work, metric):
    rng = random.Random(metric)
    members = ("rep_a1", "rep_a2", "leader_a", "rep_b1")
    for _ in range(40):
        moment = dt.datetime(2026, 2, 26) + dt.timedelta(
            minutes=rng.randrange(36 * 24 * 60)
        )
        who = rng.choice(members)
        {"followups": work.followup, "new_customers": work.customer}.get(
            metric, work.won
        )(who, moment)
    work.won("rep_a1", at("2026-03-05"), status="open")  # reopened: not won

    _filters, table = ranked(org, "leader_a", metric)

    expected = {
        uid: len(ids)
        for uid, ids in work.expected(metric, MARCH, SHANGHAI).items()
        if uid != org.ids["rep_b1"]
    }
    found = {int(row[DRILL_KEY]): row[metric] for row in table.rows}
    assert found == {
        org.ids[name]: expected.get(org.ids[name], 0)
        for name in ("rep_a1", "rep_a2", "leader_a")
    }
    assert [row[metric] for row in table.rows] == sorted(found.values(), reverse=True)
    assert competition_ranks([row[metric] for row in table.rows]) == [
        row["rank"] for row in table.rows
    ]


def test_a_won_opportunity_counts_when_it_closed(org, work):
    work.won("rep_a1", at("2026-03-31", "15:59"))  # 31 March 23:59 Shanghai
    work.won("rep_a1", at("2026-03-31", "16:00"))  # 1 April in Shanghai
    work.opportunity("rep_a1", at("2026-03-10"))  # open

    filters, table = ranked(org, "rep_a1", "won_opportunities")

    assert table.rows[0]["won_opportunities"] == 1
    page = drill(org, "rep_a1", filters, str(org.ids["rep_a1"]), "won_opportunities")
    assert page.total == 1
    assert page.rows[0]["day"] == dt.date(2026, 3, 31)
    assert page.rows[0]["open"][0] == "opportunity"


def test_drill_returns_the_records_behind_the_number(org, deals, work):
    deals.contract("rep_a2", "200.00", dt.date(2026, 3, 31))
    deals.contract("rep_a2", "100.00", dt.date(2026, 3, 15))
    deals.contract("rep_a2", "100.00", dt.date(2026, 3, 16), status="pending")
    work.customer("rep_a2", at("2026-03-03"))
    filters, table = ranked(org, "leader_a", "contract_amount")
    row = next(row for row in table.rows if row["name"] == "Rep A2")

    page = drill(org, "leader_a", filters, row[DRILL_KEY], "contract_amount")

    assert (page.total, page.amount) == (2, row["contract_amount"]) == (2, D("300"))
    assert {r["open"][0] for r in page.rows} == {"contract"}
    with pytest.raises(NotFound):  # not the metric ranked
        drill(org, "leader_a", filters, row[DRILL_KEY], "new_customers")
    with pytest.raises(NotFound):
        drill(org, "leader_a", filters, str(org.ids["rep_b1"]), "contract_amount")
    filters, _table = ranked(org, "leader_a", "new_customers")
    customers = drill(org, "leader_a", filters, row[DRILL_KEY], "new_customers")
    assert (customers.total, customers.amount) == (1, None)


def test_unknown_options_fall_back_to_the_defaults(org, deals):
    deals.contract("rep_a1", "80.00", dt.date(2026, 3, 9))

    _filters, table = ranked(org, "leader_a", "bananas", top="7")

    assert table.columns[-1].key == "contract_amount"
    assert table.rows[0]["contract_amount"] == D("80.00")


def test_an_empty_period_ranks_everyone_first(org):
    _filters, table = ranked(org, "leader_a", "followups", period=month_period(2020, 1))

    assert summary(table, "followups") == [
        (1, "Leader A", 0, True),
        (1, "Rep A1", 0, False),
        (1, "Rep A2", 0, False),
    ]

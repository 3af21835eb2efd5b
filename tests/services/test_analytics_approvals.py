"""Approval analytics against numbers computed in plain Python over the approval
requests, steps, approvers and actions each test writes (directly, as the
engine leaves them: these tests are about the report definitions)."""

from __future__ import annotations

import datetime as dt
import statistics
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import (
    ApprovalAction,
    ApprovalRequest,
    ApprovalStep,
    ApprovalStepApprover,
    Contract,
)
from models.base import utcnow
from services.analytics import approvals as approvals_report
from services.analytics.approvals import (
    REPORT,
    cycle_time_by_approver,
    cycle_time_by_step,
    drill_approver,
    drill_pending,
    drill_reason,
    drill_step,
    pending_bottlenecks,
    reject_reasons,
)
from services.analytics.performance_report import resolve_subject
from services.analytics.periods import month_period, year_period
from services.analytics.report import DRILL_KEY, ReportFilters
from services.errors import NotFound
from tests.factories import make_customer

D = Decimal
MARCH = month_period(2026, 3)
# Noon UTC on a March day: 20:00 in Shanghai, the same local day.
NOON = dt.datetime(2026, 3, 10, 12, 0)


def hours(value) -> Decimal:
    return D(str(value)).quantize(D("0.1"), ROUND_HALF_UP)


class Approvals:
    """Requests with their steps, approvers and log rows."""

    def __init__(self, org):
        self.org = org
        self.customer = make_customer(org.session, org.actor("rep_a1"), "Approval Co")
        self.count = 0

    def request(self, submitter, *, status="pending", object_type="contract"):
        org = self.org
        self.count += 1
        contract = Contract(
            number=f"HT-AP-{self.count}",
            name="Approval",
            name_normalized="approval",
            customer_id=self.customer.id,
            amount=D("100.00"),
            sign_date=dt.date(2026, 3, 1),
            owner_id=org.ids[submitter],
            status=status,
        )
        org.session.add(contract)
        org.session.flush()
        request = ApprovalRequest(
            object_type=object_type,
            object_id=contract.id,
            flow_mode="fixed",
            submitter_id=org.ids[submitter],
            status=status,
            submitted_at=NOON - dt.timedelta(days=30),
        )
        org.session.add(request)
        org.session.flush()
        return request

    def step(self, request, position, activated, approvers, *, mode="any"):
        """`approvers`: {name: (decision, hours after activation) or None}. The
        step ends when an "any" step has a decision or an "all" step has all."""
        decided = {n: d for n, d in approvers.items() if d is not None}
        done = decided and (mode == "any" or len(decided) == len(approvers))
        rejected = any(d == "rejected" for d, _h in decided.values())
        ended = (
            activated + dt.timedelta(hours=max(h for _d, h in decided.values()))
            if done
            else None
        )
        step = ApprovalStep(
            request_id=request.id,
            position=position,
            mode=mode,
            status=("rejected" if rejected else "approved") if done else "active",
            activated_at=activated,
            decided_at=ended,
        )
        self.org.session.add(step)
        self.org.session.flush()
        for name, decision in approvers.items():
            self.org.session.add(
                ApprovalStepApprover(
                    step_id=step.id,
                    request_id=request.id,
                    user_id=self.org.ids[name],
                    decision=decision[0] if decision else None,
                    decided_at=activated + dt.timedelta(hours=decision[1])
                    if decision
                    else None,
                    # As the engine keeps them: asked when the step became
                    # active, and waited for while it is.
                    asked_at=activated,
                    waiting_since=None
                    if decision or done or request.status != "pending"
                    else activated,
                )
            )
        self.org.session.flush()
        return step

    def reject(self, request, who, at, comment, position=1):
        self.org.session.add(
            ApprovalAction(
                request_id=request.id,
                object_type=request.object_type,
                object_id=request.object_id,
                step_position=position,
                actor_id=self.org.ids[who],
                action="reject",
                comment=comment,
                created_at=at,
            )
        )
        self.org.session.flush()


@pytest.fixture
def approvals(org):
    return Approvals(org)


def filters_for(org, who, period=MARCH, **subject):
    subject.setdefault("team_id", None)
    subject.setdefault("user_id", None)
    actor = org.actor(who)
    chosen = resolve_subject(org.session, actor, **subject)
    return actor, ReportFilters(period, chosen, dt.date(2026, 3, 31), "Asia/Shanghai")


def rows_by(table, key):
    return {row[key]: row for row in table.rows}


# --- cycle times --------------------------------------------------------------


def test_step_cycle_time_averages_and_medians_hours_per_step(org, approvals):
    step_one = {"approved": [1, 2, 10, 0.25], "rejected": [4.5]}
    step_two = [1, 1, 1, 7]
    for taken, then in zip(step_one["approved"], step_two, strict=True):
        request = approvals.request("rep_a1")
        approvals.step(request, 1, NOON, {"leader_a": ("approved", taken)})
        approvals.step(request, 2, NOON, {"exec": ("approved", then)})
    request = approvals.request("rep_a2")
    approvals.step(request, 1, NOON, {"leader_a": ("rejected", 4.5)})
    payment = approvals.request("rep_a1", object_type="payment")
    approvals.step(payment, 1, NOON, {"leader_a": ("approved", 6)})
    actor, filters = filters_for(org, "admin")

    table = cycle_time_by_step(org.session, actor, filters)

    rows = rows_by(table, DRILL_KEY)
    first = step_one["approved"] + step_one["rejected"]
    assert list(rows) == ["contract:1", "contract:2", "payment:1"]
    one, two = rows["contract:1"], rows["contract:2"]
    assert (one["decisions"], one["approved"], one["rejected"]) == (5, 4, 1)
    assert one["average_hours"] == hours(statistics.mean(first))
    assert one["median_hours"] == hours(statistics.median(first))
    assert two["median_hours"] == hours(statistics.median(step_two))
    assert two["average_hours"] == hours(statistics.mean(step_two))
    assert (rows["payment:1"]["object"], rows["payment:1"]["median_hours"]) == (
        "Payment",
        D("6.0"),
    )


def test_approver_cycle_time_counts_each_approvers_own_decision(org, approvals):
    both = approvals.request("rep_a1")
    approvals.step(
        both,
        1,
        NOON,
        {"leader_a": ("approved", 2), "exec": ("approved", 8)},
        mode="all",
    )
    either = approvals.request("rep_a2")
    approvals.step(either, 1, NOON, {"leader_a": ("rejected", 4), "exec": None})
    actor, filters = filters_for(org, "admin")

    table = cycle_time_by_approver(org.session, actor, filters)

    rows = rows_by(table, "approver")
    assert [row["approver"] for row in table.rows] == ["Exec", "Leader A"]
    assert (rows["Exec"]["decisions"], rows["Exec"]["average_hours"]) == (1, D("8.0"))
    leader = rows["Leader A"]
    assert (leader["decisions"], leader["approved"], leader["rejected"]) == (2, 1, 1)
    assert (leader["average_hours"], leader["median_hours"]) == (D("3.0"), D("3.0"))


# Everyone's step drill walks its decisions by whole hours from this many on
# (services/planner_hints.py): from the first one, or sorts these few.
@pytest.mark.parametrize("walked_from", [0, approvals_report.WALKED_FROM])
def test_drills_page_the_slowest_decisions_first(
    org, approvals, monkeypatch, walked_from
):
    monkeypatch.setattr(approvals_report, "WALKED_FROM", walked_from)
    taken = [3, 9, 0.5, 6, 1]
    requests = []
    for hours_taken in taken:
        request = approvals.request("rep_a1")
        approvals.step(request, 1, NOON, {"leader_a": ("approved", hours_taken)})
        requests.append(request)
    actor, filters = filters_for(org, "admin")
    slowest = [requests[i].id for i in sorted(range(5), key=lambda i: -taken[i])]
    leader = str(org.ids["leader_a"])

    for drill, key in ((drill_step, "contract:1"), (drill_approver, leader)):
        pages = [
            drill(org.session, actor, filters, key, "decisions", page, 2)
            for page in (1, 2, 3)
        ]
        assert [page.total for page in pages] == [5, 5, 5]
        assert [r["request_id"] for page in pages for r in page.rows] == slowest
        assert [r["hours"] for r in pages[0].rows] == [D("9.0"), D("6.0")]
        assert {r["step_position"] for page in pages for r in page.rows} == {1}


def test_decisions_count_in_the_local_month_they_were_made(org, approvals):
    # 2026-02-28 16:30 UTC is 2026-03-01 00:30 in Shanghai: March.
    march_first = dt.datetime(2026, 2, 28, 16, 30)
    early = approvals.request("rep_a1")
    approvals.step(
        early, 1, march_first - dt.timedelta(hours=1), {"leader_a": ("approved", 1)}
    )
    # 2026-03-31 16:30 UTC is already April 1st in Shanghai.
    late = approvals.request("rep_a1")
    approvals.step(
        late, 1, dt.datetime(2026, 3, 31, 15, 30), {"leader_a": ("approved", 1)}
    )
    actor, filters = filters_for(org, "admin")

    march = cycle_time_by_step(org.session, actor, filters)
    _actor, april = filters_for(org, "admin", month_period(2026, 4))

    assert [row["decisions"] for row in march.rows] == [1]
    page = drill_step(org.session, actor, filters, "contract:1", "decisions", 1, 20)
    assert [row["request_id"] for row in page.rows] == [early.id]
    assert page.rows[0]["day"] == dt.date(2026, 3, 1)
    assert page.rows[0]["open"] == ("contract", early.object_id)
    assert [
        r["decisions"] for r in cycle_time_by_step(org.session, actor, april).rows
    ] == [1]


def test_an_empty_period_has_no_rows(org, approvals):
    request = approvals.request("rep_a1")
    approvals.step(request, 1, NOON, {"leader_a": ("approved", 1)})
    approvals.reject(request, "leader_a", NOON, "Too expensive")
    actor, filters = filters_for(org, "admin", year_period(2025))

    assert cycle_time_by_step(org.session, actor, filters).rows == []
    assert cycle_time_by_approver(org.session, actor, filters).rows == []
    assert reject_reasons(org.session, actor, filters).rows == []


# --- scope --------------------------------------------------------------------


@pytest.fixture
def across_teams(approvals):
    """Requests decided across the teams: (own, teammate, other_team,
    approved_by_rep), from rep_a1's point of view."""
    own = approvals.request("rep_a1")
    approvals.step(own, 1, NOON, {"leader_a": ("approved", 1)})
    teammate = approvals.request("rep_a2")
    approvals.step(teammate, 1, NOON, {"leader_a": ("approved", 2)})
    other_team = approvals.request("rep_b1")
    approvals.step(other_team, 1, NOON, {"exec": ("approved", 3)})
    approved_by_rep = approvals.request("rep_b1")
    approvals.step(approved_by_rep, 1, NOON, {"rep_a1": ("approved", 4)})
    return own, teammate, other_team, approved_by_rep


def test_viewers_see_requests_they_submitted_see_or_approve(org, across_teams):
    own, teammate, other_team, approved_by_rep = across_teams

    def decided(who, **subject):
        actor, filters = filters_for(org, who, **subject)
        page = drill_step(org.session, actor, filters, "contract:1", "decisions", 1, 50)
        return {row["request_id"] for row in page.rows}

    assert decided("rep_a1") == {own.id, approved_by_rep.id}
    # rep_a1 approved it, but leader_a neither sees rep_b1 nor approves it.
    assert decided("leader_a") == {own.id, teammate.id}
    assert decided("leader_a", user_id=org.ids["rep_a2"]) == {teammate.id}
    assert decided("rep_b1") == {other_team.id, approved_by_rep.id}
    assert decided("admin") == {own.id, teammate.id, other_team.id, approved_by_rep.id}
    actor, filters = filters_for(org, "rep_a1")
    with pytest.raises(NotFound):
        drill_approver(
            org.session, actor, filters, str(org.ids["exec"]), "decisions", 1, 20
        )


def test_the_approver_table_counts_the_requests_in_scope_and_subject(org, across_teams):
    def decisions(who, **subject):
        actor, filters = filters_for(org, who, **subject)
        table = cycle_time_by_approver(org.session, actor, filters)
        return {int(row[DRILL_KEY]): row["decisions"] for row in table.rows}

    ids = org.ids
    everyone = {ids["leader_a"]: 2, ids["exec"]: 1, ids["rep_a1"]: 1}
    assert decisions("admin") == everyone
    assert decisions("admin", team_id=org.team_a.id) == {
        ids["leader_a"]: 2,
        ids["rep_a1"]: 1,
    }
    assert decisions("admin", user_id=ids["exec"]) == {ids["exec"]: 1}
    # leader_a neither sees rep_b1 nor approves their requests.
    assert decisions("leader_a") == {ids["leader_a"]: 2}
    assert decisions("rep_b1") == {ids["exec"]: 1, ids["rep_a1"]: 1}


# --- reject reasons -----------------------------------------------------------


def test_reject_reasons_are_grouped_normalised_and_ranked(org, approvals):
    comments = [
        "Price too high",
        "Price too high",
        "price too high.",
        "Price  too high!",
        "价格太高",
        "价格太高。",
        "Missing signature",
        "Missing signature",
        "Budget",
    ]
    for comment in comments:
        request = approvals.request("rep_a1", status="rejected")
        approvals.step(request, 1, NOON, {"leader_a": ("rejected", 1)})
        approvals.reject(request, "leader_a", NOON + dt.timedelta(hours=1), comment)
    actor, filters = filters_for(org, "leader_a")

    table = reject_reasons(org.session, actor, filters)

    assert [(r["rank"], r["reason"], r["rejections"]) for r in table.rows] == [
        (1, "Price too high", 4),
        (2, "Missing signature", 2),
        (2, "价格太高", 2),
        (4, "Budget", 1),
    ]
    assert table.rows[0]["share"] == D(4) / len(comments)
    page = drill_reason(
        org.session, actor, filters, table.rows[0][DRILL_KEY], "rejections", 1, 20
    )
    assert page.total == 4
    assert {row["comment"] for row in page.rows} == set(comments[:4])
    assert {row["who"] for row in page.rows} == {"Leader A"}
    with pytest.raises(NotFound):
        drill_reason(
            org.session, actor, filters, "nothing like it", "rejections", 1, 20
        )
    with pytest.raises(NotFound):
        drill_reason(
            org.session, actor, filters, table.rows[0][DRILL_KEY], "share", 1, 20
        )


# --- pending bottlenecks ------------------------------------------------------


def test_pending_bottlenecks_count_what_waits_for_each_approver_now(org, approvals):
    now = utcnow()
    waits = {"leader_a": [], "exec": []}
    for days_ago in (1, 5, 2):
        request = approvals.request("rep_a1")
        since = now - dt.timedelta(days=days_ago)
        approvals.step(request, 1, since, {"leader_a": None, "exec": None}, mode="all")
        waits["leader_a"].append(since)
        waits["exec"].append(since)
    half = approvals.request("rep_a2")
    since = now - dt.timedelta(days=9)
    approvals.step(
        half, 1, since, {"leader_a": ("approved", 1), "exec": None}, mode="all"
    )
    waits["exec"].append(since)
    done = approvals.request("rep_a2", status="approved")
    approvals.step(done, 1, since, {"leader_a": ("approved", 1)})
    actor, filters = filters_for(org, "admin", year_period(2020))

    table = pending_bottlenecks(org.session, actor, filters)

    rows = rows_by(table, "approver")
    assert [row["approver"] for row in table.rows] == ["Exec", "Leader A"]
    assert (rows["Exec"]["pending"], rows["Leader A"]["pending"]) == (4, 3)
    oldest = (utcnow() - min(waits["exec"])).total_seconds() / 3600
    assert abs(rows["Exec"]["oldest_hours"] - D(str(oldest))) <= D("0.2")
    assert (
        rows["Leader A"]["oldest_day"]
        == (min(waits["leader_a"]) + dt.timedelta(hours=8)).date()
    )
    page = drill_pending(
        org.session, actor, filters, rows["Exec"][DRILL_KEY], "pending", 1, 20
    )
    assert [row["request_id"] for row in page.rows][0] == half.id
    assert page.total == 4
    with pytest.raises(NotFound):
        drill_pending(
            org.session, actor, filters, str(org.ids["rep_b1"]), "pending", 1, 20
        )


# --- drill totals -------------------------------------------------------------


@given(
    st.lists(
        st.tuples(
            st.sampled_from(("rep_a1", "rep_a2", "rep_b1")),  # submitter
            st.sampled_from(("leader_a", "exec", "admin")),  # approver
            st.sampled_from(("approved", "rejected", None)),  # None: still waiting
            st.integers(min_value=0, max_value=40),  # day of the decision
            st.sampled_from(("Too high", "too high!", "Wrong customer", "缺少附件")),
        ),
        max_size=20,
    )
)
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_drill_totals_equal_the_cells(org, approvals, plan):
    savepoint = org.session.begin_nested()
    try:
        for submitter, approver, decision, day, comment in plan:
            status = "pending" if decision is None else decision
            request = approvals.request(submitter, status=status)
            start = dt.datetime(2026, 2, 20, 3) + dt.timedelta(days=day)
            approvals.step(
                request, 1, start, {approver: (decision, 5) if decision else None}
            )
            if decision == "rejected":
                approvals.reject(
                    request, approver, start + dt.timedelta(hours=5), comment
                )
        actor, filters = filters_for(org, "leader_a")
        sections = {
            section.key: section.load(org.session, actor, filters)
            for section in REPORT.sections
        }
        for section in REPORT.sections:
            table = sections[section.key]
            for row in table.rows:
                for column in table.columns:
                    if not column.drillable:
                        continue
                    page = section.drill(
                        org.session, actor, filters, row[DRILL_KEY], column.key, 1, 200
                    )
                    assert page.total == row[column.key] == len(page.rows)
    finally:
        savepoint.rollback()
        org.session.expire_all()

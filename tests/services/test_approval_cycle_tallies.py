"""The approval cycle tallies (models/approval_cycle_tally.py) stay equal to
counting the decisions afresh whatever changes them, and everyone's cycle
times read from them (the median from its hours' decisions) equal the ones
read from every decision of the period."""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from unittest import mock

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from models import ApprovalCycleTally, ApprovalStep, ApprovalStepApprover
from models.approval_cycle_tally import APPROVAL_CYCLE_TALLIES
from services.analytics import approvals as approval_analytics
from services.analytics.approvals import (
    APPROVER_FACTS,
    STEP_FACTS,
    _cycle_stats,
    _stats,
    _tallied_stats,
)
from services.analytics.periods import month_period, quarter_period, year_period
from tests.services.test_analytics_approvals import NOON, Approvals, filters_for

PERIODS = (month_period(2026, 3), quarter_period(2026, 1), year_period(2026))


def tally_rows(session) -> set[tuple]:
    """The rows that count anything, their hours to 6 places (SQLite sums
    floats in whatever order it adds them)."""
    found = session.execute(select(ApprovalCycleTally.__table__)).mappings().all()
    return {
        (*list(row.values())[:-1], round(float(row["hours"]), 6))
        for row in found
        if row["decisions"]
    }


def recounted(session, facts) -> list[tuple]:
    """_cycle_stats's rows counted here from every decision of `facts`."""
    groups: dict[tuple, list] = {}
    for *key, decision, hours in session.execute(facts):
        groups.setdefault(tuple(key), []).append((decision, hours))
    return [
        (
            *key,
            len(found),
            sum(decision == "approved" for decision, _ in found),
            sum(decision == "rejected" for decision, _ in found),
            statistics.fmean(hours for _, hours in found),
            statistics.median(hours for _, hours in found),
        )
        for key, found in groups.items()
    ]


def assert_in_step(org) -> None:
    """The triggers' rows equal a recount; everyone's stats from the tallies
    equal those from the decisions, which equal those counted here."""
    session = org.session
    session.flush()
    kept = tally_rows(session)
    for tally in APPROVAL_CYCLE_TALLIES.values():
        tally.rebuild(session.connection())
    assert tally_rows(session) == kept
    # The middle hours' decisions ranked in one window, and each hour sorted
    # on its own (as a crowded hour is).
    for own_sort_from, period in itertools.product((10_000, 1), PERIODS):
        actor, filters = filters_for(org, "admin", period)
        for of in (STEP_FACTS, APPROVER_FACTS):
            with mock.patch.object(approval_analytics, "OWN_SORT_FROM", own_sort_from):
                tallied = _tallied_stats(session, actor, filters, of)
            assert tallied is not None
            counted = _cycle_stats(session, actor, filters, of)

            def shown(found, of=of):
                width = len(of.keys)
                return sorted(
                    (*row[:width], *_stats(row[width:]).values()) for row in found
                )

            assert shown(tallied) == shown(counted), (period, of.kind, own_sort_from)
            assert shown(counted) == shown(
                recounted(session, of.facts(session, actor, filters))
            ), (
                period,
                of.kind,
            )


decisions = st.lists(
    st.tuples(
        st.sampled_from(("leader_a", "exec", "rep_b1")),
        st.sampled_from(("contract", "payment")),
        st.integers(1, 2),  # position
        st.integers(-70, 90),  # activated, days from NOON
        # Hours taken: often the same whole hour, sometimes the same value.
        st.one_of(st.sampled_from((3, 3.5, 3.25)), st.floats(0, 80)),
        st.sampled_from(("approved", "rejected")),
    ),
    min_size=1,
    max_size=14,
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=decisions)
# A middle decision read from either end of its hour: the contracts' from
# the slow end (3 and 3.5 hours, then 10), the payments' from the quick one.
@example(
    plan=[
        ("exec", object_type, 1, 0, taken, "approved")
        for object_type, hours in (
            ("contract", (3, 3.5, 10)),
            ("payment", (0.5, 3, 3.5)),
        )
        for taken in hours
    ]
)
def test_tallied_cycle_times_equal_the_decisions(org, plan):
    session = org.session
    savepoint = session.begin_nested()
    try:
        approvals = Approvals(org)
        for who, object_type, position, days, taken, decision in plan:
            request = approvals.request("rep_a1", object_type=object_type)
            activated = NOON + dt.timedelta(days=days)
            approvals.step(request, position, activated, {who: (decision, taken)})
        assert_in_step(org)
    finally:
        savepoint.rollback()
        session.expire_all()


def test_changed_and_deleted_decisions_move_the_tallies(org):
    approvals = Approvals(org)
    requests = [approvals.request("rep_a1") for _ in range(3)]
    steps = [
        approvals.step(request, 1, NOON, {"leader_a": ("approved", hours)})
        for request, hours in zip(requests, (1.5, 2.25, 40), strict=True)
    ]
    assert_in_step(org)
    session = org.session
    # A decision later, another undone (back to active), one rejected instead.
    session.execute(
        update(ApprovalStepApprover)
        .where(ApprovalStepApprover.step_id == steps[0].id)
        .values(decided_at=NOON + dt.timedelta(hours=30))
    )
    session.execute(
        update(ApprovalStep)
        .where(ApprovalStep.id == steps[0].id)
        .values(decided_at=NOON + dt.timedelta(hours=30))
    )
    session.execute(
        update(ApprovalStep)
        .where(ApprovalStep.id == steps[1].id)
        .values(status="active", decided_at=None)
    )
    session.execute(
        update(ApprovalStepApprover)
        .where(ApprovalStepApprover.step_id == steps[2].id)
        .values(decision="rejected")
    )
    assert_in_step(org)
    session.execute(
        delete(ApprovalStepApprover).where(ApprovalStepApprover.step_id == steps[2].id)
    )
    session.execute(delete(ApprovalStep).where(ApprovalStep.id == steps[2].id))
    assert_in_step(org)
    assert tally_rows(session)

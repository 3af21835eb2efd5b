"""The funnel tallies (models/funnel_tally.py) and the copies they count from
(models/opportunity_visits.py, models/move_opportunity.py) stay equal to
counting the opportunities and their moves afresh, whatever write path
changes them; a running period's conversion read from them equals the one
read from the moves, for every kind of viewer and subject."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from models import FunnelPathTally, FunnelStayTally, Opportunity
from models import OpportunityStageChange as Move
from models.funnel_tally import FUNNEL_TALLIES
from models.move_opportunity import MOVE_OPPORTUNITY
from models.opportunity_visits import OPPORTUNITY_VISITS
from services.analytics import funnel
from services.analytics.performance_report import resolve_subject
from services.analytics.periods import Period, resolve_period
from services.analytics.report import ReportFilters
from services.opportunities import (
    close_opportunity,
    delete_opportunity,
    move_opportunity_stage,
    reopen_opportunity,
)
from services.opportunity_stages import list_stages
from services.recycle_bin import delete_customers, restore_customers
from services.transfer import TransferIn, transfer_customers
from tests.factories import force_columns, make_customer, make_opportunity

ZONE = "Asia/Shanghai"
TODAY = dt.date.today()


def rows(session, model, measure: str) -> set[tuple]:
    """The rollup's rows that count anything."""
    found = session.execute(select(model.__table__)).mappings().all()
    return {tuple(row.values()) for row in found if row[measure]}


def copies(session) -> list[tuple]:
    return session.execute(
        select(
            Opportunity.id,
            Opportunity.visited_stages,
            Move.id,
            Move.opportunity_owner_id,
            Move.opportunity_status,
            Move.opportunity_stage_changed_at,
            Move.customer_id,
        )
        .join(Move, Move.opportunity_id == Opportunity.id, isouter=True)
        .order_by(Opportunity.id, Move.id)
    ).all()


def filters_for(org, who: str, period: Period, **subject) -> ReportFilters:
    subject.setdefault("team_id", None)
    subject.setdefault("user_id", None)
    resolved = resolve_subject(org.session, org.actor(who), **subject)
    return ReportFilters(period, resolved, TODAY, ZONE)


def assert_in_step(org) -> None:
    """The triggers' rows equal a recount, and every running period's progress
    from the tallies equals the one from the moves."""
    session = org.session
    session.flush()
    kept = copies(session), rows(session, FunnelPathTally, "opportunities")
    kept_stays = rows(session, FunnelStayTally, "stays")
    connection = session.connection()
    for tally in (OPPORTUNITY_VISITS, MOVE_OPPORTUNITY, *FUNNEL_TALLIES.values()):
        tally.rebuild(connection)
    session.expire_all()
    assert (copies(session), rows(session, FunnelPathTally, "opportunities")) == kept
    assert rows(session, FunnelStayTally, "stays") == kept_stays
    _, index = funnel._steps(session)
    for preset in ("this_month", "this_quarter", "this_year"):
        period = resolve_period(preset, today=TODAY, start=None, end=None)
        for who, subject in (
            ("admin", {}),
            ("admin", {"team_id": org.company.id}),  # every user, one by one
            ("admin", {"team_id": org.team_a.id}),
            ("leader_a", {}),
            ("leader_a", {"user_id": org.ids["rep_a2"]}),
            ("rep_a1", {}),
        ):
            filters = filters_for(org, who, period, **subject)
            actor = org.actor(who)
            tallied = funnel.tallied_progress(session, actor, filters, index)
            assert tallied is not None, preset
            counted = funnel.progress(session, actor, filters, index)
            assert tallied.furthest == counted.furthest, (preset, who, subject)
            assert tallied.closed == counted.closed
            assert tallied.stays.keys() == counted.stays.keys()
            for stage_id, (n, days) in counted.stays.items():
                assert tallied.stays[stage_id][0] == n
                assert abs(tallied.stays[stage_id][1] - days) < 1e-6


@pytest.fixture
def stages(org) -> dict[str, int]:
    return {s.code: s.id for s in list_stages(org.session, active_only=False)}


def test_every_write_path_keeps_the_funnel_tallies(org, stages):
    session = org.session
    rep, other = org.actor("rep_a1"), org.actor("rep_b1")
    acme = make_customer(session, rep, "Acme")
    beta = make_customer(session, other, "Beta")
    big = make_opportunity(session, rep, acme, "Big deal", amount="100.00")
    small = make_opportunity(session, rep, acme, "Small deal")
    far = make_opportunity(session, other, beta, "Far deal")
    assert_in_step(org)

    # Moves leave stays behind (their days count once they end).
    force_columns(session, big, stage_changed_at=dt.datetime(2026, 1, 5))
    move_opportunity_stage(session, rep, big.id, stages["proposal"])
    move_opportunity_stage(session, rep, big.id, stages["needs_confirmed"])
    move_opportunity_stage(session, other, far.id, stages["negotiation"])
    assert_in_step(org)

    # Won and lost this month, one reopened; one closed long ago.
    close_opportunity(session, rep, big.id, outcome="won", reason="Signed")
    close_opportunity(session, rep, small.id, outcome="lost", reason="Price")
    assert_in_step(org)
    reopen_opportunity(session, rep, small.id)
    close_opportunity(session, other, far.id, outcome="lost", reason="Gone")
    force_columns(session, far, stage_changed_at=dt.datetime(2020, 6, 1))
    assert_in_step(org)

    # The customers change hands (with their open deals), go to the recycle bin
    # and come back.
    transfer_customers(
        session,
        org.actor("admin"),
        TransferIn(
            customer_ids=(acme.id,),
            to_user_id=org.ids["rep_a2"],
            with_related=("opportunities",),
        ),
    )
    assert_in_step(org)
    admin = org.actor("admin")
    delete_customers(session, admin, [acme.id])
    assert_in_step(org)
    restore_customers(session, admin, [acme.id])
    assert_in_step(org)

    delete_opportunity(session, admin, small.id)
    assert_in_step(org)
    assert rows(session, FunnelPathTally, "opportunities") and rows(
        session, FunnelStayTally, "stays"
    )

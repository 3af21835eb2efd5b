"""Home page summary: my (focused) customers by stage, follow-ups due, activity."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import Session

from models import Customer, CustomerDueTally, FollowUp, User
from services.actor import Actor
from services.analytics.tallied_counts import (
    LONG_AGO,
    Tallied,
    days_within,
    tallied_by_bucket,
)
from services.customers import (
    FOLLOWUP_DUE,
    followup_due_window,
    next_followup_clause,
    scoped_customers,
    walk_to_customer,
)
from services.permissions import CUSTOMER_VIEW
from services.tallies import tallied_stage_counts
from services.tally_clock import tally_shift

RECENT_LIMIT = 10


def home_summary(
    session: Session, actor: Actor, *, day_start: dt.datetime, day_end: dt.datetime
) -> dict[str, Any]:
    """Counts for the home cards; `day_start/day_end` bound "today" in UTC.
    Raises PermissionDenied."""
    actor.require(CUSTOMER_VIEW)
    scoped = scoped_customers(actor, focus=True).subquery()
    counts = tallied_stage_counts(session, actor.focus_user_ids)
    total = counts.pop("all")
    by_stage = {stage: n for stage, n in counts.items() if n}
    due = followup_due_counts(session, actor, day_start=day_start, day_end=day_end)
    new_today = session.scalar(
        select(func.count())
        .select_from(scoped)
        .where(scoped.c.created_at >= day_start, scoped.c.created_at < day_end)
    )
    return {
        "by_stage": by_stage,
        "total": total,
        "due_today": due["today"],
        "overdue": due["overdue"],
        "new_today": new_today or 0,
    }


def followup_due_counts(
    session: Session, actor: Actor, *, day_start: dt.datetime, day_end: dt.datetime
) -> dict[str, int]:
    """{"today": n, "overdue": m}: focused-scope customers whose next follow-up
    falls on the day [day_start, day_end) or before it, in one index range scan
    (the customers list filters with the same windows). Raises PermissionDenied."""
    actor.require(CUSTOMER_VIEW)
    if actor.focus_user_ids is None:
        return _tallied_due_counts(session, day_start=day_start, day_end=day_end)
    counts = {
        due: func.count().filter(
            next_followup_clause(
                *followup_due_window(due, day_start=day_start, day_end=day_end)
            )
        )
        for due in FOLLOWUP_DUE
    }
    row = session.execute(
        scoped_customers(actor, focus=True)
        .with_only_columns(*counts.values())
        .where(Customer.next_followup_at < day_end)
    ).one()
    return {due: value or 0 for due, value in zip(counts, row, strict=True)}


def _due_rows(grain: str, first: dt.date, stop: dt.date) -> Select:
    return select(
        literal(0).label("author"), CustomerDueTally.customers.label("n")
    ).where(
        CustomerDueTally.grain == grain,
        days_within(CustomerDueTally.starts_on, first, stop),
    )


def _due_records(lower: dt.datetime, upper: dt.datetime) -> Select:
    return select(literal(0).label("author"), literal(1).label("n")).where(
        Customer.deleted_at.is_(None),
        Customer.owner_id.is_not(None),
        next_followup_clause(lower, upper),
    )


# Live owned customers by their next follow-up (models/due_tally.py).
DUE = Tallied(_due_rows, CustomerDueTally.starts_on, _due_records)


def _tallied_due_counts(
    session: Session, *, day_start: dt.datetime, day_end: dt.datetime
) -> dict[str, int]:
    """followup_due_counts for everyone in one query: the whole days and
    months before the day (overdue) and of it (today) from their rollup rows,
    only the hours around them counted (followup_due_window's two spans)."""
    edges = [LONG_AGO - tally_shift(session), day_start, day_end]
    found = tallied_by_bucket(session, DUE, edges, None)
    return {"overdue": found.get(0, 0), "today": found.get(1, 0)}


def due_followups(
    session: Session, actor: Actor, *, before: dt.datetime, limit: int = 10
) -> list[dict[str, Any]]:
    """Customers whose next follow-up is before `before`, most overdue first."""
    actor.require(CUSTOMER_VIEW)
    query = (
        scoped_customers(actor, focus=True)
        .where(Customer.next_followup_at < before)
        .order_by(Customer.next_followup_at)
        .limit(limit)
    )
    return [
        {"id": c.id, "name": c.name, "next_followup_at": c.next_followup_at}
        for c in session.scalars(query)
    ]


# SQLite looks for a team's latest follow-ups among everyone's newest
# RECENT_WALK first, when it expects them within RECENT_EXPECTED of those: it
# otherwise reads every follow-up of the team's customers and sorts them (a
# leader's ~180,000: 100 ms).
RECENT_WALK = 20_000
RECENT_EXPECTED = 2_000


def _walked_recent(session: Session, actor: Actor, query: Select) -> list | None:
    """On SQLite, `query`'s rows of the focused team from everyone's newest
    RECENT_WALK follow-ups, each checked against its customer, when the team
    owns enough customers to expect a full list in there early (a leader's
    first ten: ~550 follow-ups) and it holds one; else None. What lies beyond
    them is older, so a full list from them is the latest."""
    owners = actor.focus_user_ids
    if session.get_bind().dialect.name != "sqlite" or not owners:
        return None
    team = tallied_stage_counts(session, owners)["all"]
    everyone = tallied_stage_counts(session, None)["all"]
    if RECENT_LIMIT * everyone > RECENT_EXPECTED * team:
        return None
    cut = (
        select(FollowUp.occurred_at)
        .order_by(FollowUp.occurred_at.desc())
        .offset(RECENT_WALK - 1)
        .limit(1)
        .scalar_subquery()
    )
    scoped = scoped_customers(actor, focus=True, owners_unindexed=True)
    walked = walk_to_customer(query, FollowUp.customer_id).where(
        FollowUp.customer_id.is_not(None),
        scoped.whereclause,
        FollowUp.occurred_at >= cut,
    )
    rows = session.execute(walked).all()
    return rows if len(rows) == RECENT_LIMIT else None


def recent_followups(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """Latest follow-ups on customers in the actor's focused scope."""
    actor.require(CUSTOMER_VIEW)
    scoped = scoped_customers(actor, focus=True)
    query = (
        select(FollowUp, Customer.name, User.display_name)
        .join(User, User.id == FollowUp.author_id)
        .order_by(FollowUp.occurred_at.desc())
        .limit(RECENT_LIMIT)
    )
    if actor.focus_user_ids is None:
        # Everyone's: the newest follow-ups, each checked against its customer
        # (the IN below made SQLite list a million customers first: 6.9 s).
        query = walk_to_customer(query, FollowUp.customer_id).where(
            FollowUp.customer_id.is_not(None), scoped.whereclause
        )
        rows = session.execute(query).all()
    else:
        rows = _walked_recent(session, actor, query)
        if rows is None:
            scoped_ids = scoped.with_only_columns(Customer.id).scalar_subquery()
            query = query.join(Customer, Customer.id == FollowUp.customer_id)
            rows = session.execute(
                query.where(FollowUp.customer_id.in_(scoped_ids))
            ).all()
    return [
        {
            "customer_id": f.customer_id,
            "customer": name,
            "author": author,
            "type": f.followup_type,
            "content": f.content,
            "occurred_at": f.occurred_at,
        }
        for f, name, author in rows
    ]

"""The performance page's numbers: target vs actual by month (with last year's
actual for year-over-year), by member, and the records behind any number.
Everything is built from services.analytics.performance, the one definition."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Contract, Customer, Payment, Team, User
from services.actor import Actor
from services.analytics.performance import (
    AMOUNT_METRICS,
    actual_by_month,
    actual_by_owner,
    actual_total,
    amounts,
    attainment,
    filtered_measure,
    measure,
    target_by_month,
    target_by_subject,
    target_total,
)
from services.analytics.periods import (
    Period,
    month_period,
    previous_period,
    quarter_period,
    year_earlier,
    year_period,
)
from services.errors import NotFound, ValidationFailed
from services.msgid import N_
from services.org import team_subtree_ids, team_tree_rows
from services.paging import Page, clamp_page


@dataclass(frozen=True)
class Subject:
    """Whose performance: one member, a team (with its sub-teams) or everyone
    the viewer sees. `label` is a name, or None for "everyone"."""

    user_id: int | None = None
    team_id: int | None = None
    label: str | None = None

    def filters(self, session: Session) -> dict:
        if self.user_id is not None:
            return {"user_ids": [self.user_id]}
        if self.team_id is not None:
            return {"team_ids": sorted(team_subtree_ids(session, self.team_id))}
        return {}

    @property
    def target_key(self) -> tuple[str, int] | None:
        if self.user_id is not None:
            return ("user", self.user_id)
        if self.team_id is not None:
            return ("team", self.team_id)
        return None


def viewable_team_ids(session: Session, actor: Actor) -> set[int]:
    """Teams whose results the actor may look at as a whole."""
    if actor.data_scope == "all":
        return set(session.scalars(select(Team.id)))
    if actor.data_scope == "team" and actor.team_id is not None:
        return team_subtree_ids(session, actor.team_id)
    return set()


def viewable_teams(session: Session, actor: Actor) -> list[tuple[int, str, int]]:
    """(id, name, depth) of the teams the actor may pick, in tree order."""
    return team_tree_rows(session, viewable_team_ids(session, actor))


def subject_members(
    session: Session, actor: Actor, team_id: int | None
) -> list[tuple[int, str]]:
    """Active members of the team's subtree the actor sees (the member filter);
    just the actor for own-scope viewers."""
    if team_id is None or team_id not in viewable_team_ids(session, actor):
        return [(actor.user_id, actor.display_name)]
    rows = session.execute(
        select(User.id, User.display_name)
        .where(
            User.team_id.in_(team_subtree_ids(session, team_id)),
            User.is_active.is_(True),
        )
        .order_by(User.display_name, User.id)
    ).all()
    return [(uid, name) for uid, name in rows if actor.sees_user(uid)]


def resolve_subject(
    session: Session, actor: Actor, *, team_id: int | None, user_id: int | None
) -> Subject:
    """The subject a filter bar asks for, defaulting to the viewer's natural one
    (own team for a leader, the top team for everyone-scope, self for a rep).
    Raises NotFound for a team or member outside the viewer's scope."""
    if user_id is not None:
        if not actor.sees_user(user_id):
            raise NotFound()
        user = session.get(User, user_id)
        if user is None:
            raise NotFound()
        return Subject(user_id=user_id, label=user.display_name)
    teams = viewable_team_ids(session, actor)
    if team_id is None:
        if actor.data_scope == "own" or not teams:
            return Subject(user_id=actor.user_id, label=actor.display_name)
        if actor.data_scope == "team":
            team_id = actor.team_id
        else:
            team_id = session.scalar(
                select(Team.id)
                .where(Team.parent_id.is_(None))
                .order_by(Team.sort_order, Team.id)
            )
            if team_id is None:
                return Subject()
    if team_id not in teams:
        raise NotFound()
    return Subject(team_id=team_id, label=session.get(Team, team_id).name)


@dataclass(frozen=True)
class MemberRow:
    user_id: int
    name: str
    team: str | None
    actual: Decimal
    target: Decimal | None
    last_year: Decimal

    @property
    def attainment(self) -> Decimal | None:
        return attainment(self.actual, self.target)


def member_performance(
    session: Session,
    actor: Actor,
    *,
    metric: str,
    period: Period,
    last_year_period: Period,
    subject: Subject,
) -> list[MemberRow]:
    """One row per member of the subject (active members of the team's subtree,
    plus anyone credited in the period), best first."""
    filters = subject.filters(session)
    actual = actual_by_owner(session, actor, metric, period, **filters)
    before = actual_by_owner(session, actor, metric, last_year_period, **filters)
    if subject.user_id is not None:
        member_ids = {subject.user_id}
    elif subject.team_id is not None:
        member_ids = set(
            session.scalars(
                select(User.id).where(
                    User.team_id.in_(filters["team_ids"]), User.is_active.is_(True)
                )
            )
        )
    else:
        member_ids = set()
    member_ids |= set(actual) | set(before)
    member_ids = {uid for uid in member_ids if actor.sees_user(uid)}
    people = session.execute(
        select(User.id, User.display_name, Team.name)
        .outerjoin(Team, Team.id == User.team_id)
        .where(User.id.in_(member_ids))
    ).all()
    targets = target_by_subject(session, metric, "user", member_ids, period)
    rows = [
        MemberRow(
            uid,
            name,
            team,
            actual.get(uid, Decimal(0)),
            targets.get(uid),
            before.get(uid, Decimal(0)),
        )
        for uid, name, team in people
    ]
    return sorted(rows, key=lambda row: (-row.actual, row.name))


def drill_down(
    session: Session,
    actor: Actor,
    *,
    metric: str,
    period: Period,
    subject: Subject,
    page: int = 1,
    page_size: int = 20,
) -> Page:
    """The approved contracts or payments behind a number, newest first; `extra`
    holds their sum, equal to the number that was clicked."""
    m = measure(metric)
    page, page_size = clamp_page(page, page_size)
    filters = subject.filters(session)
    owner = User.display_name.label("owner")
    if m.model is Contract:
        columns = (
            Contract.id,
            Contract.number,
            Contract.name,
            Customer.name.label("customer"),
            Contract.amount,
            Contract.sign_date.label("day"),
            owner,
        )
    else:
        columns = (
            Payment.id,
            Payment.number,
            Contract.name,
            Customer.name.label("customer"),
            Payment.amount,
            Payment.paid_on.label("day"),
            owner,
        )
    query = select(*columns).join(Customer, Customer.id == m.model.customer_id)
    if m.model is Payment:
        query = query.join(Contract, Contract.id == Payment.contract_id)
    query = query.outerjoin(User, User.id == m.owner)
    query = filtered_measure(query, m, actor, period, **filters)
    # The number and sum of the rows from the rollup (the joins keep every row:
    # a contract's customer and a payment's contract are required).
    found = amounts(session, actor, metric, period, **filters)
    total, amount = found[0] if found else (0, Decimal(0))
    rows = session.execute(
        query.order_by(m.day.desc(), m.model.id.desc())
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    return Page(
        rows=[dict(row._mapping) for row in rows],
        total=total,
        page=page,
        page_size=page_size,
        extra={"sum": amount},
    )


@dataclass(frozen=True)
class MonthKpi:
    """One metric for the month so far against its target and last month."""

    metric: str
    actual: Decimal
    target: Decimal | None
    previous: Decimal

    @property
    def attainment(self) -> Decimal | None:
        return attainment(self.actual, self.target)


def focus_subject(session: Session, actor: Actor, focus: str | None) -> Subject:
    """The subject the scope switcher chose ("me", "team:<id>", "all"), else the
    viewer's natural one (self, own team or the company)."""
    if focus == "me":
        return resolve_subject(session, actor, team_id=None, user_id=actor.user_id)
    if focus == "all" and actor.data_scope == "all":
        return Subject()
    team = focus.removeprefix("team:") if focus else ""
    if team.isdigit() and len(team) < 19:
        try:
            return resolve_subject(session, actor, team_id=int(team), user_id=None)
        except NotFound:
            pass  # a team the viewer no longer sees: fall back
    return resolve_subject(session, actor, team_id=None, user_id=None)


def month_kpis(
    session: Session, actor: Actor, *, today: dt.date, subject: Subject
) -> list[MonthKpi]:
    """This month's contract and payment amounts of the subject with the
    month's target and last month."""
    filters = subject.filters(session)
    month = month_period(today.year, today.month)
    before = previous_period(month)
    key = subject.target_key
    return [
        MonthKpi(
            metric,
            actual_total(session, actor, metric, month, **filters),
            target_total(session, metric, key[0], key[1], month) if key else None,
            actual_total(session, actor, metric, before, **filters),
        )
        for metric in AMOUNT_METRICS
    ]


GRAINS = ("month", "quarter", "year")
YEARS_SHOWN = 5


@dataclass(frozen=True)
class SeriesPoint:
    """One bar of a target-vs-actual chart: a month, quarter or year."""

    period: Period
    actual: Decimal
    target: Decimal | None
    before: Decimal  # the same period a year earlier


def _sum_months(
    values: dict[tuple[int, int], Decimal | None], period: Period
) -> Decimal | None:
    found = [values.get(key) for key in period.months()]
    present = [v for v in found if v is not None]
    return sum(present, Decimal(0)) if present else None


def target_vs_actual_series(
    session: Session,
    actor: Actor,
    *,
    metric: str,
    grain: str,
    today: dt.date,
    subject: Subject,
) -> list[SeriesPoint]:
    """This year's months or quarters, or the last five years, with actual,
    target and the year-earlier actual. Raises ValidationFailed (metric/grain)."""
    if grain not in GRAINS:
        raise ValidationFailed({"grain": N_("Unknown period.")})
    if grain == "year":
        buckets = [
            year_period(y) for y in range(today.year - YEARS_SHOWN + 1, today.year + 1)
        ]
    elif grain == "quarter":
        buckets = [quarter_period(today.year, q) for q in range(1, 5)]
    else:
        buckets = [month_period(today.year, m) for m in range(1, 13)]
    span = Period(buckets[0].start, buckets[-1].end)
    earlier = Period(
        buckets[0].start.replace(year=buckets[0].start.year - 1), buckets[-1].end
    )
    filters = subject.filters(session)
    actual = actual_by_month(session, actor, metric, earlier, **filters)
    key = subject.target_key
    targets = target_by_month(session, metric, key[0], key[1], span) if key else {}
    return [
        SeriesPoint(
            bucket,
            _sum_months(actual, bucket) or Decimal(0),
            _sum_months(targets, bucket),
            _sum_months(actual, year_earlier(bucket)) or Decimal(0),
        )
        for bucket in buckets
    ]

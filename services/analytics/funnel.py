"""The sales funnel (销售漏斗): where the subject's opportunities stand, how they
move from stage to stage, how many are won, and how many new leads become
customers.

Which opportunities a period selects — the pipeline as a sales manager reads
it: every opportunity that was open at the end of the period, in the stage it
held then, plus those won or lost within the period. The stage history
(opportunity_stage_changes) rebuilds a past period's end; an opportunity not
moved since then simply holds its current stage. Amounts are the current ones.

Attribution: the opportunity's owner is one of the subject's members
(report.subject_user_ids) within the viewer's scope; opportunities of customers
in the recycle bin do not count.

* by stage: count, amount and weighted amount = amount × the stage's win
  probability (empty amounts count as 0).
* stage conversion: the funnel's steps are the active open stages in order and
  then "won". An opportunity reached step k when its history up to the period's
  end took it to step k or further (a skipped stage counts as passed);
  conversion k → k+1 = reached(k+1) / reached(k) among the selected
  opportunities.
* average days in a stage: the selected opportunities' stays in the stage that
  ended (moved on) before the period's end.
* win rate = won / (won + lost) among those closed within the period.
* lead → customer: the new leads of the period as the work statistics count
  them (services.analytics.work_statistics "new_leads": by creator, deleted
  leads excluded), per creator among the subject's members, and how many of
  them have been converted to a customer so far.

Queries rely on the indexes opportunities (owner_id, …) and (stage_id,
stage_changed_at, …), opportunity_stage_changes (opportunity_id, changed_at,
to_stage_id, left_at), customers in the recycle bin (ix_customers_binned) and
leads (created_by_id, created_at). While a period of whole months runs, the
stage conversion and days in a stage come from the funnel tallies
(models/funnel_tally.py) instead of every selected opportunity's moves.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Select,
    Subquery,
    and_,
    case,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import Session

from models import (
    Customer,
    Lead,
    Opportunity,
    OpportunityStage,
    OpportunityStageChange,
    OpportunityTally,
    User,
)
from models.base import utcnow
from models.funnel_tally import NO_OWNER, OPEN
from models.funnel_tally import FunnelPathTally as Path
from models.funnel_tally import FunnelStayTally as Stay
from services.actor import Actor
from services.analytics.periods import utc_bounds
from services.analytics.report import (
    DRILL_KEY,
    TOTAL_KEY,
    TOTAL_LABEL,
    Column,
    DrillPage,
    Report,
    ReportFilters,
    Section,
    Table,
    every_user,
    fetch_page,
    require_drillable,
    share,
    subject_creators,
    subject_member,
    subject_owns,
    subject_user_ids,
    total_row,
)
from services.analytics.tallied_counts import clock_months, days_within
from services.analytics.timestamps import days_between, local_date
from services.analytics.work_statistics import COUNT_METRICS, count_by_user, counted
from services.errors import NotFound
from services.live_customer import of_live_customer
from services.msgid import N_
from services.opportunities import owner_in_scope
from services.opportunity_stages import list_stages, stage_label
from services.org import user_names
from services.paging import clamp_page, count_rows
from services.tally_clock import tally_shift

Move = OpportunityStageChange
CENT = Decimal("0.01")
TENTH = Decimal("0.1")
DAY_SECONDS = Decimal(86400)
CLOSED_KEY = "closed"


def _money(value: object) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


def _weighted(amount: Decimal, stage: OpportunityStage) -> Decimal:
    return (amount * stage.probability / 100).quantize(CENT)


# --- the opportunities a period selects -----------------------------------------


def pipeline(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    *,
    closed_only: bool = False,
) -> Subquery:
    """The opportunities the period selects (module docstring) as id, owner_id,
    amount, stage_id (held at the period's end) and entered_at (when it was
    entered); with `closed_only` just those won or lost within the period."""
    start, end = utc_bounds(filters.period, filters.zone)

    def at_end(column):
        return (
            select(column)
            .where(Move.opportunity_id == Opportunity.id, Move.changed_at < end)
            .order_by(Move.changed_at.desc(), Move.id.desc())
            .limit(1)
            .correlate(Opportunity)
            .scalar_subquery()
        )

    # Only an opportunity moved after the period's end needs its history read,
    # and none has been when the period ends in the future. There the plain
    # columns also let PostgreSQL estimate the pipeline's size: behind the CASE
    # it guessed 7,000 of 480,000 and took nested loops (3.3 s instead of ~1 s).
    stage_id, entered_at = Opportunity.stage_id, Opportunity.stage_changed_at
    if end <= utcnow():
        moved_since = Opportunity.stage_changed_at >= end
        stage_id = case((moved_since, at_end(Move.to_stage_id)), else_=stage_id)
        entered_at = case((moved_since, at_end(Move.changed_at)), else_=entered_at)
    # The recycle bin as an anti-join: joining everyone's 500,000
    # opportunities to their customers cost 190 ms, the few binned 110 ms.
    query = select(
        Opportunity.id,
        Opportunity.owner_id,
        Opportunity.amount,
        stage_id.label("stage_id"),
        entered_at.label("entered_at"),
    ).where(
        of_live_customer(Opportunity.customer_id),
        owner_in_scope(actor),
        subject_owns(session, actor, filters.subject, Opportunity.owner_id),
    )
    if closed_only:
        # While the period runs, straight from ix_opportunities_stage_changed:
        # a month's closed ones, not everyone's 500,000 filtered (80 → 10 ms).
        stages = list_stages(session, active_only=False)
        closed = [stage.id for stage in stages if stage.outcome != "open"]
        query = query.where(stage_id.in_(closed), entered_at >= start)
    held = query.subquery("held")
    return (
        select(held)
        .join(OpportunityStage, OpportunityStage.id == held.c.stage_id)
        .where(or_(OpportunityStage.outcome == "open", held.c.entered_at >= start))
        .subquery("pipeline")
    )


OPPORTUNITY_COLUMNS = (
    Column("name", N_("Opportunity")),
    Column("customer", N_("Customer")),
    Column("owner", N_("Owner")),
    Column("stage", N_("Stage")),
    Column("amount", N_("Amount"), "money"),
    Column("weighted", N_("Weighted amount"), "money"),
    Column("entered", N_("In stage since"), "date"),
    Column("expected_close_date", N_("Expected close"), "date"),
)


def _opportunity_page(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    narrow: Callable[[Select, Subquery], Select],
    *,
    title: str,
    page: int,
    page_size: int,
    amount: Decimal | None = None,
) -> DrillPage:
    """One page of the selected opportunities that `narrow` keeps, largest
    amount first."""
    play = pipeline(session, actor, filters)
    kept = narrow(select(play).select_from(play), play)
    page, page_size = clamp_page(page, page_size)
    total = count_rows(session, kept)
    # The page first, then its names: joining each of everyone's selected
    # opportunities to its customer and owner before counting and sorting
    # cost ~250 ms.
    shown = (
        kept.order_by(play.c.amount.desc().nulls_last(), play.c.id)
        .limit(page_size)
        .offset((page - 1) * page_size)
        .subquery("shown")
    )
    found = session.execute(
        select(
            shown,
            Opportunity.name,
            Opportunity.expected_close_date,
            Customer.name.label("customer"),
            User.display_name.label("owner"),
        )
        .join(Opportunity, Opportunity.id == shown.c.id)
        .join(Customer, Customer.id == Opportunity.customer_id)
        .outerjoin(User, User.id == shown.c.owner_id)
        .order_by(shown.c.amount.desc().nulls_last(), shown.c.id)
    ).mappings()
    stages = {stage.id: stage for stage in list_stages(session, active_only=False)}
    rows: list[dict[str, Any]] = []
    for row in found:
        stage = stages[row["stage_id"]]
        rows.append(
            {
                "open": ("opportunity", row["id"]),
                "name": row["name"],
                "customer": row["customer"],
                "owner": row["owner"] or "",
                "stage": stage_label(stage, actor.language),
                "amount": row["amount"],
                "weighted": _weighted(_money(row["amount"]), stage),
                "entered": local_date(row["entered_at"], filters.zone),
                "expected_close_date": row["expected_close_date"],
            }
        )
    return DrillPage(
        title,
        OPPORTUNITY_COLUMNS,
        rows,
        total,
        page,
        page_size,
        amount=amount,
    )


# --- stages ---------------------------------------------------------------------

STAGE_COLUMNS = (
    Column("stage", N_("Stage")),
    Column("probability", N_("Win probability"), "percent"),
    Column("count", N_("Opportunities"), "int", drillable=True),
    Column("amount", N_("Amount"), "money", drillable=True),
    Column("weighted", N_("Weighted amount"), "money", drillable=True),
)


def stage_table(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """The selected opportunities by the stage they held at the period's end:
    every active stage (and a disabled one still holding some), in order. Rows
    also carry the stage's `outcome`."""
    stages = list_stages(session, active_only=False)
    totals = _stage_totals(session, actor, filters, stages)
    rows = []
    for stage in stages:
        count, amount = totals.get(stage.id, (0, Decimal(0)))
        if stage.is_active or count:
            rows.append(
                {
                    DRILL_KEY: str(stage.id),
                    "outcome": stage.outcome,
                    "stage": stage_label(stage, actor.language),
                    "probability": Decimal(stage.probability) / 100,
                    "count": count,
                    "amount": amount,
                    "weighted": _weighted(amount, stage),
                }
            )
    return Table(STAGE_COLUMNS, rows)


def _stage_totals(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    stages: list[OpportunityStage],
) -> dict[int, tuple[int, Decimal]]:
    """{stage id: (opportunities, amount)} of the selected ones. While the
    period runs, each holds its current stage: the open ones are counted in
    the trigger-kept tallies (models/opportunity_tally.py; everyone's took
    0.4 s from the opportunities), only those closed in the period one by one."""
    _, end = utc_bounds(filters.period, filters.zone)
    running = end > utcnow()
    play = pipeline(session, actor, filters, closed_only=running)
    query = select(play.c.stage_id, func.count(), func.sum(play.c.amount))
    totals = {
        stage_id: (count, _money(amount))
        for stage_id, count, amount in session.execute(query.group_by(play.c.stage_id))
    }
    if running:
        open_ids = [stage.id for stage in stages if stage.outcome == "open"]
        owners = subject_user_ids(session, actor, filters.subject)
        tallied = (
            select(
                OpportunityTally.stage_id,
                func.sum(OpportunityTally.opportunities),
                func.sum(OpportunityTally.amount),
            )
            .where(OpportunityTally.stage_id.in_(open_ids))
            .group_by(OpportunityTally.stage_id)
        )
        if owners is not None:
            tallied = tallied.where(OpportunityTally.owner_key.in_(owners))
        for stage_id, count, amount in session.execute(tallied):
            if count:
                totals[stage_id] = (int(count), _money(amount))
    return totals


def _stage(session: Session, key: str) -> OpportunityStage:
    """Raises NotFound for a key that is not a stage id."""
    stage = session.get(OpportunityStage, int(key)) if key.isdigit() else None
    if stage is None:
        raise NotFound()
    return stage


def stage_drill(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    row_key: str,
    column_key: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """The selected opportunities in one stage; `amount` is their amount or
    weighted amount as clicked. Raises NotFound."""
    stage = _stage(session, row_key)
    require_drillable(STAGE_COLUMNS, column_key)
    play = pipeline(session, actor, filters)
    amount = _money(
        session.scalar(
            select(func.sum(play.c.amount)).where(play.c.stage_id == stage.id)
        )
    )
    clicked = {"count": None, "amount": amount, "weighted": _weighted(amount, stage)}
    return _opportunity_page(
        session,
        actor,
        filters,
        lambda query, play: query.where(play.c.stage_id == stage.id),
        title=stage_label(stage, actor.language),
        page=page,
        page_size=page_size,
        amount=clicked[column_key],
    )


# --- stage conversion -----------------------------------------------------------

CONVERSION_COLUMNS = (
    Column("stage", N_("Stage"), "label"),  # stage names and the win rate's msgid
    Column("entered", N_("Reached"), "int", drillable=True),
    Column("moved_on", N_("Moved on"), "int", drillable=True),
    Column("rate", N_("Conversion rate"), "percent"),
    Column("days", N_("Average days in stage"), "days"),
)
WIN_RATE_LABEL = N_("Win rate: won of closed")


def _steps(session: Session) -> tuple[list[OpportunityStage], dict[int, int]]:
    """The funnel's open steps in order, and {stage id: step} where every won
    stage is the step after the last open one."""
    stages = list_stages(session, active_only=False)
    steps = [s for s in stages if s.is_active and s.outcome == "open"]
    index = {stage.id: k for k, stage in enumerate(steps)}
    index |= {stage.id: len(steps) for stage in stages if stage.outcome == "won"}
    return steps, index


def _furthest(play: Subquery, index: dict[int, int], end: dt.datetime) -> Subquery:
    """Per selected opportunity (id) the furthest step (step) its history reached
    before `end`; NULL when it only went through stages outside the steps."""
    step = case(index, value=Move.to_stage_id)
    return (
        select(play.c.id, func.max(step).label("step"))
        .join(Move, Move.opportunity_id == play.c.id)
        .where(Move.changed_at < end)
        .group_by(play.c.id)
        .subquery("furthest")
    )


@dataclass(frozen=True)
class Progress:
    """How far the selected opportunities got: {furthest step: opportunities}
    (those that only went through stages outside the steps left out),
    {stage id: (stays, total days)} of their stays that ended before the
    period's end, and {"won"/"lost": opportunities} of those closed within it."""

    furthest: dict[int, int]
    stays: dict[int, tuple[int, Decimal]]
    closed: dict[str, int]


def progress(
    session: Session, actor: Actor, filters: ReportFilters, index: dict[int, int]
) -> Progress:
    """Progress from the opportunities and their moves (any period)."""
    _, end = utc_bounds(filters.period, filters.zone)
    play = pipeline(session, actor, filters)
    furthest = _furthest(play, index, end)
    at_step = session.execute(
        select(furthest.c.step, func.count())
        .where(furthest.c.step.is_not(None))
        .group_by(furthest.c.step)
    )
    # Grouped by an expression, not the column: by to_stage_id itself SQLite
    # walked ix_opportunity_stage_changes_to_at over every move for its order
    # (everyone's month: 5.7 s) instead of each selected one's moves (0.95 s).
    stage = Move.to_stage_id + literal_column("0")
    days = func.sum(days_between(Move.changed_at, Move.left_at))
    stays = session.execute(
        select(stage, func.count(), days)
        .select_from(play)
        .join(Move, Move.opportunity_id == play.c.id)
        .where(Move.left_at < end)
        .group_by(stage)
    )
    closed = pipeline(session, actor, filters, closed_only=True)
    outcomes = session.execute(
        select(OpportunityStage.outcome, func.count())
        .select_from(closed)
        .join(OpportunityStage, OpportunityStage.id == closed.c.stage_id)
        .group_by(OpportunityStage.outcome)
    )
    return Progress(
        dict(at_step.all()),
        {stage_id: (n, Decimal(str(days))) for stage_id, n, days in stays},
        dict(outcomes.all()),
    )


def tallied_progress(
    session: Session, actor: Actor, filters: ReportFilters, index: dict[int, int]
) -> Progress | None:
    """Progress from the funnel tallies (models/funnel_tally.py), or None when
    they cannot tell it: for a period that has ended (its end must be rebuilt
    from the moves) or that is not whole months of the tally clock."""
    start, end = utc_bounds(filters.period, filters.zone)
    months, leftovers = clock_months(start, end, tally_shift(session))
    if end <= utcnow() or months is None or leftovers:
        return None
    owners = subject_user_ids(session, actor, filters.subject)

    def selected(tally, *columns) -> Select:
        """The subject's rows of the open ones and of those closed in the
        period (as pipeline: no owner for an all-scope viewer's everyone)."""
        query = select(*columns).where(
            or_(tally.month == OPEN, days_within(tally.month, *months))
        )
        if owners is None:
            return query.where(
                or_(
                    tally.everyone == 1,
                    and_(tally.everyone == 0, tally.owner_key == NO_OWNER),
                )
            )
        if every_user(session, owners):
            return query.where(tally.everyone == 1)
        return query.where(tally.everyone == 0, tally.owner_key.in_(owners))

    furthest: Counter = Counter()
    closed: Counter = Counter()
    paths = selected(Path, Path.status, Path.visited, func.sum(Path.opportunities))
    for status, visited, n in session.execute(
        paths.group_by(Path.status, Path.visited)
    ):
        steps = [index.get(int(s)) for s in visited.split(",") if s]
        reached = [step for step in steps if step is not None]
        if reached:
            furthest[max(reached)] += n
        if status != "open":
            closed[status] += n
    stays = selected(Stay, Stay.stage_id, func.sum(Stay.stays), func.sum(Stay.seconds))
    return Progress(
        {step: n for step, n in furthest.items() if n},
        {
            stage_id: (n, Decimal(str(seconds)) / DAY_SECONDS)
            for stage_id, n, seconds in session.execute(stays.group_by(Stay.stage_id))
            if n
        },
        {status: n for status, n in closed.items() if n},
    )


def conversion_table(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """Per open step: how many selected opportunities reached it, how many went
    on to the next step (the last one's next is "won"), the conversion and the
    average days in the stage; then the win rate of those closed in the period."""
    steps, index = _steps(session)
    found = tallied_progress(session, actor, filters, index) or progress(
        session, actor, filters, index
    )
    reached = [
        sum(count for step, count in found.furthest.items() if step >= k)
        for k in range(len(steps) + 1)
    ]
    rows: list[dict[str, Any]] = []
    for k, stage in enumerate(steps):
        stays, days = found.stays.get(stage.id, (0, Decimal(0)))
        rows.append(
            {
                DRILL_KEY: str(stage.id),
                "stage": stage_label(stage, actor.language),
                "entered": reached[k],
                "moved_on": reached[k + 1],
                "rate": share(reached[k + 1], reached[k]),
                "days": (days / stays).quantize(TENTH) if stays else None,
            }
        )
    won, lost = found.closed.get("won", 0), found.closed.get("lost", 0)
    rows.append(
        {
            DRILL_KEY: CLOSED_KEY,
            "stage": WIN_RATE_LABEL,
            "entered": won + lost,
            "moved_on": won,
            "rate": share(won, won + lost),
            "days": None,
        }
    )
    return Table(CONVERSION_COLUMNS, rows)


def conversion_drill(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    row_key: str,
    column_key: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """The selected opportunities that reached a step (or the next one), or
    those closed (won) in the period. Raises NotFound."""
    require_drillable(CONVERSION_COLUMNS, column_key)
    moved_on = column_key == "moved_on"
    if row_key == CLOSED_KEY:
        outcomes = ("won",) if moved_on else ("won", "lost")

        def narrow(query: Select, play: Subquery) -> Select:
            return query.join(
                OpportunityStage, OpportunityStage.id == play.c.stage_id
            ).where(OpportunityStage.outcome.in_(outcomes))

        title = WIN_RATE_LABEL
    else:
        stage = _stage(session, row_key)
        steps, index = _steps(session)
        if stage not in steps:
            raise NotFound()
        least = index[stage.id] + moved_on
        _, end = utc_bounds(filters.period, filters.zone)

        def narrow(query: Select, play: Subquery) -> Select:
            furthest = _furthest(play, index, end)
            return query.join(furthest, furthest.c.id == play.c.id).where(
                furthest.c.step >= least
            )

        title = stage_label(stage, actor.language)
    return _opportunity_page(
        session, actor, filters, narrow, title=title, page=page, page_size=page_size
    )


# --- lead → customer ------------------------------------------------------------

LEAD_COLUMNS = (
    Column("member", N_("Member"), "label"),  # names and "Total"
    Column("leads", N_("New leads"), "int", drillable=True),
    Column("converted", N_("Converted to customers"), "int", drillable=True),
    Column("rate", N_("Conversion rate"), "percent"),
)
LEAD_DRILL_COLUMNS = (
    Column("name", N_("Lead")),
    Column("company", N_("Company")),
    Column("owner", N_("Owner")),
    Column("created", N_("Created"), "date"),
    Column("converted_on", N_("Converted on"), "date"),
)
NEW_LEADS = COUNT_METRICS["new_leads"]
CONVERTED = Lead.status == "converted"


def _new_leads(
    query: Select, session: Session, actor: Actor, filters: ReportFilters
) -> Select:
    """`query` over leads narrowed to the subject's new leads of the period (the
    work statistics' count: by creator, deleted leads left out)."""
    return counted(
        query.where(NEW_LEADS.user.is_not(None)),
        NEW_LEADS,
        actor,
        filters.period,
        filters.zone,
        user_ids=subject_user_ids(session, actor, filters.subject),
    )


def lead_table(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """New leads and how many became customers, per creator (most leads first)
    and in total, from the activity tallies (new_leads, new_leads_converted)."""
    creators = subject_creators(session, actor, filters.subject)
    leads, converted = (
        count_by_user(
            session, actor, key, filters.period, filters.zone, user_ids=creators
        )
        for key in ("new_leads", "new_leads_converted")
    )
    names = user_names(session, set(leads))
    rows = sorted(
        (
            {
                DRILL_KEY: str(creator_id),
                "member": names.get(creator_id, ""),
                "leads": count,
                "converted": converted.get(creator_id, 0),
                "rate": share(converted.get(creator_id, 0), count),
            }
            for creator_id, count in leads.items()
        ),
        key=lambda row: (-row["leads"], row["member"]),
    )
    if rows:
        total = total_row(rows, "member", ("leads", "converted"))
        rows.append(total | {"rate": share(total["converted"], total["leads"])})
    return Table(LEAD_COLUMNS, rows)


def lead_drill(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    row_key: str,
    column_key: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """A member's (or every) new lead of the period, or those converted, newest
    first. Raises NotFound."""
    require_drillable(LEAD_COLUMNS, column_key)
    query = _new_leads(
        select(
            Lead.id,
            Lead.name,
            Lead.company,
            Lead.created_at,
            Lead.converted_at,
            User.display_name.label("owner"),
        ).outerjoin(User, User.id == Lead.owner_id),
        session,
        actor,
        filters,
    )
    title = filters.subject.label or TOTAL_LABEL
    if row_key != TOTAL_KEY:
        creator_id, title = subject_member(session, actor, filters, row_key)
        query = query.where(NEW_LEADS.user == creator_id)
    if column_key == "converted":
        query = query.where(CONVERTED)
    found = fetch_page(
        session,
        query.order_by(Lead.created_at.desc(), Lead.id.desc()),
        page,
        page_size,
    )
    rows = [
        {
            "open": ("lead", row["id"]),
            "name": row["name"],
            "company": row["company"],
            "owner": row["owner"] or "",
            "created": local_date(row["created_at"], filters.zone),
            "converted_on": local_date(row["converted_at"], filters.zone),
        }
        for row in found.rows
    ]
    return DrillPage(
        title, LEAD_DRILL_COLUMNS, rows, found.total, found.page, found.page_size
    )


REPORT = Report(
    key="funnel",
    title=N_("Sales funnel"),
    sections=(
        Section("stages", N_("Opportunities by stage"), stage_table, stage_drill),
        Section(
            "conversion", N_("Stage conversion"), conversion_table, conversion_drill
        ),
        Section("leads", N_("Lead → customer conversion"), lead_table, lead_drill),
    ),
)

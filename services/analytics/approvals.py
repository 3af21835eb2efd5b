"""Approval analytics (审批分析): how long each step and each approver takes to
decide, why requests are rejected, and where requests are waiting now.

The definitions, used by the tables, charts, drill-downs and exports alike:

* Cycle time of a step = its decision time − the time it became active, over
  the steps approved or rejected in the period (by decision time). An
  approver's cycle time = their own decision time − the step's activation (in
  an "all" step every approver decides separately). Average and median, in
  hours.
* Reject reasons: the comments of the rejections in the period, grouped after
  normalising them (case, full/half width, spaces and punctuation:
  services.normalize), most frequent first and shown in their most frequent
  spelling.
* Pending bottlenecks: the undecided approvers of the active steps of pending
  requests, now (the period does not apply), with how long the oldest one
  has waited.

A request counts when the viewer sees its submitter or is one of its
approvers, and when its submitter or one of its approvers is the chosen
member (or belongs to the chosen team). When every request counts, the cycle
times of whole clock months come from a rollup of the decisions by the whole
hours they took (models/approval_cycle_tally.py).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import (
    DateTime,
    Integer,
    Select,
    and_,
    any_,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    true,
    union,
    union_all,
)
from sqlalchemy.orm import Session

from models import (
    ApprovalAction,
    ApprovalCycleTally,
    ApprovalRequest,
    ApprovalStep,
    ApprovalStepApprover,
)
from models.approval_cycle_tally import APPROVER, STEP
from models.base import utcnow
from services.actor import Actor
from services.analytics.periods import utc_bounds
from services.analytics.report import (
    DRILL_KEY,
    Column,
    DrillPage,
    Report,
    ReportFilters,
    Section,
    Table,
    every_user,
    member_row,
    require_drillable,
    subject_user_ids,
)
from services.analytics.tallied_counts import clock_months, days_within
from services.analytics.timestamps import hours_between, local_date
from services.approval_inbox import titled
from services.approvals import approval_subject, registered_subjects
from services.errors import NotFound
from services.msgid import N_
from services.normalize import normalize_name
from services.org import user_names
from services.paging import clamp_page, count_rows
from services.planner_hints import unindexed
from services.tally_clock import tally_shift

TENTH = Decimal("0.1")
# Reject reasons shown (the most frequent); shares are of every rejection.
TOP_REASONS = 20


def _hours(value: object) -> Decimal | None:
    """Hours to one decimal; SQLite's julianday arithmetic is off by microseconds,
    so round that noise away first."""
    if value is None:
        return None
    return Decimal(str(round(float(value), 6))).quantize(TENTH, ROUND_HALF_UP)


# --- which requests count -----------------------------------------------------


def _approved_elsewhere(submitters, approvers) -> Select:
    """The requests one of `approvers` approves whose submitter (the approver
    row's copy of it) is not one of `submitters`: read from
    ix_approval_step_approvers_user_decision alone."""
    copy = ApprovalStepApprover.submitter_id
    return select(ApprovalStepApprover.request_id).where(
        ApprovalStepApprover.user_id.in_(sorted(approvers)),
        or_(copy.is_(None), copy.not_in(sorted(submitters))),
    )


def _submitted_or_approved(
    request_id, submitters, approvers, submitter_id=None, *, elsewhere=True, array=False
) -> Any:
    """SQL: the request was submitted by one of `submitters` or has an approver
    among `approvers`. Without the row's copy of its submitter
    (`submitter_id`): a UNION of the two indexed lookups, so a narrow scope
    starts from its few requests (an OR with EXISTS had every decision of the
    period checked one by one: seconds at 600,000 decisions). With it: that
    copy in the list, or the request among those _approved_elsewhere (as an
    `array` on PostgreSQL, which searches it row by row: only those, not the
    ~5,700 requests a leader approves), which the database ORs from two index
    scans. Unless none are approved `elsewhere` (a leader's usual case): then
    the submitter index alone serves the clause (SQLite reads every decision
    of an OR from its table: a leader's year of steps, 50 -> 25 ms)."""
    if submitter_id is not None:
        submitted = submitter_id.in_(sorted(submitters))
        if not elsewhere:
            return submitted
        others = _approved_elsewhere(submitters, approvers)
        return or_(
            submitted,
            request_id == any_(func.array(others.scalar_subquery()))
            if array
            else request_id.in_(others),
        )
    return request_id.in_(
        union(
            select(ApprovalRequest.id).where(
                ApprovalRequest.submitter_id.in_(sorted(submitters))
            ),
            select(ApprovalStepApprover.request_id).where(
                ApprovalStepApprover.user_id.in_(sorted(approvers))
            ),
        )
    )


def _scope_clauses(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    request_id,
    submitter_id=None,
) -> list:
    """SQL clauses (none: every request counts) that the request `request_id`
    (submitted by `submitter_id`, a row's copy, if given) is visible to the
    actor (submitter in scope, or the actor approves it) and involves the
    subject (as submitter or approver)."""
    array = session.get_bind().dialect.name == "postgresql"

    def involved(submitters, approvers) -> Any:
        elsewhere = submitter_id is None or bool(
            session.scalar(select(_approved_elsewhere(submitters, approvers).exists()))
        )
        return _submitted_or_approved(
            request_id,
            submitters,
            approvers,
            submitter_id,
            elsewhere=elsewhere,
            array=array,
        )

    clauses = []
    visible = actor.visible_user_ids
    if visible is not None:
        clauses.append(involved(visible, [actor.user_id]))
    members = subject_user_ids(session, actor, filters.subject)
    if members is None or every_user(session, members):
        return clauses
    # A subject of everyone in view (a leader's own team, with the leader) is
    # involved in whatever is visible: its clause would repeat the work.
    if visible is None or not set(members) >= {*visible, actor.user_id}:
        clauses.append(involved(members, members))
    return clauses


def _requests_in_scope(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    request_id=ApprovalRequest.id,
    submitter_id=None,
):
    """SQL: _scope_clauses all hold."""
    clauses = _scope_clauses(session, actor, filters, request_id, submitter_id)
    return and_(true(), *clauses)


def _decided_in(column, filters: ReportFilters):
    start, end = utc_bounds(filters.period, filters.zone)
    return and_(column >= start, column < end)


# --- cycle times --------------------------------------------------------------


def _cycle_stats(
    session: Session, actor: Actor, filters: ReportFilters, of: CycleFacts
) -> list:
    """Per group of the facts' keys: (keys…, decisions, approved, rejected,
    average hours, median hours). The median is the middle row (or the mean
    of the middle two): PostgreSQL's percentile_cont (a window rank numbers
    every row first: a year of everyone's steps took 2.8 s that way, 1.4 s
    with percentile_cont); SQLite's by the facts' whole hours, as the tallies
    give them (_stats_by_hour): numbering a leader's year of 19,500 steps
    took 38 ms."""
    facts = of.facts(session, actor, filters)
    if session.get_bind().dialect.name != "postgresql":
        facts = facts.add_columns(of.hours_taken.label("hours_taken")).cte("facts")
        keys = [
            facts.c[key].label(column.key)
            for key, column in zip(of.keys, of.tallied, strict=True)
        ]

        def counted(by) -> Any:
            return (
                select(
                    *keys,
                    by,
                    func.count().label("decisions"),
                    func.sum(facts.c.hours).label("hours"),
                )
                .group_by(*keys, by)
                .subquery()
            )

        counts = (counted(facts.c.decision), counted(facts.c.hours_taken))
        return _stats_by_hour(session, of, counts, facts, own_sort=False)
    sub = facts.subquery()
    group = [sub.c[key] for key in of.keys]
    return session.execute(
        select(
            *group,
            func.count(),
            func.sum(case((sub.c.decision == "approved", 1), else_=0)),
            func.sum(case((sub.c.decision == "rejected", 1), else_=0)),
            func.avg(sub.c.hours),
            func.percentile_cont(0.5).within_group(sub.c.hours),
        ).group_by(*group)
    ).all()


STAT_COLUMNS = (
    Column("decisions", N_("Decisions"), "int", drillable=True),
    Column("approved", N_("Approved"), "int", drillable=True),
    Column("rejected", N_("Rejected"), "int", drillable=True),
    Column("average_hours", N_("Average hours"), "hours"),
    Column("median_hours", N_("Median hours"), "hours"),
)
STEP_COLUMNS = (
    Column("object", N_("Record type"), "label"),
    Column("step", N_("Step"), "int"),
    *STAT_COLUMNS,
)
APPROVER_COLUMNS = (Column("approver", N_("Approver")), *STAT_COLUMNS)
# Decision column → the decisions it counts (None: all).
DECISIONS = {"decisions": None, "approved": "approved", "rejected": "rejected"}


def _stats(row) -> dict:
    decisions, approved, rejected, average, median = row
    return {
        "decisions": decisions,
        "approved": int(approved or 0),
        "rejected": int(rejected or 0),
        "average_hours": _hours(average),
        "median_hours": _hours(median),
    }


STEP_HOURS = hours_between(ApprovalStep.activated_at, ApprovalStep.decided_at)
APPROVER_HOURS = hours_between(
    ApprovalStepApprover.asked_at, ApprovalStepApprover.decided_at
)


def _step_facts(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    decided_at: Any = ApprovalStep.decided_at,
) -> Select:
    """Steps decided in the period of requests in scope (read from
    ix_approval_steps_decided alone: the step carries its record type), the
    period's term over `decided_at` (the column, or unindexed)."""
    return select(
        ApprovalStep.object_type.label("object_type"),
        ApprovalStep.position.label("position"),
        ApprovalStep.status.label("decision"),
        STEP_HOURS.label("hours"),
    ).where(
        ApprovalStep.status.in_(("approved", "rejected")),
        ApprovalStep.activated_at.is_not(None),
        _decided_in(decided_at, filters),
        _requests_in_scope(
            session,
            actor,
            filters,
            ApprovalStep.request_id,
            ApprovalStep.submitter_id,
        ),
    )


@dataclass(frozen=True)
class CycleFacts:
    """A cycle time's facts (keys…, decision, hours) and how its tallies
    (models/approval_cycle_tally.py) hold them."""

    facts: Callable[[Session, Actor, ReportFilters], Select]
    kind: str
    keys: tuple[str, ...]  # the facts' group columns
    tallied: tuple  # theirs in the tallies
    hours_taken: Any  # the decisions' whole hours


def _tallied_months(
    session: Session, actor: Actor, filters: ReportFilters
) -> tuple[dt.date, dt.date] | None:
    """The period's whole months of the tally clock (first, stop) when the
    cycle tallies tell its decisions: for every request and a period of whole
    months; else None."""
    start, end = utc_bounds(filters.period, filters.zone)
    months, leftovers = clock_months(start, end, tally_shift(session))
    if leftovers or _scope_clauses(session, actor, filters, ApprovalRequest.id):
        return None
    return months


def _tallied_decisions(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    of: CycleFacts,
    key: tuple,
    column_key: str,
) -> int | None:
    """The decisions of group `key` that the column counts, from the tallies
    (None when they cannot tell them)."""
    months = _tallied_months(session, actor, filters)
    if months is None:
        return None
    tally = ApprovalCycleTally
    query = select(func.coalesce(func.sum(tally.decisions), 0)).where(
        tally.kind == of.kind,
        days_within(tally.month, *months),
        *(column == value for column, value in zip(of.tallied, key, strict=True)),
    )
    if DECISIONS[column_key] is not None:
        query = query.where(tally.decision == DECISIONS[column_key])
    return int(session.scalar(query))


def _tallied_stats(
    session: Session, actor: Actor, filters: ReportFilters, of: CycleFacts
) -> list | None:
    """_cycle_stats from the tallies, for every request and a period of whole
    months of the tally clock (else None)."""
    months = _tallied_months(session, actor, filters)
    if months is None:
        return None
    tally = ApprovalCycleTally
    per_hour = (
        select(
            *of.tallied,
            tally.decision,
            tally.hours_taken,
            tally.decisions,
            tally.hours,
        )
        .where(tally.kind == of.kind, days_within(tally.month, *months))
        .subquery("per_hour")
    )
    facts = (
        of.facts(session, actor, filters)
        .add_columns(of.hours_taken.label("hours_taken"))
        .subquery("facts")
    )
    return _stats_by_hour(session, of, (per_hour, per_hour), facts, own_sort=True)


def _stats_by_hour(
    session: Session,
    of: CycleFacts,
    counts: tuple[Any, Any],
    facts: Any,
    *,
    own_sort: bool,
) -> list:
    """_cycle_stats from `counts`: (per decision, per hour), each with the
    tallies' key columns, `decisions` and their `hours`, the first by
    `decision`, the second by `hours_taken` (the tally rows serve as both);
    and `facts` (the keys, hours and hours_taken of each decision). The
    count, decisions and average of each group come from its rows per
    decision; its median from the decisions of the one or two whole hours
    that hold its middle ones (_medians_by_hour)."""
    per_decision, per_hour = counts
    keys = [per_decision.c[column.key] for column in of.tallied]
    totals = select(
        *keys,
        per_decision.c.decision,
        func.sum(per_decision.c.decisions),
        func.sum(per_decision.c.hours),
    ).group_by(*keys, per_decision.c.decision)
    groups: dict[tuple, dict] = {}
    for *key, decision, n, hours in session.execute(totals):
        if n:
            group = groups.setdefault(tuple(key), {"n": 0, "hours": Decimal(0)})
            group["n"] += n
            group[decision] = n
            group["hours"] += Decimal(str(hours))
    if not groups:
        return []
    medians = _medians_by_hour(session, of, per_hour, facts, own_sort=own_sort)
    return [
        (
            *key,
            group["n"],
            group.get("approved", 0),
            group.get("rejected", 0),
            group["hours"] / group["n"],
            medians[key],
        )
        for key, group in groups.items()
    ]


# A middle hour of more decisions than this has its middle ones picked by a
# sort of its own (ORDER BY … LIMIT … OFFSET): numbering every decision of the
# middle hours in one window took ~110 ms for a quarter whose payments were
# half decided within the hour (70,000 of them in that hour alone).
OWN_SORT_FROM = 2_000


def _middle_hours(of: CycleFacts, per_hour: Any) -> Any:
    """CTE: per group, the whole hours whose decisions hold its middle one or
    two (of `per_hour`, as _stats_by_hour), with `n` decisions, `below`
    decisions in the group's quicker hours and `total` in the group."""
    keys = [per_hour.c[column.key] for column in of.tallied]
    hours = (
        select(*keys, per_hour.c.hours_taken, func.sum(per_hour.c.decisions).label("n"))
        .group_by(*keys, per_hour.c.hours_taken)
        .subquery("hours")
    )
    keys = [hours.c[column.key] for column in of.tallied]
    running = select(
        *keys,
        hours.c.hours_taken,
        hours.c.n,
        # Integers: PostgreSQL sums bigints to numerics, which halve exactly.
        cast(
            func.sum(hours.c.n).over(partition_by=keys, order_by=hours.c.hours_taken),
            Integer,
        ).label("through"),
        cast(func.sum(hours.c.n).over(partition_by=keys), Integer).label("total"),
    ).subquery("running")
    # Ranks (1-based) of the middle decisions: the same one for an odd count.
    first, last = (running.c.total + 1) // 2, (running.c.total + 2) // 2
    below = running.c.through - running.c.n
    return (
        select(running, below.label("below"))
        .where(below < last, running.c.through >= first)
        .cte("middle")
    )


def _medians_by_hour(
    session: Session, of: CycleFacts, per_hour: Any, facts: Any, *, own_sort: bool
) -> dict[tuple, Any]:
    """{group key: median hours}. Only the `facts` of the middle hours
    (_middle_hours) are read: ranked together in one window, or, with
    `own_sort` (a scope's facts would be sought by their hour in everyone's),
    where there are many (OWN_SORT_FROM) by a sort per hour."""
    middle = _middle_hours(of, per_hour)
    fact_keys = [facts.c[key] for key in of.keys]
    middle_keys = [middle.c[column.key] for column in of.tallied]
    ranked = (
        select(
            *fact_keys,
            facts.c.hours,
            middle.c.below,
            middle.c.total,
            func.row_number()
            .over(
                partition_by=[*fact_keys, facts.c.hours_taken], order_by=facts.c.hours
            )
            .label("rank"),
        )
        .join(
            middle,
            and_(
                facts.c.hours_taken == middle.c.hours_taken,
                *(
                    fact == key
                    for fact, key in zip(fact_keys, middle_keys, strict=True)
                ),
            ),
        )
        .where(middle.c.n < OWN_SORT_FROM if own_sort else true())
        .subquery("ranked")
    )
    place = ranked.c.below + ranked.c.rank
    # One statement: the middle values of the few, then the crowded hours
    # (their n set), each sorted below.
    picked = select(
        *(ranked.c[key] for key in of.keys),
        ranked.c.hours,
        *(null().label(name) for name in ("hours_taken", "below", "n", "total")),
    ).where(or_(place == (ranked.c.total + 1) // 2, place == (ranked.c.total + 2) // 2))
    crowded = select(
        *middle_keys,
        null(),
        middle.c.hours_taken,
        middle.c.below,
        middle.c.n,
        middle.c.total,
    ).where(middle.c.n >= OWN_SORT_FROM)
    values: dict[tuple, list] = {}
    width = len(of.keys)
    both = union_all(picked, crowded) if own_sort else picked
    for row in session.execute(both):
        key, (hours, hours_taken, below, n, total) = tuple(row[:width]), row[width:]
        found = values.setdefault(key, [])
        if n is None:
            found.append(hours)
            continue
        # The group's middle ranks that fall in this hour, as ranks within it.
        low = max((total + 1) // 2, below + 1) - below
        high = min((total + 2) // 2, below + n) - below
        # Counted from the nearer end, the sort keeps the fewest rows.
        order, skipped = facts.c.hours, low - 1
        if skipped > n - high:
            order, skipped = facts.c.hours.desc(), n - high
        in_hour = (
            select(facts.c.hours)
            .where(
                facts.c.hours_taken == hours_taken,
                *(fact == value for fact, value in zip(fact_keys, key, strict=True)),
            )
            .order_by(order)
            .limit(high - low + 1)
            .offset(skipped)
        )
        found.extend(session.scalars(in_hour))
    return {key: sum(found) / len(found) for key, found in values.items()}


def cycle_time_by_step(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """Per record type and step position: decisions in the period and the
    average and median hours from activation to decision."""
    found = _tallied_stats(session, actor, filters, STEP_FACTS)
    if found is None:
        found = _cycle_stats(session, actor, filters, STEP_FACTS)
    subjects = registered_subjects()
    rows = []
    for object_type, position, *stats in sorted(found, key=lambda r: (r[0], r[1])):
        subject = subjects.get(object_type)
        rows.append(
            {
                DRILL_KEY: f"{object_type}:{position}",
                "object": subject.label if subject else object_type,
                "step": position,
            }
            | _stats(stats)
        )
    return Table(STEP_COLUMNS, rows)


def _approver_facts(session: Session, actor: Actor, filters: ReportFilters) -> Select:
    """Approvers' own decisions in the period on requests in scope (read from
    ix_approval_step_approvers_decided alone)."""
    return select(
        ApprovalStepApprover.user_id.label("user_id"),
        ApprovalStepApprover.decision.label("decision"),
        APPROVER_HOURS.label("hours"),
    ).where(
        ApprovalStepApprover.decision.is_not(None),
        ApprovalStepApprover.asked_at.is_not(None),
        _decided_in(ApprovalStepApprover.decided_at, filters),
        _requests_in_scope(
            session,
            actor,
            filters,
            ApprovalStepApprover.request_id,
            ApprovalStepApprover.submitter_id,
        ),
    )


def cycle_time_by_approver(
    session: Session, actor: Actor, filters: ReportFilters
) -> Table:
    """Per approver: decisions in the period (approved / rejected) and the
    average and median hours they took, slowest first."""
    found = _tallied_stats(session, actor, filters, APPROVER_FACTS)
    if found is None:
        found = _cycle_stats(session, actor, filters, APPROVER_FACTS)
    names = user_names(session, {row[0] for row in found})
    rows = [
        member_row(actor, names, user_id, "approver") | _stats(stats)
        for user_id, *stats in found
    ]
    rows.sort(key=lambda row: (-(row["average_hours"] or 0), row["approver"]))
    return Table(APPROVER_COLUMNS, rows)


STEP_FACTS = CycleFacts(
    _step_facts,
    STEP,
    ("object_type", "position"),
    (ApprovalCycleTally.object_type, ApprovalCycleTally.position),
    ApprovalStep.hours_taken,
)
APPROVER_FACTS = CycleFacts(
    _approver_facts,
    APPROVER,
    ("user_id",),
    (ApprovalCycleTally.user_key,),
    ApprovalStepApprover.hours_taken,
)


# --- drill-down: the requests behind a number ---------------------------------

RECORD_COLUMNS = (
    Column("object", N_("Record type"), "label"),
    Column("title", N_("Record")),
    Column("submitter", N_("Submitter")),
    Column("step_position", N_("Step"), "int"),
)
DECIDED_DRILL_COLUMNS = (
    *RECORD_COLUMNS,
    Column("decision", N_("Decision"), "label"),
    Column("day", N_("Decided on"), "date"),
    Column("hours", N_("Hours"), "hours"),
)
DECISION_LABELS = {"approved": N_("Approved"), "rejected": N_("Rejected")}


def _as_requests(query: Select, *extra) -> Select:
    """`query` (joined to its request) selecting the request fields
    services.approval_inbox titles rows with, plus `extra` (any of
    step_position, decision, at, hours, who_id, comment)."""
    return query.with_only_columns(
        ApprovalRequest.id.label("request_id"),
        ApprovalRequest.object_type,
        ApprovalRequest.object_id,
        ApprovalRequest.amount,
        ApprovalRequest.submitter_id,
        ApprovalRequest.submitted_at,
        *extra,
        maintain_column_froms=True,
    )


def _request_page(
    session: Session,
    filters: ReportFilters,
    title: str,
    columns: tuple[Column, ...],
    query: Select,
    page: int,
    page_size: int,
) -> DrillPage:
    """One page of an ordered `_as_requests` query as drill rows that open the
    contract or payment."""
    page, page_size = clamp_page(page, page_size)
    total = count_rows(session, query)
    found = session.execute(query.limit(page_size).offset((page - 1) * page_size)).all()
    return _request_rows(
        session, filters, title, columns, found, total, page, page_size
    )


def _request_rows(
    session: Session,
    filters: ReportFilters,
    title: str,
    columns: tuple[Column, ...],
    found: list,
    total: int,
    page: int,
    page_size: int,
) -> DrillPage:
    """A drill page of the rows of an `_as_requests` query."""
    facts = [row._mapping for row in found]
    names = user_names(session, {fact.get("who_id") for fact in facts} - {None})
    subjects = registered_subjects()
    rows = []
    for request, fact in zip(titled(session, found), facts, strict=True):
        subject = subjects.get(fact["object_type"])
        rows.append(
            request
            | {
                "object": subject.label if subject else fact["object_type"],
                "who": names.get(fact.get("who_id"), ""),
                "decision": DECISION_LABELS.get(fact.get("decision"), ""),
                "day": local_date(fact.get("at"), filters.zone),
                "hours": _hours(fact.get("hours")),
                "comment": fact.get("comment"),
                "open": (fact["object_type"], fact["object_id"]),
            }
        )
    return DrillPage(title, columns, rows, total, page, page_size)


def _decided_page(
    session: Session,
    filters: ReportFilters,
    facts: Select,
    *,
    step_id: Any,
    decision: Any,
    decided_at: Any,
    hours: Any,
    hours_taken: Any,
    total: int | None,
    column_key: str,
    title: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """The requests behind a decision cell: what `facts` selects (narrowed to
    the clicked column's decisions, the `decision` column holding them, of the
    step `step_id`, decided at `decided_at` after `hours`, of `hours_taken`
    whole hours), slowest first; `total` of them if known. The page's
    decisions are picked first, down the index by whole hours, and only they
    are joined to their steps and requests: joining every decision of the
    period cost ~0.5 s for everyone's year, sorting them ~0.15 s."""
    if DECISIONS[column_key] is not None:
        facts = facts.where(decision == DECISIONS[column_key])
    page, page_size = clamp_page(page, page_size)
    slowest = (
        facts.with_only_columns(
            step_id.label("step_id"),
            decision.label("decision"),
            decided_at.label("at"),
            hours.label("hours"),
            maintain_column_froms=True,
        )
        .order_by(hours_taken.desc(), hours.desc(), step_id)
        .limit(page_size)
        .offset((page - 1) * page_size)
        .subquery("slowest")
    )
    query = _as_requests(
        select(slowest)
        .join(ApprovalStep, ApprovalStep.id == slowest.c.step_id)
        .join(ApprovalRequest, ApprovalRequest.id == ApprovalStep.request_id),
        ApprovalStep.position.label("step_position"),
        slowest.c.decision,
        slowest.c.at,
        slowest.c.hours,
    ).order_by(slowest.c.hours.desc(), slowest.c.step_id)
    found = session.execute(query).all()
    if total is None:
        total = count_rows(session, facts)
    return _request_rows(
        session, filters, title, DECIDED_DRILL_COLUMNS, found, total, page, page_size
    )


# From this many decisions of a step (everyone's, as the tallies tell them),
# SQLite walks them by whole hours for a drill's page rather than sort them
# all (services/planner_hints.py); fewer sort sooner than a walk finds them.
WALKED_FROM = 2_000


def drill_step(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    row_key: str,
    column_key: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """The requests whose step (record type and position) was decided in the
    period, slowest first. Raises NotFound."""
    require_drillable(STEP_COLUMNS, column_key)
    object_type, _sep, position = row_key.partition(":")
    if not position.isdigit() or object_type not in registered_subjects():
        raise NotFound()
    step = (object_type, int(position))
    total = _tallied_decisions(session, actor, filters, STEP_FACTS, step, column_key)
    decided_at: Any = ApprovalStep.decided_at
    if total is not None and total >= WALKED_FROM:
        decided_at = unindexed(decided_at)
    facts = _step_facts(session, actor, filters, decided_at).where(
        ApprovalStep.object_type == object_type, ApprovalStep.position == step[1]
    )
    return _decided_page(
        session,
        filters,
        facts,
        step_id=ApprovalStep.id,
        decision=ApprovalStep.status,
        decided_at=ApprovalStep.decided_at,
        hours=STEP_HOURS,
        hours_taken=ApprovalStep.hours_taken,
        total=total,
        column_key=column_key,
        title=f"{approval_subject(object_type).label} · {position}",
        page=page,
        page_size=page_size,
    )


def drill_approver(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    row_key: str,
    column_key: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """The requests an approver decided in the period, slowest first.
    Raises NotFound (also for an approver without decisions here)."""
    require_drillable(APPROVER_COLUMNS, column_key)
    user_id = _user_key(row_key)
    facts = _approver_facts(session, actor, filters).where(
        ApprovalStepApprover.user_id == user_id
    )
    if not session.scalar(select(facts.exists())):
        raise NotFound()
    return _decided_page(
        session,
        filters,
        facts,
        step_id=ApprovalStepApprover.step_id,
        decision=ApprovalStepApprover.decision,
        decided_at=ApprovalStepApprover.decided_at,
        hours=APPROVER_HOURS,
        hours_taken=ApprovalStepApprover.hours_taken,
        total=_tallied_decisions(
            session, actor, filters, APPROVER_FACTS, (user_id,), column_key
        ),
        column_key=column_key,
        title=user_names(session, {user_id}).get(user_id, ""),
        page=page,
        page_size=page_size,
    )


# --- reject reasons -----------------------------------------------------------

REASON_COLUMNS = (
    Column("rank", N_("Rank"), "int"),
    Column("reason", N_("Reason")),
    Column("rejections", N_("Rejections"), "int", drillable=True),
    Column("share", N_("Share"), "percent"),
)
REASON_DRILL_COLUMNS = (
    *RECORD_COLUMNS,
    Column("who", N_("Rejected by")),
    Column("day", N_("Rejected on"), "date"),
    Column("comment", N_("Reason")),
)


def _user_key(row_key: str) -> int:
    """The user id an approver row's drill key holds. Raises NotFound."""
    if not row_key.isdigit():
        raise NotFound()
    return int(row_key)


def _reason_key(comment: str | None) -> str:
    """Rejections with the same key give the same reason."""
    text = (comment or "").strip()
    return normalize_name(text) or text


def _rejections(
    session: Session, actor: Actor, filters: ReportFilters, *, requests: bool = False
) -> Select:
    """Reject actions in the period on requests in scope; joined to their
    requests only for `requests` (a drill's rows): counting them is then one
    read of ix_approval_actions_action_created."""
    query = select(ApprovalAction.comment)
    if requests:
        query = query.join(
            ApprovalRequest, ApprovalRequest.id == ApprovalAction.request_id
        )
    return query.where(
        ApprovalAction.action == "reject",
        _decided_in(ApprovalAction.created_at, filters),
        _requests_in_scope(session, actor, filters, ApprovalAction.request_id),
    )


def _spellings(session: Session, actor: Actor, filters: ReportFilters) -> dict:
    """{reason key: Counter of the comments written for it}, counted in SQL per
    exact comment."""
    query = _rejections(session, actor, filters)
    spelled = session.execute(
        query.with_only_columns(
            ApprovalAction.comment, func.count(), maintain_column_froms=True
        ).group_by(ApprovalAction.comment)
    )
    found: dict[str, Counter] = {}
    for comment, count in spelled:
        found.setdefault(_reason_key(comment), Counter())[comment] += count
    return found


def _most_used(spellings: Counter) -> str | None:
    """The spelling written most often, the first in order among equals."""
    return min(spellings, key=lambda c: (-spellings[c], c or ""))


def reject_reasons(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """The most frequent reasons for rejections in the period; ties share a
    rank."""
    found = _spellings(session, actor, filters)
    total = sum(sum(spellings.values()) for spellings in found.values())
    ranked = sorted(
        (
            (sum(spellings.values()), _most_used(spellings), key)
            for key, spellings in found.items()
        ),
        key=lambda item: (-item[0], item[1] or ""),
    )[:TOP_REASONS]
    rows, rank = [], 0
    for position, (count, spelling, key) in enumerate(ranked, start=1):
        if not rows or rows[-1]["rejections"] != count:
            rank = position
        rows.append(
            {
                DRILL_KEY: key,
                "rank": rank,
                "reason": spelling,
                "rejections": count,
                "share": Decimal(count) / total,
            }
        )
    return Table(REASON_COLUMNS, rows)


def drill_reason(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    row_key: str,
    column_key: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """The rejections in the period that gave this reason, newest first.
    Raises NotFound."""
    require_drillable(REASON_COLUMNS, column_key)
    spellings = _spellings(session, actor, filters).get(row_key)
    if not spellings:
        raise NotFound()
    query = (
        _as_requests(
            _rejections(session, actor, filters, requests=True),
            ApprovalAction.step_position,
            ApprovalAction.actor_id.label("who_id"),
            ApprovalAction.created_at.label("at"),
            ApprovalAction.comment,
        )
        .where(ApprovalAction.comment.in_(list(spellings)))
        .order_by(ApprovalAction.created_at.desc(), ApprovalAction.id.desc())
    )
    return _request_page(
        session,
        filters,
        _most_used(spellings),
        REASON_DRILL_COLUMNS,
        query,
        page,
        page_size,
    )


# --- pending bottlenecks ------------------------------------------------------

PENDING_COLUMNS = (
    Column("approver", N_("Approver")),
    Column("pending", N_("Waiting"), "int", drillable=True),
    Column("oldest_day", N_("Oldest waiting since"), "date"),
    Column("oldest_hours", N_("Oldest waiting (hours)"), "hours"),
)
PENDING_DRILL_COLUMNS = (
    *RECORD_COLUMNS,
    Column("day", N_("Waiting since"), "date"),
    Column("hours", N_("Hours waiting"), "hours"),
)


def _waiting(session: Session, actor: Actor, filters: ReportFilters) -> Select:
    """Undecided approvers of the active steps of pending requests in scope
    (the rows with waiting_since: models.approval)."""
    return select(ApprovalStepApprover.user_id).where(
        ApprovalStepApprover.waiting_since.is_not(None),
        _requests_in_scope(session, actor, filters, ApprovalStepApprover.request_id),
    )


def _waited():
    """SQL: hours from the step's activation until now."""
    return hours_between(
        ApprovalStepApprover.waiting_since, literal(utcnow(), DateTime())
    )


def pending_bottlenecks(
    session: Session, actor: Actor, filters: ReportFilters
) -> Table:
    """Per approver: how many requests wait for them now and since when the
    oldest has been waiting; most waiting first."""
    found = session.execute(
        _waiting(session, actor, filters)
        .with_only_columns(
            ApprovalStepApprover.user_id,
            func.count(),
            func.min(ApprovalStepApprover.waiting_since),
            func.max(_waited()),
            maintain_column_froms=True,
        )
        .group_by(ApprovalStepApprover.user_id)
    ).all()
    names = user_names(session, {row[0] for row in found})
    rows = [
        member_row(actor, names, user_id, "approver")
        | {
            "pending": count,
            "oldest_day": local_date(oldest, filters.zone),
            "oldest_hours": _hours(waited),
        }
        for user_id, count, oldest, waited in found
    ]
    rows.sort(key=lambda row: (-row["pending"], row["approver"]))
    return Table(PENDING_COLUMNS, rows)


def drill_pending(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    row_key: str,
    column_key: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """The requests waiting for an approver, longest waiting first.
    Raises NotFound (also for an approver nothing waits for)."""
    require_drillable(PENDING_COLUMNS, column_key)
    user_id = _user_key(row_key)
    waiting = (
        _waiting(session, actor, filters)
        .join(ApprovalStep, ApprovalStep.id == ApprovalStepApprover.step_id)
        .join(ApprovalRequest, ApprovalRequest.id == ApprovalStepApprover.request_id)
        .where(ApprovalStepApprover.user_id == user_id)
    )
    query = _as_requests(
        waiting,
        ApprovalStep.position.label("step_position"),
        ApprovalStepApprover.waiting_since.label("at"),
        _waited().label("hours"),
    ).order_by(ApprovalStepApprover.waiting_since, ApprovalRequest.id)
    result = _request_page(
        session,
        filters,
        user_names(session, {user_id}).get(user_id, ""),
        PENDING_DRILL_COLUMNS,
        query,
        page,
        page_size,
    )
    if not result.total:
        raise NotFound()
    return result


REPORT = Report(
    key="approvals",
    title=N_("Approval analytics"),
    sections=(
        Section("steps", N_("Cycle time per step"), cycle_time_by_step, drill_step),
        Section(
            "approvers",
            N_("Cycle time per approver"),
            cycle_time_by_approver,
            drill_approver,
        ),
        Section("reasons", N_("Reject reasons"), reject_reasons, drill_reason),
        Section(
            "pending", N_("Pending bottlenecks"), pending_bottlenecks, drill_pending
        ),
    ),
)

"""Rankings (排行榜): the members the viewer sees in the subject, ranked by one
metric — contract or payment amount (SPEC §9), new customers, follow-ups or won
opportunities (the definitions of services.analytics.work_statistics).

Standard competition ranking: equal values share a rank and the next rank skips
(1, 1, 3). The top N keeps every member whose rank is at most N, so a tie at the
edge shows all of its members. The viewer's row says `is_me`; when the viewer
is ranked but outside the top N, their row follows with their real rank.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from services.actor import Actor
from services.analytics.performance import AMOUNT_METRICS
from services.analytics.report import (
    DRILL_KEY,
    Column,
    DrillPage,
    Option,
    Report,
    ReportFilters,
    Section,
    Table,
    subject_creators,
    visible_member,
)
from services.analytics.work_statistics import (
    count_by_user,
    deals_by_owner,
    member_records,
    report_members,
)
from services.errors import NotFound
from services.msgid import N_

METRIC_LABELS = {
    "contract_amount": N_("Contract amount"),
    "payment_amount": N_("Payment amount"),
    "new_customers": N_("New customers"),
    "followups": N_("Follow-ups"),
    "won_opportunities": N_("Won opportunities"),
}
METRIC = Option(
    "metric", N_("Ranked by"), tuple(METRIC_LABELS.items()), "contract_amount"
)
TOP = Option(
    "top",
    N_("Show"),
    (("10", N_("Top 10")), ("20", N_("Top 20")), ("50", N_("Top 50"))),
    "10",
)


def ranked_metric(filters: ReportFilters) -> str:
    return METRIC.clean(filters.options.get(METRIC.key))


def metric_values(
    session: Session, actor: Actor, filters: ReportFilters, metric: str
) -> dict[int, int | Decimal]:
    """{member: value} of everyone credited with something in the subject."""
    if metric in AMOUNT_METRICS:
        deals = deals_by_owner(session, actor, metric, filters.period, filters.subject)
        return {uid: amount for uid, (_count, amount) in deals.items()}
    return count_by_user(
        session,
        actor,
        metric,
        filters.period,
        filters.zone,
        user_ids=subject_creators(session, actor, filters.subject),
    )


def competition_ranks(values: list[int | Decimal]) -> list[int]:
    """Ranks of values sorted best first: ties share a rank, the next skips."""
    ranks: list[int] = []
    for position, value in enumerate(values):
        tied = position and value == values[position - 1]
        ranks.append(ranks[-1] if tied else position + 1)
    return ranks


def ranking_table(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """The top N members by the chosen metric (every member of the subject
    counts, zeros included), plus the viewer's own row when below the top N."""
    metric = ranked_metric(filters)
    top = int(TOP.clean(filters.options.get(TOP.key)))
    values = metric_values(session, actor, filters, metric)
    members = report_members(session, actor, filters.subject, values)
    zero = Decimal(0) if metric in AMOUNT_METRICS else 0
    # report_members lists by name: a stable sort keeps ties in name order.
    members.sort(key=lambda member: -values.get(member.user_id, zero))
    ranks = competition_ranks([values.get(m.user_id, zero) for m in members])
    rows: list[dict[str, Any]] = []
    for member, rank in zip(members, ranks, strict=True):
        is_me = member.user_id == actor.user_id
        if rank <= top or is_me:
            rows.append(
                {
                    DRILL_KEY: str(member.user_id),
                    "rank": rank,
                    "name": member.name,
                    "team": member.team,
                    metric: values.get(member.user_id, zero),
                    "is_me": is_me,
                }
            )
    columns = (
        Column("rank", N_("Rank"), "int"),
        Column("name", N_("Member")),
        Column("team", N_("Team")),
        Column(
            metric,
            METRIC_LABELS[metric],
            "money" if metric in AMOUNT_METRICS else "int",
            True,
        ),
    )
    return Table(columns, rows)


def ranking_drill(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    row_key: str,
    column_key: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """The records behind a member's number. Raises NotFound for an unknown
    member or a column other than the ranked metric."""
    member = visible_member(session, actor, row_key)
    metric = ranked_metric(filters)
    if column_key != metric:
        raise NotFound()
    return member_records(
        session,
        actor,
        filters,
        member,
        metric,
        money=metric in AMOUNT_METRICS,
        page=page,
        page_size=page_size,
    )


REPORT = Report(
    key="rankings",
    title=N_("Rankings"),
    sections=(Section("ranking", N_("Ranking"), ranking_table, ranking_drill),),
    options=(METRIC, TOP),
)

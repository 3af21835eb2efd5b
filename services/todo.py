"""To-do inbox (待办): what waits for the actor, for the home card and /todo.

Every count is one cheap scoped query and matches the filtered list it links to:
the approval counts come from the approval inbox, follow-ups from the customers
list's own window, installments from the payment plans. A count the actor has no
business seeing (no permission for the module) is None, so the UI leaves it out
instead of showing a misleading zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from services.actor import Actor
from services.approval_inbox import (
    count_my_submissions_in_progress,
    count_pending_approvals,
)
from services.contracts import (
    ContractFilter,
    ending_clause,
    list_contracts,
    scoped_contracts,
)
from services.home import followup_due_counts
from services.paging import Page, count_rows
from services.payment_plans import count_installments_due
from services.permissions import (
    CONTRACT_VIEW,
    CUSTOMER_VIEW,
    PAYMENT_VIEW,
    POOL_ASSIGN,
    POOL_DIRECT_ASSIGN,
)
from services.pool import expiring_customers, pending_review_count

# "Contracts ending soon": approved contracts whose end date is at most this many
# days away (the contracts list's ?ending_within=30).
ENDING_WITHIN_DAYS = 30


@dataclass(frozen=True)
class Day:
    """The user's calendar day: its date and its bounds as naive UTC."""

    date: dt.date
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class TodoSummary:
    """What waits for the actor; None = not applicable to the actor's role."""

    approvals: dict[str, int]  # waiting for my approval, by object type
    submissions: int  # my submissions still pending
    pool_requests: int | None  # pool-claim requests the actor reviews
    followups: dict[str, int] | None  # {"today": n, "overdue": m}
    returning: int | None  # my customers returning to the pool soon
    contracts_ending: int | None
    installments: dict[str, int] | None  # {"overdue": n, "today": m}

    @property
    def total(self) -> int:
        """Everything that asks for action now (for the home card's badge)."""
        parts = [
            *self.approvals.values(),
            self.submissions,
            self.pool_requests or 0,
            *(self.followups or {}).values(),
            self.returning or 0,
            self.contracts_ending or 0,
            *(self.installments or {}).values(),
        ]
        return sum(parts)


def todo_summary(
    session: Session, actor: Actor, *, today: Day, now: dt.datetime | None = None
) -> TodoSummary:
    """Every to-do count for the actor, each in the scope its list uses; `now`
    (naive UTC) times the pool's return deadlines. Never raises PermissionDenied:
    counts of modules the actor may not use are None."""
    reviews_pool = actor.can(POOL_ASSIGN) or actor.can(POOL_DIRECT_ASSIGN)
    sees_customers = actor.can(CUSTOMER_VIEW)
    sees_contracts = actor.can(CONTRACT_VIEW)
    return TodoSummary(
        approvals=count_pending_approvals(session, actor),
        submissions=count_my_submissions_in_progress(session, actor),
        pool_requests=pending_review_count(session, actor) if reviews_pool else None,
        followups=followup_due_counts(
            session, actor, day_start=today.start, day_end=today.end
        )
        if sees_customers
        else None,
        # The actor's own customers only, bounded by what one person owns: the
        # exact deadline (extensions, several rules) is computed per customer.
        returning=len(expiring_customers(session, actor, now=now))
        if sees_customers
        else None,
        contracts_ending=count_rows(
            session,
            scoped_contracts(actor, focus=True).where(
                ending_clause(today.date, ENDING_WITHIN_DAYS)
            ),
        )
        if sees_contracts
        else None,
        installments=count_installments_due(session, actor, today=today.date)
        if sees_contracts or actor.can(PAYMENT_VIEW)
        else None,
    )


def contracts_ending(
    session: Session,
    actor: Actor,
    *,
    today: dt.date,
    page: int = 1,
    page_size: int = 10,
) -> Page:
    """One page of approved contracts in scope ending within ENDING_WITHIN_DAYS,
    soonest first: the contracts list under its ?ending_within filter.
    Raises PermissionDenied."""
    return list_contracts(
        session,
        actor,
        ContractFilter(
            ending_within=ENDING_WITHIN_DAYS,
            today=today,
            sort="end_date",
            descending=False,
            page=page,
            page_size=page_size,
        ),
    )

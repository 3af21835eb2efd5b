"""Public pool (公海) and team customers: list the pool, release, claim, assign,
cross-team review, extend deadlines, pool rules.

Race-prone moves are single conditional UPDATEs checked by rowcount: a customer
leaves the pool only `WHERE owner_id IS NULL`, a request is reviewed only
`WHERE status = 'pending'`. Every move writes a PoolEvent and an audit row in the
same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import (
    AuditLog,
    Customer,
    PoolClaimRequest,
    PoolEvent,
    PoolRules,
    Team,
    User,
)
from models.base import utcnow
from services.actor import Actor
from services.audit import record_audit, snapshot
from services.customers import (
    CustomerFilter,
    customer_search_clause,
    get_customer,
    list_customers,
)
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.exports import ExportResult, export_customers
from services.msgid import N_
from services.normalize import clean
from services.notifications import notify
from services.org import team_subtree_ids, user_names
from services.paging import Page, clamp_page, count_rows, last_page, sort_order
from services.permissions import (
    ADMIN_SETTINGS,
    CUSTOMER_DELETE,
    CUSTOMER_EDIT,
    POOL_ASSIGN,
    POOL_CLAIM,
    POOL_DIRECT_ASSIGN,
)
from services.tallies import (
    answered_by_tally,
    counts_by_stage,
    tallied_stage_counts,
)

RULES_ID = 1
MAX_RULE_DAYS = 3650
MAX_EXTENSION_DAYS = 365
MAX_NOTE = 200
ALREADY_CLAIMED = N_("{name} has already been claimed by someone else.")
# Why a customer entered or left the pool (models.pool POOL_IN_REASONS,
# POOL_OUT_REASONS), as the pool pages and the pool analytics show it.
REASON_LABELS = {
    "released": N_("Released"),
    "auto_no_followup": N_("No follow-up in time"),
    "auto_unsigned": N_("Not signed in time"),
    "auto_dormant": N_("Dormant too long"),
    "claimed": N_("Claimed"),
    "assigned": N_("Assigned"),
    "approved": N_("Assigned after review"),
}

# --- rules ---------------------------------------------------------------------

RULE_FIELDS = (
    "no_followup_days",
    "unsigned_days",
    "dormant_days",
    "warn_days",
    "max_customers_per_rep",
    "reclaim_block_days",
)
DEFAULT_RULES = {
    "auto_return_enabled": False,
    "no_followup_days": 30,
    "unsigned_days": 90,
    "dormant_days": 180,
    "warn_days": 3,
    "max_customers_per_rep": 0,
    "reclaim_block_days": 0,
}


@dataclass(frozen=True)
class PoolRulesIn:
    """What the admin form sends; day counts may arrive as text."""

    auto_return_enabled: bool = False
    no_followup_days: object = 30
    unsigned_days: object = 90
    dormant_days: object = 180
    warn_days: object = 3
    max_customers_per_rep: object = 0
    reclaim_block_days: object = 0


def get_rules(session: Session) -> PoolRules:
    """The stored rules, or (before an admin saved any) the unsaved defaults."""
    rules = session.get(PoolRules, RULES_ID)
    return rules if rules is not None else PoolRules(id=RULES_ID, **DEFAULT_RULES)


def rules_detail(session: Session, actor: Actor) -> dict[str, Any]:
    """The rules for the admin form. Raises PermissionDenied."""
    actor.require(ADMIN_SETTINGS)
    rules = get_rules(session)
    return {
        "auto_return_enabled": rules.auto_return_enabled,
        **{name: getattr(rules, name) for name in RULE_FIELDS},
        "version": rules.version or 0,
    }


def _parse_days(value: object, limit: int) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip() if value is not None else ""
        if not (text.isascii() and text.isdigit()) or len(text) > 6:
            return None
        number = int(text)
    return number if 0 <= number <= limit else None


def update_rules(
    session: Session, actor: Actor, data: PoolRulesIn, *, expected_version: int
) -> PoolRules:
    """Save the pool rules edited on `expected_version` (0 = never saved).
    Raises PermissionDenied, ValidationFailed, Conflict."""
    actor.require(ADMIN_SETTINGS)
    values: dict[str, int] = {}
    errors: dict[str, str] = {}
    for name in RULE_FIELDS:
        limit = 100_000 if name == "max_customers_per_rep" else MAX_RULE_DAYS
        number = _parse_days(getattr(data, name), limit)
        if number is None:
            errors[name] = N_("Enter a whole number from 0 to {limit}.")
        else:
            values[name] = number
    rule_days = [
        values[name]
        for name in ("no_followup_days", "unsigned_days", "dormant_days")
        if values.get(name)
    ]
    if "warn_days" in values and rule_days and values["warn_days"] >= min(rule_days):
        errors["warn_days"] = N_(
            "The warning must come before the shortest return rule."
        )
    if errors:
        raise ValidationFailed(errors, limit=MAX_RULE_DAYS)
    rules = session.scalar(
        select(PoolRules)
        .where(PoolRules.id == RULES_ID)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if (rules.version if rules is not None else 0) != expected_version:
        raise Conflict(
            N_("Someone saved the pool rules after you opened them. Reload first.")
        )
    before = None
    if rules is None:
        rules = PoolRules(id=RULES_ID)
        session.add(rules)
    else:
        before = snapshot(rules)
    rules.auto_return_enabled = bool(data.auto_return_enabled)
    for name, number in values.items():
        setattr(rules, name, number)
    rules.updated_by_id = actor.user_id
    session.flush()
    record_audit(
        session,
        actor,
        "pool.rules_update",
        "pool_rules",
        rules.id,
        before=before,
        after=snapshot(rules),
    )
    return rules


def return_deadline(
    rules: PoolRules,
    *,
    stage: str,
    last_followup_at: dt.datetime | None,
    claimed_at: dt.datetime | None,
    created_at: dt.datetime,
    extension_days: int = 0,
) -> tuple[dt.datetime, str] | None:
    """When (and why) an owned customer returns to the pool under `rules`; None
    when no rule applies. The clocks start when the owner got the customer
    (claimed, assigned or created), so an old follow-up never counts against a
    new owner; a leader's extension moves the signing (cooperating: dormancy)
    deadline."""
    if not rules.auto_return_enabled:
        return None
    start = claimed_at or created_at
    active_since = max(last_followup_at or start, start)
    extension = dt.timedelta(days=extension_days or 0)
    deadlines = []
    if stage == "cooperating":
        if rules.dormant_days:
            deadlines.append(
                (
                    active_since + dt.timedelta(days=rules.dormant_days) + extension,
                    "auto_dormant",
                )
            )
    else:
        if rules.no_followup_days:
            deadlines.append(
                (
                    active_since + dt.timedelta(days=rules.no_followup_days),
                    "auto_no_followup",
                )
            )
        if rules.unsigned_days:
            deadlines.append(
                (
                    start + dt.timedelta(days=rules.unsigned_days) + extension,
                    "auto_unsigned",
                )
            )
    return min(deadlines) if deadlines else None


def customer_deadline(rules: PoolRules, customer: Customer):
    return return_deadline(
        rules,
        stage=customer.stage,
        last_followup_at=customer.last_followup_at,
        claimed_at=customer.claimed_at,
        created_at=customer.created_at,
        extension_days=customer.pool_extension_days,
    )


# --- shared helpers ----------------------------------------------------------


def _require_ids(ids) -> list[int]:
    unique = list(dict.fromkeys(int(i) for i in ids or ()))
    if not unique:
        raise ValidationFailed({"selection": N_("Select at least one customer.")})
    return unique


def require_pool_access(actor: Actor) -> None:
    """Pool customers are visible to whoever may claim or assign them. Raises
    PermissionDenied."""
    if not (
        actor.can(POOL_CLAIM) or actor.can(POOL_ASSIGN) or actor.can(POOL_DIRECT_ASSIGN)
    ):
        raise PermissionDenied()


def _user_teams(session: Session, user_ids: set[int]) -> dict[int, int | None]:
    if not user_ids:
        return {}
    return dict(
        session.execute(
            select(User.id, User.team_id).where(User.id.in_(user_ids))
        ).all()
    )


def _team_names(session: Session, team_ids: set[int]) -> dict[int, str]:
    if not team_ids:
        return {}
    return dict(
        session.execute(select(Team.id, Team.name).where(Team.id.in_(team_ids))).all()
    )


def _note(value: str | None, *, required: bool, name: str = "reason") -> str | None:
    """A cleaned free-text reason. Raises ValidationFailed."""
    text = clean(value) if isinstance(value, str) else None
    if required and not text:
        raise ValidationFailed({name: N_("Give a reason.")})
    if text and len(text) > MAX_NOTE:
        raise ValidationFailed({name: N_("At most 200 characters.")})
    return text or None


def _assignee(session: Session, actor: Actor, user_id: int | None) -> User:
    """An active user the actor may give customers to (own scope: own team and
    sub-teams for a leader). Raises ValidationFailed."""
    user = session.get(User, user_id) if user_id is not None else None
    if user is None or not user.is_active or not actor.sees_user(user.id):
        raise ValidationFailed({"user_id": N_("Choose an active member of your team.")})
    return user


def owned_count(session: Session, user_id: int) -> int:
    return (
        session.scalar(
            select(func.count()).where(
                Customer.owner_id == user_id, Customer.deleted_at.is_(None)
            )
        )
        or 0
    )


def _check_limit(session: Session, rules: PoolRules, user: User, adding: int) -> None:
    """Refuse to give `user` more customers than the rules allow. Raises Conflict."""
    limit = rules.max_customers_per_rep
    if not limit or adding <= 0:
        return
    owned = owned_count(session, user.id)
    if owned + adding > limit:
        raise Conflict(
            N_(
                "{user} already owns {owned} customers; the limit is {limit}. "
                "Nothing was changed."
            ),
            user=user.display_name,
            owned=owned,
            limit=limit,
        )


def _reviewer_team(
    session: Session, last_team_id: int | None, target: User, actor: Actor
) -> Team | None:
    """The team whose leader must approve giving this customer to `target`: the
    last owner's team (or its nearest ancestor with a leader) when that is not
    the target's own team and its leader is not the one acting."""
    if last_team_id is None or last_team_id == target.team_id:
        return None
    team = session.get(Team, last_team_id)
    seen: set[int] = set()
    while team is not None and team.leader_id is None and team.id not in seen:
        seen.add(team.id)
        team = session.get(Team, team.parent_id) if team.parent_id else None
    if team is None or team.leader_id in (actor.user_id, target.id):
        return None
    return team


def _leave_pool(
    session: Session, customer_id: int, owner_id: int, actor: Actor, now: dt.datetime
) -> bool:
    """Give a pool customer to `owner_id` unless someone was faster."""
    result = session.execute(
        update(Customer)
        .where(
            Customer.id == customer_id,
            Customer.owner_id.is_(None),
            Customer.deleted_at.is_(None),
        )
        .values(
            owner_id=owner_id,
            claimed_at=now,
            pool_entered_at=None,
            pool_reason=None,
            pool_note=None,
            pool_extension_days=0,
            updated_at=now,
            updated_by_id=actor.user_id,
            version=Customer.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def enter_pool_values(
    owner_id: int | None,
    team_id: int | None,
    reason: str,
    note: str | None,
    now: dt.datetime,
) -> dict[str, Any]:
    """Column values of a customer entering the pool (release or rule)."""
    return {
        "owner_id": None,
        "last_owner_id": owner_id,
        "last_team_id": team_id,
        "pool_entered_at": now,
        "pool_reason": reason,
        "pool_note": note,
        "claimed_at": None,
        "pool_extension_days": 0,
    }


# --- the pool list and pool customers ------------------------------------------

POOL_SORTS = {
    "entered": Customer.pool_entered_at,
    "created": Customer.created_at,
    "last_followup": Customer.last_followup_at,
    "name": Customer.name_normalized,
}


@dataclass(frozen=True)
class PoolFilter:
    search: str | None = None
    stage: str | None = None
    level: str | None = None
    source: str | None = None
    industry: str | None = None
    province: str | None = None
    city: str | None = None
    last_team_id: int | None = None
    reason: str | None = None
    sort: str = "entered"
    descending: bool = True
    page: int = 1
    page_size: int = 20


def pool_customers() -> Select:
    """Live customers without an owner."""
    return select(Customer).where(
        Customer.owner_id.is_(None), Customer.deleted_at.is_(None)
    )


def _pool_filtered(
    session: Session, flt: PoolFilter, *, with_stage: bool = True
) -> Select:
    query = pool_customers()
    if flt.search and (clause := customer_search_clause(flt.search)) is not None:
        query = query.where(clause)
    for name in ("level", "source", "industry", "province", "city"):
        value = getattr(flt, name)
        if value:
            query = query.where(getattr(Customer, name) == value)
    if with_stage and flt.stage:
        query = query.where(Customer.stage == flt.stage)
    if flt.reason:
        query = query.where(Customer.pool_reason == flt.reason)
    if flt.last_team_id is not None:
        teams = team_subtree_ids(session, flt.last_team_id)
        query = query.where(Customer.last_team_id.in_(teams))
    return query


def list_pool(
    session: Session, actor: Actor, flt: PoolFilter, *, now: dt.datetime | None = None
) -> Page:
    """One page of pool customers with days in pool, last owner and team, and
    stage tab counts. Raises PermissionDenied."""
    require_pool_access(actor)
    now = now or utcnow()
    page, size = clamp_page(flt.page, flt.page_size)
    query = _pool_filtered(session, flt)
    if answered_by_tally(flt):
        counts = tallied_stage_counts(session, None, pool=True)
    else:
        sub = _pool_filtered(session, flt, with_stage=False).subquery()
        by_stage = select(sub.c.stage, func.count()).group_by(sub.c.stage)
        counts = counts_by_stage(session.execute(by_stage).all())
    # The tab's own count: the stage counts serve the tabs and the pager.
    total = counts.get(flt.stage or "all", 0)
    page = min(page, last_page(total, size))  # past the end: the last page
    column = POOL_SORTS.get(flt.sort, Customer.pool_entered_at)
    customers = session.scalars(
        query.order_by(*sort_order(column, flt.descending, Customer.id))
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    ids = [c.id for c in customers]
    pending = set(
        session.scalars(
            select(PoolClaimRequest.customer_id).where(
                PoolClaimRequest.customer_id.in_(ids),
                PoolClaimRequest.status == "pending",
            )
        )
    )
    names = user_names(session, {c.last_owner_id for c in customers} - {None})
    teams = _team_names(session, {c.last_team_id for c in customers} - {None})
    rows = [
        pool_row(c, names, teams, now) | {"pending": c.id in pending} for c in customers
    ]
    return Page(rows, total, page, size, {"stage_counts": counts})


def pool_row(
    customer: Customer,
    names: dict[int, str],
    teams: dict[int, str],
    now: dt.datetime,
) -> dict[str, Any]:
    entered = customer.pool_entered_at
    return {
        "id": customer.id,
        "name": customer.name,
        "mobile": customer.mobile,
        "stage": customer.stage,
        "level": customer.level,
        "source": customer.source,
        "industry": customer.industry,
        "province": customer.province,
        "city": customer.city,
        "last_owner": names.get(customer.last_owner_id or 0, ""),
        "last_team": teams.get(customer.last_team_id or 0, ""),
        "last_team_id": customer.last_team_id,
        "pool_reason": customer.pool_reason,
        "pool_note": customer.pool_note,
        "pool_entered_at": entered,
        "days_in_pool": (now - entered).days if entered else None,
        "last_followup_at": customer.last_followup_at,
        "created_at": customer.created_at,
    }


def get_pool_customer(session: Session, actor: Actor, customer_id: int) -> Customer:
    """A live customer in the pool, for someone who may claim or assign.
    Raises PermissionDenied, NotFound."""
    require_pool_access(actor)
    customer = session.scalar(pool_customers().where(Customer.id == customer_id))
    if customer is None:
        raise NotFound()
    return customer


def pool_customer_detail(
    session: Session, actor: Actor, customer_id: int
) -> dict[str, Any]:
    """A pool customer's fields, pool facts, pool history and operation log
    (read-only: the pool page offers claim/assign only). Raises NotFound."""
    customer = get_pool_customer(session, actor, customer_id)
    now = utcnow()
    events = session.scalars(
        select(PoolEvent)
        .where(PoolEvent.customer_id == customer.id)
        .order_by(PoolEvent.created_at.desc(), PoolEvent.id.desc())
        .limit(50)
    ).all()
    log = session.scalars(
        select(AuditLog)
        .where(AuditLog.object_type == "customer", AuditLog.object_id == customer.id)
        .order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
        .limit(200)
    ).all()
    user_ids = (
        {customer.created_by_id, customer.updated_by_id, customer.last_owner_id}
        | {e.owner_id for e in events}
        | {e.actor_id for e in events}
        | {a.actor_id for a in log}
    ) - {None}
    names = user_names(session, user_ids)
    teams = _team_names(
        session, ({customer.last_team_id} | {e.team_id for e in events}) - {None}
    )
    pending = session.scalar(
        select(PoolClaimRequest.id).where(
            PoolClaimRequest.customer_id == customer.id,
            PoolClaimRequest.status == "pending",
        )
    )
    return (
        snapshot(customer)
        | pool_row(customer, names, teams, now)
        | {
            "tags": list(customer.tags or []),
            "owner": "",
            "created_by": names.get(customer.created_by_id or 0, ""),
            "updated_by": names.get(customer.updated_by_id or 0, ""),
            "updated_at": customer.updated_at,
            "next_followup_at": customer.next_followup_at,
            "pending": pending is not None,
            "history": [
                {
                    "at": e.created_at,
                    "direction": e.direction,
                    "reason": e.reason,
                    "owner": names.get(e.owner_id or 0, ""),
                    "team": teams.get(e.team_id or 0, ""),
                    "actor": names.get(e.actor_id or 0, ""),
                    "note": e.note,
                }
                for e in events
            ],
            "log": [
                {
                    "id": a.id,
                    "action": a.action,
                    "actor": names.get(a.actor_id or 0, ""),
                    "at": a.created_at,
                    "before": a.before or {},
                    "after": a.after or {},
                }
                for a in log
            ],
        }
    )


# --- release -------------------------------------------------------------------


def release_customers(
    session: Session, actor: Actor, customer_ids, reason: str | None
) -> int:
    """Put customers in scope into the pool with a reason. All or nothing.
    Raises PermissionDenied, ValidationFailed, NotFound."""
    actor.require(CUSTOMER_EDIT)
    ids = _require_ids(customer_ids)
    note = _note(reason, required=True)
    customers = [get_customer(session, actor, cid, for_update=True) for cid in ids]
    now = utcnow()
    teams = _user_teams(session, {c.owner_id for c in customers} - {None})
    for customer in customers:
        owner_id = customer.owner_id
        for name, value in enter_pool_values(
            owner_id, teams.get(owner_id), "released", note, now
        ).items():
            setattr(customer, name, value)
        customer.updated_by_id = actor.user_id
        session.add(
            PoolEvent(
                customer_id=customer.id,
                direction="in",
                reason="released",
                owner_id=owner_id,
                team_id=teams.get(owner_id),
                actor_id=actor.user_id,
                note=note,
                created_at=now,
            )
        )
        record_audit(
            session,
            actor,
            "customer.release",
            "customer",
            customer.id,
            before={"owner_id": owner_id},
            after={"owner_id": None, "pool_note": note},
        )
        if owner_id != actor.user_id:
            notify(
                session,
                owner_id,
                "pool_released",
                params={
                    "customer": customer.name,
                    "actor": actor.display_name,
                    "reason": note,
                },
                link=f"/pool/{customer.id}",
            )
    session.flush()
    return len(customers)


# --- claim and assign from the pool ------------------------------------------------


@dataclass(frozen=True)
class TakeResult:
    """Customers now owned, and customers waiting for another team's review."""

    taken: list[int]
    requested: list[int]


def claim_customers(
    session: Session, actor: Actor, customer_ids, *, note: str | None = None
) -> TakeResult:
    """Claim pool customers for the actor ("assign to me"); those last owned in
    another team become review requests. All or nothing.
    Raises PermissionDenied, NotFound, ValidationFailed, Conflict."""
    actor.require(POOL_CLAIM)
    target = session.get(User, actor.user_id)
    return _take(session, actor, customer_ids, target, kind="claim", note=note)


def assign_pool_customers(
    session: Session,
    actor: Actor,
    customer_ids,
    user_id: int | None,
    *,
    note: str | None = None,
) -> TakeResult:
    """A leader gives pool customers to a member of their team; holders of
    pool.direct_assign skip the cross-team review. All or nothing.
    Raises PermissionDenied, NotFound, ValidationFailed, Conflict."""
    if not (actor.can(POOL_ASSIGN) or actor.can(POOL_DIRECT_ASSIGN)):
        raise PermissionDenied()
    target = _assignee(session, actor, user_id)
    return _take(session, actor, customer_ids, target, kind="assign", note=note)


def _take(
    session: Session,
    actor: Actor,
    customer_ids,
    target: User,
    *,
    kind: str,
    note: str | None,
) -> TakeResult:
    ids = _require_ids(customer_ids)
    note = _note(note, required=False, name="note")
    now = utcnow()
    rules = get_rules(session)
    customers = session.scalars(
        select(Customer).where(Customer.id.in_(ids), Customer.deleted_at.is_(None))
    ).all()
    if len(customers) != len(ids):
        raise NotFound()
    customers = sorted(customers, key=lambda c: ids.index(c.id))
    for customer in customers:
        if customer.owner_id is not None:
            raise Conflict(ALREADY_CLAIMED, name=customer.name)
    waiting = set(
        session.scalars(
            select(PoolClaimRequest.customer_id).where(
                PoolClaimRequest.customer_id.in_(ids),
                PoolClaimRequest.status == "pending",
            )
        )
    )
    direct = actor.can(POOL_DIRECT_ASSIGN)
    for customer in customers:
        if customer.id in waiting and not direct:
            raise Conflict(
                N_("{name} is waiting for the review of another request."),
                name=customer.name,
            )
    if kind == "claim" and rules.reclaim_block_days:
        since = now - dt.timedelta(days=rules.reclaim_block_days)
        blocked = session.scalar(
            select(Customer.name)
            .join(PoolEvent, PoolEvent.customer_id == Customer.id)
            .where(
                Customer.id.in_(ids),
                PoolEvent.direction == "in",
                PoolEvent.owner_id == target.id,
                PoolEvent.created_at >= since,
            )
            .limit(1)
        )
        if blocked:
            raise Conflict(
                N_(
                    "You gave up {name} less than {days} days ago and cannot "
                    "claim it back yet."
                ),
                name=blocked,
                days=rules.reclaim_block_days,
            )
    reviewers = {
        c.id: None if direct else _reviewer_team(session, c.last_team_id, target, actor)
        for c in customers
    }
    now_taken = [c for c in customers if reviewers[c.id] is None]
    _check_limit(session, rules, target, len(now_taken))
    reason = "claimed" if kind == "claim" else "assigned"
    for customer in now_taken:
        if not _leave_pool(session, customer.id, target.id, actor, now):
            raise Conflict(ALREADY_CLAIMED, name=customer.name)
        session.add(
            PoolEvent(
                customer_id=customer.id,
                direction="out",
                reason=reason,
                owner_id=target.id,
                team_id=target.team_id,
                actor_id=actor.user_id,
                note=note,
                created_at=now,
            )
        )
        record_audit(
            session,
            actor,
            f"customer.{'claim' if kind == 'claim' else 'pool_assign'}",
            "customer",
            customer.id,
            before={"owner_id": None},
            after={"owner_id": target.id},
        )
        if target.id != actor.user_id:
            notify(
                session,
                target.id,
                "pool_assigned",
                params={"customer": customer.name, "actor": actor.display_name},
                link=f"/customers/{customer.id}",
            )
    if waiting and direct:
        _cancel_requests(session, actor, waiting, now)
    requested = [c for c in customers if reviewers[c.id] is not None]
    for customer in requested:
        team = reviewers[customer.id]
        request = PoolClaimRequest(
            customer_id=customer.id,
            requester_id=actor.user_id,
            target_user_id=target.id,
            kind=kind,
            reviewer_team_id=team.id,
            status="pending",
            note=note,
            created_at=now,
        )
        try:
            with session.begin_nested():
                session.add(request)
        except IntegrityError as error:  # another request was faster
            raise Conflict(
                N_("{name} is waiting for the review of another request."),
                name=customer.name,
            ) from error
        record_audit(
            session,
            actor,
            "customer.pool_request",
            "customer",
            customer.id,
            after={"target_user_id": target.id, "reviewer_team_id": team.id},
        )
        notify(
            session,
            team.leader_id,
            "pool_request",
            params={
                "customer": customer.name,
                "requester": actor.display_name,
                "target": target.display_name,
            },
            link="/pool-requests",
        )
    for customer in now_taken:
        session.expire(customer)
    session.flush()
    return TakeResult([c.id for c in now_taken], [c.id for c in requested])


# --- cross-team review ---------------------------------------------------------


def _cancel_requests(
    session: Session, actor: Actor, customer_ids: set[int], now: dt.datetime
) -> None:
    """Close the pending requests of customers that left the pool another way
    (direct assignment, deletion) and tell the requesters."""
    requests = session.scalars(
        select(PoolClaimRequest)
        .where(
            PoolClaimRequest.customer_id.in_(customer_ids),
            PoolClaimRequest.status == "pending",
        )
        .with_for_update()
    ).all()
    names = dict(
        session.execute(
            select(Customer.id, Customer.name).where(Customer.id.in_(customer_ids))
        ).all()
    )
    for request in requests:
        request.status = "cancelled"
        request.review_reason = N_("The customer had already left the pool.")
        request.reviewed_by_id = actor.user_id
        request.reviewed_at = now
        notify(
            session,
            request.requester_id,
            "pool_request_cancelled",
            params={"customer": names.get(request.customer_id, "")},
            link="/pool-requests?box=mine",
        )


def _reviewable_query(actor: Actor) -> Select:
    """Requests the actor reviews: those of teams they lead (everyone's for
    holders of pool.direct_assign)."""
    query = select(PoolClaimRequest).join(
        Team, Team.id == PoolClaimRequest.reviewer_team_id
    )
    if not actor.can(POOL_DIRECT_ASSIGN):
        query = query.where(Team.leader_id == actor.user_id)
    return query


def list_requests(
    session: Session,
    actor: Actor,
    *,
    box: str = "review",
    status: str | None = "pending",
    page: int = 1,
    page_size: int = 20,
) -> Page:
    """Requests to review (`box="review"`) or sent by / for the actor ("mine"),
    newest first."""
    page, size = clamp_page(page, page_size)
    if box == "review":
        query = _reviewable_query(actor)
    else:
        query = select(PoolClaimRequest).where(
            (PoolClaimRequest.requester_id == actor.user_id)
            | (PoolClaimRequest.target_user_id == actor.user_id)
        )
    if status:
        query = query.where(PoolClaimRequest.status == status)
    total = count_rows(session, query)
    requests = session.scalars(
        query.order_by(PoolClaimRequest.created_at.desc(), PoolClaimRequest.id.desc())
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    customers = {
        c.id: c
        for c in session.scalars(
            select(Customer).where(Customer.id.in_({r.customer_id for r in requests}))
        )
    }
    user_ids = (
        {r.requester_id for r in requests}
        | {r.target_user_id for r in requests}
        | {r.reviewed_by_id for r in requests}
        | {c.last_owner_id for c in customers.values()}
    ) - {None}
    names = user_names(session, user_ids)
    teams = _team_names(session, {r.reviewer_team_id for r in requests})
    rows = []
    for r in requests:
        customer = customers[r.customer_id]
        rows.append(
            {
                "id": r.id,
                "customer_id": r.customer_id,
                "customer": customer.name,
                "kind": r.kind,
                "status": r.status,
                "requester": names.get(r.requester_id, ""),
                "target": names.get(r.target_user_id, ""),
                "last_owner": names.get(customer.last_owner_id or 0, ""),
                "team": teams.get(r.reviewer_team_id, ""),
                "note": r.note,
                "review_reason": r.review_reason,
                "reviewed_by": names.get(r.reviewed_by_id or 0, ""),
                "created_at": r.created_at,
                "reviewed_at": r.reviewed_at,
            }
        )
    return Page(rows, total, page, size)


def pending_review_count(session: Session, actor: Actor) -> int:
    """How many requests wait for the actor (for the navigation and to-do)."""
    query = _reviewable_query(actor).where(PoolClaimRequest.status == "pending")
    return count_rows(session, query)


def _close_request(
    session: Session,
    actor: Actor,
    request_id: int,
    status: str,
    reason: str | None,
    now: dt.datetime,
) -> PoolClaimRequest:
    """Mark a pending request the actor may review as reviewed.
    Raises NotFound, Conflict."""
    request = session.scalar(
        _reviewable_query(actor).where(PoolClaimRequest.id == request_id)
    )
    if request is None:
        raise NotFound()
    result = session.execute(
        update(PoolClaimRequest)
        .where(PoolClaimRequest.id == request_id, PoolClaimRequest.status == "pending")
        .values(
            status=status,
            review_reason=reason,
            reviewed_by_id=actor.user_id,
            reviewed_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict(N_("This request has already been reviewed."))
    session.refresh(request)
    return request


def approve_request(session: Session, actor: Actor, request_id: int) -> str:
    """Approve: the customer goes to the requested owner. Returns "approved", or
    "cancelled" when the customer had left the pool meanwhile (the request is
    closed). Raises NotFound, Conflict."""
    now = utcnow()
    request = _close_request(session, actor, request_id, "approved", None, now)
    customer = session.get(Customer, request.customer_id)
    target = session.get(User, request.target_user_id)
    if target is None or not target.is_active:
        raise Conflict(N_("The requested owner is no longer active. Reject instead."))
    _check_limit(session, get_rules(session), target, 1)
    params = {"customer": customer.name, "actor": actor.display_name}
    if not _leave_pool(session, customer.id, target.id, actor, now):
        request.status = "cancelled"
        request.review_reason = N_("The customer had already left the pool.")
        notify(
            session,
            request.requester_id,
            "pool_request_cancelled",
            params=params,
            link="/pool-requests?box=mine",
        )
        session.flush()
        return "cancelled"
    session.add(
        PoolEvent(
            customer_id=customer.id,
            direction="out",
            reason="approved",
            owner_id=target.id,
            team_id=target.team_id,
            actor_id=actor.user_id,
            note=request.note,
            created_at=now,
        )
    )
    record_audit(
        session,
        actor,
        "customer.pool_approve",
        "customer",
        customer.id,
        before={"owner_id": None},
        after={"owner_id": target.id},
    )
    for user_id in {request.requester_id, target.id}:
        notify(
            session,
            user_id,
            "pool_request_approved",
            params=params,
            link=f"/customers/{customer.id}",
        )
    session.expire(customer)
    session.flush()
    return "approved"


def reject_request(
    session: Session, actor: Actor, request_id: int, reason: str | None
) -> None:
    """Reject with a reason: the customer stays in the pool.
    Raises ValidationFailed, NotFound, Conflict."""
    note = _note(reason, required=True)
    request = _close_request(session, actor, request_id, "rejected", note, utcnow())
    customer = session.get(Customer, request.customer_id)
    record_audit(
        session,
        actor,
        "customer.pool_reject",
        "customer",
        customer.id,
        after={"target_user_id": request.target_user_id, "reason": note},
    )
    notify(
        session,
        request.requester_id,
        "pool_request_rejected",
        params={"customer": customer.name, "actor": actor.display_name, "reason": note},
        link="/pool-requests?box=mine",
    )
    session.flush()


# --- leaders: delete from the pool, team customers -------------------------------


def delete_pool_customers(session: Session, actor: Actor, customer_ids) -> int:
    """A leader moves pool customers to the recycle bin (restoring puts them back
    in the pool). Raises PermissionDenied, NotFound, ValidationFailed."""
    actor.require(CUSTOMER_DELETE)
    actor.require(POOL_ASSIGN)
    ids = _require_ids(customer_ids)
    customers = session.scalars(
        pool_customers().where(Customer.id.in_(ids)).with_for_update()
    ).all()
    if len(customers) != len(ids):
        raise NotFound()
    now = utcnow()
    for customer in customers:
        before, after = {"deleted": False}, {"deleted": True}
        if customer.stage != "potential":
            before["stage"], after["stage"] = customer.stage, "potential"
        customer.deleted_stage = customer.stage
        customer.stage = "potential"
        customer.deleted_at = now
        customer.deleted_by_id = actor.user_id
        record_audit(
            session,
            actor,
            "customer.delete",
            "customer",
            customer.id,
            before=before,
            after=after,
        )
    _cancel_requests(session, actor, set(ids), now)
    session.flush()
    return len(customers)


def _require_team_view(actor: Actor) -> None:
    actor.require(POOL_ASSIGN)
    if actor.data_scope == "own":
        raise PermissionDenied()


def team_actor(actor: Actor) -> Actor:
    """The leader looking at the whole team scope, not the switcher's focus.
    Raises PermissionDenied."""
    _require_team_view(actor)
    return replace(actor, focus_user_ids=actor.visible_user_ids)


def list_team_customers(
    session: Session,
    actor: Actor,
    flt: CustomerFilter,
    *,
    now: dt.datetime | None = None,
) -> Page:
    """A leader's customers of the team and its sub-teams (the whole scope, not
    the switcher's focus), each with its return-to-pool deadline.
    Raises PermissionDenied."""
    page = list_customers(session, team_actor(actor), flt)
    rules = get_rules(session)
    customers = {
        c.id: c
        for c in session.scalars(
            select(Customer).where(Customer.id.in_([r["id"] for r in page.rows]))
        )
    }
    now = now or utcnow()
    rows = []
    for row in page.rows:
        deadline = customer_deadline(rules, customers[row["id"]])
        rows.append(
            row
            | {
                "returns_at": deadline[0] if deadline else None,
                "return_reason": deadline[1] if deadline else None,
                "returns_soon": bool(
                    deadline and deadline[0] <= now + dt.timedelta(days=rules.warn_days)
                ),
                "extension_days": customers[row["id"]].pool_extension_days,
            }
        )
    return replace(page, rows=rows)


def export_team_customers(
    session: Session,
    actor: Actor,
    flt: CustomerFilter,
    *,
    ids: Sequence[int] | None = None,
    fmt: str = "xlsx",
    **options: Any,
) -> ExportResult:
    """The team list's selected (`ids`) or filtered customers, as the customer
    export. Raises PermissionDenied, NothingSelected, ExportTooLarge."""
    return export_customers(
        session, team_actor(actor), flt, ids=ids, fmt=fmt, **options
    )


def assign_team_customers(
    session: Session, actor: Actor, customer_ids, user_id: int | None
) -> int:
    """A leader gives team customers to another member (seed 001 §2.3.3).
    All or nothing. Raises PermissionDenied, ValidationFailed, NotFound, Conflict."""
    _require_team_view(actor)
    ids = _require_ids(customer_ids)
    target = _assignee(session, actor, user_id)
    customers = [get_customer(session, actor, cid, for_update=True) for cid in ids]
    moving = [c for c in customers if c.owner_id != target.id]
    _check_limit(session, get_rules(session), target, len(moving))
    now = utcnow()
    for customer in moving:
        before = customer.owner_id
        customer.owner_id = target.id
        customer.claimed_at = now
        customer.pool_extension_days = 0
        customer.updated_by_id = actor.user_id
        record_audit(
            session,
            actor,
            "customer.assign",
            "customer",
            customer.id,
            before={"owner_id": before},
            after={"owner_id": target.id},
        )
        if target.id != actor.user_id:
            notify(
                session,
                target.id,
                "pool_assigned",
                params={"customer": customer.name, "actor": actor.display_name},
                link=f"/customers/{customer.id}",
            )
    session.flush()
    return len(moving)


def extend_deadlines(session: Session, actor: Actor, customer_ids, days) -> int:
    """Add `days` to the return-to-pool deadline of team customers: the signing
    deadline, or for cooperating customers the dormancy one (seed 001 §2.3.4).
    Raises PermissionDenied, ValidationFailed, NotFound."""
    _require_team_view(actor)
    ids = _require_ids(customer_ids)
    number = _parse_days(days, MAX_EXTENSION_DAYS)
    if not number:
        raise ValidationFailed(
            {"days": N_("Enter a whole number of days from 1 to {limit}.")},
            limit=MAX_EXTENSION_DAYS,
        )
    customers = [get_customer(session, actor, cid, for_update=True) for cid in ids]
    for customer in customers:
        before = customer.pool_extension_days or 0
        customer.pool_extension_days = before + number
        customer.updated_by_id = actor.user_id
        record_audit(
            session,
            actor,
            "customer.extend_deadline",
            "customer",
            customer.id,
            before={"pool_extension_days": before},
            after={"pool_extension_days": before + number},
        )
    session.flush()
    return len(customers)


def expiring_customers(
    session: Session, actor: Actor, *, now: dt.datetime | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """The actor's own customers returning to the pool within the warning window,
    soonest first (for the warning link and the to-do)."""
    rules = get_rules(session)
    if not rules.auto_return_enabled:
        return []
    now = now or utcnow()
    horizon = now + dt.timedelta(days=rules.warn_days)
    candidates = session.scalars(
        select(Customer).where(
            Customer.owner_id == actor.user_id,
            Customer.deleted_at.is_(None),
            candidate_clause(rules, horizon),
        )
    ).all()
    rows = []
    for customer in candidates:
        deadline = customer_deadline(rules, customer)
        if deadline and deadline[0] <= horizon:
            rows.append(
                {
                    "id": customer.id,
                    "name": customer.name,
                    "stage": customer.stage,
                    "returns_at": deadline[0],
                    "return_reason": deadline[1],
                    "last_followup_at": customer.last_followup_at,
                }
            )
    rows.sort(key=lambda r: r["returns_at"])
    return rows[:limit]


def candidate_clause(rules: PoolRules, moment: dt.datetime):
    """SQL pre-filter: owned customers whose deadline (ignoring extensions, which
    only move it later) is at or before `moment`. Index-friendly comparisons of
    the raw columns; the exact deadline is computed in Python."""
    start = func.coalesce(Customer.claimed_at, Customer.created_at)
    followed = func.coalesce(Customer.last_followup_at, Customer.created_at)

    def quiet_for(days: int):
        cutoff = moment - dt.timedelta(days=days)
        return and_(followed <= cutoff, start <= cutoff)

    clauses = []
    if rules.no_followup_days:
        clauses.append(
            and_(Customer.stage != "cooperating", quiet_for(rules.no_followup_days))
        )
    if rules.unsigned_days:
        clauses.append(
            and_(
                Customer.stage != "cooperating",
                start <= moment - dt.timedelta(days=rules.unsigned_days),
            )
        )
    if rules.dormant_days:
        clauses.append(
            and_(Customer.stage == "cooperating", quiet_for(rules.dormant_days))
        )
    if not clauses:
        return Customer.id.is_(None)  # matches nothing
    return and_(Customer.owner_id.is_not(None), or_(*clauses))

"""Customers: scoped list/search/filters, create/edit with validation and
optimistic locking, detail, duplicate warning."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from typing import Any

from sqlalchemy import (
    Select,
    and_,
    func,
    or_,
    select,
    true,
    union,
)
from sqlalchemy.orm import Session

from models import Contact, Customer, CustomerView
from models.base import utcnow
from models.customer import CUSTOMER_STAGES
from services.actor import Actor
from services.audit import changed_fields, record_audit, snapshot
from services.custom_fields import (
    CustomFilter,
    audit_changes,
    clean_custom_values,
    custom_filter_clauses,
)
from services.dictionaries import active_codes
from services.errors import Conflict, NotFound, ServiceError, ValidationFailed
from services.msgid import N_
from services.normalize import (
    clean,
    contact_channel_errors,
    normalize_name,
    normalize_phone,
)
from services.org import is_assignable, user_names
from services.paging import (
    Page,
    clamp_page,
    last_page,
    page_entities,
    sort_order,
    walks_in_order,
)
from services.permissions import CUSTOMER_CREATE, CUSTOMER_EDIT, CUSTOMER_VIEW
from services.planner_hints import unindexed_if
from services.prefix_match import starts_with
from services.regions import region_problem
from services.substring_match import has_substring
from services.tallies import (
    answered_by_tally,
    counts_by_stage,
    tallied_owners,
    tallied_stage_counts,
)

MAX_TAGS = 10
# Customer fields whose values come from an admin-edited dictionary kind.
DICTIONARY_FIELDS = {
    "source": "customer_source",
    "industry": "industry",
    "level": "customer_level",
}


class DuplicateFound(ServiceError):
    """Create found customers with the same normalised name or mobile."""

    def __init__(self, matches: list[dict[str, Any]]) -> None:
        super().__init__("Possible duplicates exist. Save anyway?")
        self.matches = matches


@dataclass(frozen=True)
class CustomerIn:
    name: str | None = None
    mobile: str | None = None
    phone: str | None = None
    email: str | None = None
    source: str | None = None
    industry: str | None = None
    level: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    address: str | None = None
    stage: str | None = "potential"
    owner_id: int | None = None
    next_followup_at: dt.datetime | None = None
    tags: tuple[str, ...] = ()
    remark: str | None = None
    # {field id: raw value}; None: this caller does not handle custom fields.
    custom_values: dict[str, Any] | None = None

    def cleaned(self) -> CustomerIn:
        values = {
            f.name: clean(getattr(self, f.name))
            if isinstance(getattr(self, f.name), str)
            else getattr(self, f.name)
            for f in fields(self)
        }
        values["tags"] = tuple(
            dict.fromkeys(t.strip() for t in self.tags if t and t.strip())
        )
        return CustomerIn(**values)

    def field_errors(
        self, session: Session, actor: Actor, *, current: Customer | None = None
    ) -> dict[str, str]:
        """Every problem with the (cleaned) input, keyed by field. Values the edited
        customer (`current`) already has are not re-checked against the lists, so
        a record stays editable after its owner left or a dictionary entry was
        disabled."""
        errors: dict[str, str] = {}
        if not self.name:
            errors["name"] = N_("Name is required.")
        elif len(self.name) > 200:
            errors["name"] = N_("At most 200 characters.")
        errors |= contact_channel_errors(self.mobile, self.phone, self.email)
        for name, kind in DICTIONARY_FIELDS.items():
            value = getattr(self, name)
            unchanged = current is not None and value == getattr(current, name)
            if value and not unchanged and value not in active_codes(session, kind):
                errors[name] = N_("Choose a value from the list.")
        if self.stage not in CUSTOMER_STAGES:
            errors["stage"] = N_("Choose a value from the list.")
        errors.update(region_problem(self.province, self.city))
        for name, limit, message in (
            ("district", 50, N_("At most 50 characters.")),
            ("address", 300, N_("At most 300 characters.")),
            ("remark", 2000, N_("At most 2000 characters.")),
        ):
            value = getattr(self, name)
            if value and len(value) > limit:
                errors[name] = message
        if len(self.tags) > MAX_TAGS or any(len(t) > 20 for t in self.tags):
            errors["tags"] = N_("At most 10 tags of up to 20 characters.")
        if (
            self.owner_id is not None
            and (current is None or self.owner_id != current.owner_id)
            and not is_assignable(session, actor, self.owner_id)
        ):
            errors["owner_id"] = N_("Choose an active user within your scope.")
        return errors


SORT_COLUMNS = {
    "updated": Customer.updated_at,
    "created": Customer.created_at,
    "last_followup": Customer.last_followup_at,
    "next_followup": Customer.next_followup_at,
    "name": Customer.name_normalized,
    "viewed": CustomerView.viewed_at,
}
# The sorts an index of every customer gives in order (not NULL, not joined).
INDEXED_SORTS = ("updated", "created", "name")


@dataclass(frozen=True)
class CustomerFilter:
    search: str | None = None
    stage: str | None = None
    level: str | None = None
    source: str | None = None
    industry: str | None = None
    province: str | None = None
    city: str | None = None
    owner_id: int | None = None
    created_from: dt.date | None = None
    created_to: dt.date | None = None
    followup_from: dt.date | None = None
    followup_to: dt.date | None = None
    # Next follow-up in [from, before), naive UTC (see followup_due_window).
    next_followup_from: dt.datetime | None = None
    next_followup_before: dt.datetime | None = None
    sort: str = "updated"
    descending: bool = True
    page: int = 1
    page_size: int = 20
    ids: tuple[int, ...] = field(default=())
    custom: tuple[CustomFilter, ...] = ()


# "Follow-ups due" as the to-do and the list filter name them.
FOLLOWUP_DUE = ("today", "overdue")


def followup_due_window(
    due: str, *, day_start: dt.datetime, day_end: dt.datetime
) -> tuple[dt.datetime | None, dt.datetime]:
    """[from, before) of next_followup_at for follow-ups due `today` (within the
    user's day, given as naive UTC bounds) or `overdue` (before that day)."""
    return (day_start, day_end) if due == "today" else (None, day_start)


def next_followup_clause(start: dt.datetime | None, before: dt.datetime | None):
    """Next follow-up in [start, before); None bounds are open."""
    clauses = []
    if start is not None:
        clauses.append(Customer.next_followup_at >= start)
    if before is not None:
        clauses.append(Customer.next_followup_at < before)
    return and_(true(), *clauses)


def _day_bounds(start: dt.date | None, end: dt.date | None):
    lower = dt.datetime.combine(start, dt.time()) if start else None
    upper = dt.datetime.combine(end + dt.timedelta(days=1), dt.time()) if end else None
    return lower, upper


def walk_to_customer(query: Select, customer_id: Any) -> Select:
    """`query` over rows that refer to their customer by `customer_id`, joined
    to it for everyone's newest-first walk. An outer join: with an inner one
    SQLite first built a Bloom filter of every live customer (a million rows
    for a page of 20: ~150 ms). A set `customer_id` always has its customer
    (foreign key), so the rows are those of an inner join."""
    return query.outerjoin(Customer, Customer.id == customer_id)


def scoped_customers(
    actor: Actor, *, focus: bool = False, owners_unindexed: bool = False
) -> Select:
    """Live (not deleted) customers owned by someone in the actor's scope;
    `owners_unindexed`: the owner list kept from SQLite's choice of index
    (services/planner_hints.py), where another index serves better."""
    user_ids = actor.focus_user_ids if focus else actor.visible_user_ids
    query = select(Customer).where(Customer.deleted_at.is_(None))
    if user_ids is None:
        return query.where(Customer.owner_id.is_not(None))
    return query.where(unindexed_if(owners_unindexed, Customer.owner_id).in_(user_ids))


def customer_search_clause(term: str):
    """Customers whose name contains the term, or with a contact whose name
    starts with it, or whose or whose contact's phone starts with it: a UNION of
    one indexed lookup per branch (an OR of them, with the contacts as EXISTS,
    left PostgreSQL a scan of every customer in scope)."""
    phone = normalize_phone(term)
    name = normalize_name(term)
    branches = []
    if name:
        branches += [
            select(Customer.id).where(has_substring(Customer.name_normalized, name)),
            select(Contact.customer_id).where(
                starts_with(Contact.name_normalized, name)
            ),
        ]
    if phone and len(phone) >= 4:
        branches += [
            select(Customer.id).where(starts_with(Customer.mobile_normalized, phone)),
            select(Customer.id).where(starts_with(Customer.phone_normalized, phone)),
            select(Contact.customer_id).where(
                starts_with(Contact.mobile_normalized, phone)
            ),
        ]
    return Customer.id.in_(union(*branches)) if branches else None


def filtered_customers(
    actor: Actor,
    flt: CustomerFilter,
    *,
    with_stage: bool = True,
    owners_unindexed: bool = False,
    walked: bool = False,
) -> Select:
    """The customers the filter picks in the actor's focus; `owners_unindexed`
    as for scoped_customers; `walked`: the owner list, the stage tab and the
    field filters all kept from SQLite's choice of index, for a page read
    down its order's index (services/paging.walks_in_order)."""
    query = scoped_customers(
        actor, focus=True, owners_unindexed=owners_unindexed or walked
    )
    if flt.search and (clause := customer_search_clause(flt.search)) is not None:
        query = query.where(clause)
    for name in ("level", "source", "industry", "province", "city", "owner_id"):
        value = getattr(flt, name)
        if value is not None and value != "":
            query = query.where(unindexed_if(walked, getattr(Customer, name)) == value)
    if with_stage and flt.stage:
        query = query.where(unindexed_if(walked, Customer.stage) == flt.stage)
    for column, (start, end) in (
        (Customer.created_at, (flt.created_from, flt.created_to)),
        (Customer.last_followup_at, (flt.followup_from, flt.followup_to)),
    ):
        lower, upper = _day_bounds(start, end)
        if lower:
            query = query.where(column >= lower)
        if upper:
            query = query.where(column < upper)
    if flt.next_followup_from is not None or flt.next_followup_before is not None:
        query = query.where(
            next_followup_clause(flt.next_followup_from, flt.next_followup_before)
        )
    if flt.ids:
        query = query.where(Customer.id.in_(flt.ids))
    if flt.custom:
        query = query.where(*custom_filter_clauses(Customer.custom_values, flt.custom))
    return query


def list_customers(session: Session, actor: Actor, flt: CustomerFilter) -> Page:
    """One page of customers in the actor's (focused) scope, with stage tab counts.
    Raises PermissionDenied."""
    actor.require(CUSTOMER_VIEW)
    page, size = clamp_page(flt.page, flt.page_size)
    counts = stage_counts(session, actor, flt)
    # The tab's own count: the stage counts serve the tabs and the pager.
    total = counts.get(flt.stage or "all", 0)
    # A page past the end shows the last one (the pager follows `Page.page`).
    page = min(page, last_page(total, size))
    sort_column = SORT_COLUMNS.get(flt.sort, Customer.updated_at)
    walked = walks_in_order(
        session,
        tallied_owners(actor.focus_user_ids, flt.owner_id),
        (flt.sort if flt.sort in SORT_COLUMNS else "updated") in INDEXED_SORTS,
        page,
        size,
        total,
        lambda: tallied_stage_counts(session, None)["all"],
    )
    query = filtered_customers(actor, flt, walked=walked)
    if flt.sort == "viewed":
        query = query.outerjoin(
            CustomerView,
            and_(
                CustomerView.customer_id == Customer.id,
                CustomerView.user_id == actor.user_id,
            ),
        )
    order, reversed_order = (
        sort_order(
            sort_column,
            flt.descending,
            Customer.id,
            outer_joined=flt.sort == "viewed",
            reverse=reverse,
        )
        for reverse in (False, True)
    )
    customers = page_entities(
        session,
        query,
        order,
        Customer.id,
        page=page,
        size=size,
        total=total,
        reversed_order=reversed_order,
    )
    names = user_names(session, {c.owner_id for c in customers if c.owner_id})
    rows = [customer_row(c, names) for c in customers]
    return Page(rows, total, page, size, {"stage_counts": counts})


def stage_counts(session: Session, actor: Actor, flt: CustomerFilter) -> dict[str, int]:
    """Customers per stage under the same filters (the stage tab itself ignored)."""
    if answered_by_tally(flt):
        owners = tallied_owners(actor.focus_user_ids, flt.owner_id)
        return tallied_stage_counts(session, owners)
    # A region's index holds the stage and the owner: SQLite counts a team's
    # customers of the region in there alone unless the owner list draws it
    # to every customer of the team (a leader's province: 27 -> 5 ms).
    owners = actor.focus_user_ids
    regional = bool(flt.province or flt.city) and len(owners or ()) > 1
    sub = filtered_customers(
        actor, flt, with_stage=False, owners_unindexed=regional
    ).subquery()
    rows = session.execute(select(sub.c.stage, func.count()).group_by(sub.c.stage))
    return counts_by_stage(rows.all())


def customer_row(customer: Customer, owner_names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": customer.id,
        "name": customer.name,
        "mobile": customer.mobile,
        "phone": customer.phone,
        "stage": customer.stage,
        "level": customer.level,
        "source": customer.source,
        "industry": customer.industry,
        "province": customer.province,
        "city": customer.city,
        "owner_id": customer.owner_id,
        "owner": owner_names.get(customer.owner_id or 0, ""),
        "last_followup_at": customer.last_followup_at,
        "next_followup_at": customer.next_followup_at,
        "created_at": customer.created_at,
        "updated_at": customer.updated_at,
        "custom_values": dict(customer.custom_values or {}),
    }


def get_customer(
    session: Session, actor: Actor, customer_id: int, *, for_update: bool = False
) -> Customer:
    """A live customer in the actor's scope. Raises NotFound."""
    actor.require(CUSTOMER_VIEW)
    query = scoped_customers(actor).where(Customer.id == customer_id)
    if for_update:
        # Refresh a copy the session may already hold: the version check that
        # follows must see the committed row, not an older read.
        query = query.with_for_update().execution_options(populate_existing=True)
    customer = session.scalar(query)
    if customer is None:
        raise NotFound()
    return customer


def record_view(session: Session, actor: Actor, customer: Customer) -> None:
    """Remember that the actor opened the customer (for "recently viewed")."""
    view = session.get(CustomerView, (actor.user_id, customer.id))
    if view is None:
        session.add(
            CustomerView(
                user_id=actor.user_id, customer_id=customer.id, viewed_at=utcnow()
            )
        )
    else:
        view.viewed_at = utcnow()


def find_duplicates(
    session: Session,
    name: str | None,
    mobile: str | None,
    *,
    exclude_id: int | None = None,
    limit: int = 10,
) -> list[dict[str, Any]]:
    """Live customers in any scope with the same normalised name or mobile.
    Only id, name and owner are returned: enough to warn, nothing to leak."""
    clauses = []
    if normalized := normalize_name(name):
        clauses.append(Customer.name_normalized == normalized)
    if phone := normalize_phone(mobile):
        clauses.append(Customer.mobile_normalized == phone)
    if not clauses:
        return []
    query = select(Customer.id, Customer.name, Customer.owner_id).where(
        Customer.deleted_at.is_(None), or_(*clauses)
    )
    if exclude_id is not None:
        query = query.where(Customer.id != exclude_id)
    rows = session.execute(query.limit(limit)).all()
    names = user_names(session, {r.owner_id for r in rows if r.owner_id})
    return [
        {"id": r.id, "name": r.name, "owner": names.get(r.owner_id or 0, "")}
        for r in rows
    ]


def apply_customer_input(customer: Customer, data: CustomerIn) -> None:
    for f in fields(data):
        value = getattr(data, f.name)
        setattr(customer, f.name, list(value) if f.name == "tags" else value)
    customer.name_normalized = normalize_name(data.name)
    customer.mobile_normalized = normalize_phone(data.mobile)
    customer.phone_normalized = normalize_phone(data.phone)


def create_customer(
    session: Session, actor: Actor, data: CustomerIn, *, allow_duplicate: bool = False
) -> Customer:
    """Create a customer owned by the actor (or a user in scope).
    Raises PermissionDenied, ValidationFailed, DuplicateFound."""
    actor.require(CUSTOMER_CREATE)
    data = data.cleaned()
    if data.owner_id is None:
        data = CustomerIn(**{**data.__dict__, "owner_id": actor.user_id})
    custom_values, custom_errors = clean_custom_values(
        session, "customer", data.custom_values
    )
    errors = data.field_errors(session, actor) | custom_errors
    if errors:
        raise ValidationFailed(errors)
    data = replace(data, custom_values=custom_values)
    if not allow_duplicate and (
        matches := find_duplicates(session, data.name, data.mobile)
    ):
        raise DuplicateFound(matches)
    customer = Customer(created_by_id=actor.user_id, updated_by_id=actor.user_id)
    apply_customer_input(customer, data)
    session.add(customer)
    session.flush()
    record_audit(
        session,
        actor,
        "customer.create",
        "customer",
        customer.id,
        after=snapshot(customer),
    )
    return customer


def update_customer(
    session: Session,
    actor: Actor,
    customer_id: int,
    data: CustomerIn,
    *,
    expected_version: int,
) -> Customer:
    """Save an edit made on version `expected_version`.
    Raises NotFound, PermissionDenied, ValidationFailed, Conflict."""
    actor.require(CUSTOMER_EDIT)
    customer = get_customer(session, actor, customer_id, for_update=True)
    if customer.version != expected_version:
        raise stale_conflict(session, "customer", customer.id, customer.updated_by_id)
    data = data.cleaned()
    if data.owner_id is None:
        # Releasing to the pool is its own action (pool rules, reason, log).
        data = replace(data, owner_id=customer.owner_id)
    custom_values, custom_errors = clean_custom_values(
        session, "customer", data.custom_values, stored=customer.custom_values
    )
    errors = data.field_errors(session, actor, current=customer) | custom_errors
    if errors:
        raise ValidationFailed(errors)
    data = replace(data, custom_values=custom_values)
    before = snapshot(customer)
    apply_customer_input(customer, data)
    customer.updated_by_id = actor.user_id
    session.flush()  # the version_id_col check runs here as well
    old, new = audit_changes(*changed_fields(before, snapshot(customer)))
    if new:
        record_audit(
            session,
            actor,
            "customer.update",
            "customer",
            customer.id,
            before=old,
            after=new,
        )
    return customer


def stale_conflict(
    session: Session, object_type: str, object_id: int, changed_by_id: int | None
) -> Conflict:
    """The Conflict raised when a form was loaded from an older version."""
    name = user_names(session, {changed_by_id} if changed_by_id else set()).get(
        changed_by_id or 0, "?"
    )
    return Conflict(
        N_(
            "{name} changed this record after you opened it. Your input is kept: "
            "reload to see their change, then save again."
        ),
        name=name,
        object_type=object_type,
        object_id=object_id,
    )


def customer_detail(session: Session, actor: Actor, customer_id: int) -> dict[str, Any]:
    """Customer fields plus the names behind its user ids; records the view.
    Raises NotFound."""
    customer = get_customer(session, actor, customer_id)
    record_view(session, actor, customer)
    ids = {customer.owner_id, customer.created_by_id, customer.updated_by_id} - {None}
    names = user_names(session, ids)
    detail = snapshot(customer) | {
        "version": customer.version,
        "tags": list(customer.tags or []),
        "owner": names.get(customer.owner_id or 0, ""),
        "created_by": names.get(customer.created_by_id or 0, ""),
        "updated_by": names.get(customer.updated_by_id or 0, ""),
        "created_at": customer.created_at,
        "updated_at": customer.updated_at,
        "last_followup_at": customer.last_followup_at,
        "next_followup_at": customer.next_followup_at,
        "contact_count": session.scalar(
            select(func.count()).where(Contact.customer_id == customer.id)
        ),
    }
    return detail


def customer_choices(
    session: Session,
    actor: Actor,
    term: str | None,
    *,
    include_id: int | None = None,
    limit: int = 20,
) -> list[tuple[int, str]]:
    """(id, name) of customers in scope matching `term`, for pickers; `include_id`
    (if in scope) is always present so a preselected value shows its name."""
    actor.require(CUSTOMER_VIEW)
    query = scoped_customers(actor).with_only_columns(Customer.id, Customer.name)
    if term and (normalized := normalize_name(term)):
        query = query.where(has_substring(Customer.name_normalized, normalized))
    rows = list(
        session.execute(query.order_by(Customer.updated_at.desc()).limit(limit))
    )
    if include_id is not None and include_id not in {r.id for r in rows}:
        rows += list(
            session.execute(
                scoped_customers(actor)
                .with_only_columns(Customer.id, Customer.name)
                .where(Customer.id == include_id)
            )
        )
    return [(r.id, r.name) for r in rows]

"""Transfer customers (转移客户): change the owner without passing the public pool,
one or many at a time, all or nothing, with a note in the operation log.

Related records (open opportunities, contracts…) follow their customer through
*transfer participants*: a module that owns such records registers one at import
time, and the dialog offers it as "Also transfer …":

    def move_open_opportunities(session, actor, batch: TransferBatch) -> dict[int, int]:
        # batch.customers: the customers changing owner (already re-assigned);
        # batch.previous_owner_ids: customer id → owner before the transfer.
        # Re-assign in SQL, write its own audit rows, return {customer id: moved}.
        ...

    register_transfer_participant(
        TransferParticipant("opportunities", N_("Open opportunities"),
                            move_open_opportunities)
    )

A participant runs inside the caller's transaction after the customers changed
owner; raising a ServiceError aborts the whole transfer (nothing is half-moved).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import Customer, User
from services.actor import Actor
from services.audit import record_audit
from services.customers import scoped_customers
from services.errors import Conflict, NotFound, ValidationFailed
from services.msgid import N_
from services.normalize import clean
from services.permissions import CUSTOMER_TRANSFER

MAX_BATCH = 1000
MAX_NOTE = 500


@dataclass(frozen=True)
class TransferBatch:
    """What a participant receives: the customers that changed owner."""

    customers: Sequence[Customer]
    to_user_id: int
    previous_owner_ids: Mapping[int, int | None]
    note: str | None


@dataclass(frozen=True)
class TransferParticipant:
    """Related records that may follow a transferred customer. `label` is a msgid;
    `move` returns how many records it moved per customer id."""

    code: str
    label: str
    move: Callable[[Session, Actor, TransferBatch], Mapping[int, int]]


_PARTICIPANTS: dict[str, TransferParticipant] = {}


def register_transfer_participant(participant: TransferParticipant) -> None:
    """Offer `participant` in every transfer (a later registration replaces one
    with the same code: module reloads stay harmless)."""
    _PARTICIPANTS[participant.code] = participant


def unregister_transfer_participant(code: str) -> None:
    _PARTICIPANTS.pop(code, None)


def transfer_participants() -> list[TransferParticipant]:
    """The registered participants, in registration order."""
    return list(_PARTICIPANTS.values())


@dataclass(frozen=True)
class TransferIn:
    customer_ids: tuple[int, ...] = ()
    to_user_id: int | None = None
    note: str | None = None
    # Codes of the participants whose records should follow (e.g. "opportunities").
    with_related: tuple[str, ...] = ()


@dataclass(frozen=True)
class TransferResult:
    transferred: int
    # Selected customers that already belonged to the target: left as they were.
    unchanged: int
    related: dict[str, int] = field(default_factory=dict)


def _target_problem(session: Session, actor: Actor, user_id: int | None) -> str | None:
    """Same rule as services.org.assignable_users: active and within the scope."""
    if user_id is None:
        return N_("Choose the user who takes over the customers.")
    active = session.scalar(select(User.is_active).where(User.id == user_id))
    if not active or not actor.sees_user(user_id):
        return N_("Choose an active user within your scope.")
    return None


def _field_errors(
    session: Session, actor: Actor, data: TransferIn, ids: list[int]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not ids:
        errors["selection"] = N_("Select at least one customer.")
    elif len(ids) > MAX_BATCH:
        errors["selection"] = N_("Transfer at most 1000 customers at a time.")
    if problem := _target_problem(session, actor, data.to_user_id):
        errors["to_user_id"] = problem
    if data.note and len(data.note) > MAX_NOTE:
        errors["note"] = N_("At most 500 characters.")
    if set(data.with_related) - set(_PARTICIPANTS):
        errors["with_related"] = N_("Choose a value from the list.")
    return errors


def transfer_customers(
    session: Session, actor: Actor, data: TransferIn
) -> TransferResult:
    """Give customers in the actor's scope to another active user in scope, with
    the chosen related records. Customers the target already owns are left as
    they are; when that is all of them, the target is a field error. All or
    nothing. Raises PermissionDenied, ValidationFailed, NotFound, Conflict."""
    actor.require(CUSTOMER_TRANSFER)
    ids = list(dict.fromkeys(int(i) for i in data.customer_ids))
    note = clean(data.note)
    errors = _field_errors(session, actor, data, ids)
    if errors:
        raise ValidationFailed(errors)
    # Lock the rows (PostgreSQL) and read them as committed: the owner we record
    # as "from" is the one we replace. The version column bumps on flush.
    customers = session.scalars(
        scoped_customers(actor)
        .where(Customer.id.in_(ids))
        .order_by(Customer.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    if len(customers) != len(ids):
        raise NotFound()
    to_user_id = data.to_user_id
    moving = [c for c in customers if c.owner_id != to_user_id]
    if not moving:
        raise ValidationFailed(
            {"to_user_id": N_("The selected customers already belong to this user.")}
        )
    previous = {c.id: c.owner_id for c in moving}
    for customer in moving:
        customer.owner_id = to_user_id
        customer.updated_by_id = actor.user_id
    try:
        session.flush()  # participants see the new owners; versions are checked
    except StaleDataError as error:
        raise Conflict(
            N_("Someone changed these customers meanwhile. Reload and try again.")
        ) from error
    batch = TransferBatch(moving, to_user_id, previous, note)
    related: dict[str, int] = {}
    codes = list(dict.fromkeys(data.with_related))
    moved_per_customer = {c.id: dict.fromkeys(codes, 0) for c in moving}
    for code in codes:
        counts = _PARTICIPANTS[code].move(session, actor, batch)
        related[code] = sum(counts.values())
        for customer_id, moved in counts.items():
            if customer_id in moved_per_customer:
                moved_per_customer[customer_id][code] = moved
    for customer in moving:
        after: dict = {"owner_id": to_user_id, "note": note}
        if codes:
            after["related"] = moved_per_customer[customer.id]
        record_audit(
            session,
            actor,
            "customer.transfer",
            "customer",
            customer.id,
            before={"owner_id": previous[customer.id]},
            after=after,
        )
    session.flush()
    return TransferResult(len(moving), len(customers) - len(moving), related)

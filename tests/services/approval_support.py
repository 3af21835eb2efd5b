"""Shared by the approval engine tests: a "contract" approval subject over
Contract rows inserted directly (independent of the contracts module), flows
built in one call, and contracts with a customer."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

import services.approvals as engine
from models import ApprovalFlow, ApprovalFlowStep, Contract, Role
from services.actor import Actor
from services.approvals import ApprovalSubject, register_approval_subject
from services.errors import NotFound
from services.normalize import normalize_name
from services.permissions import CONTRACT_VIEW
from tests.factories import Org, make_customer

HOOK_CALLS: list[tuple[str, int]] = []


def load_contract(session: Session, actor: Actor, contract_id: int) -> Contract:
    actor.require(CONTRACT_VIEW)
    query = select(Contract).where(Contract.id == contract_id)
    if actor.visible_user_ids is not None:
        query = query.where(Contract.owner_id.in_(actor.visible_user_ids))
    contract = session.scalar(query)
    if contract is None:
        raise NotFound()
    return contract


def _hook(name: str):
    def record(_session, _actor, obj) -> None:
        HOOK_CALLS.append((name, obj.id))

    return record


TEST_SUBJECT = ApprovalSubject(
    object_type="contract",
    model=Contract,
    label="Contract",
    load=load_contract,
    amount=lambda contract: contract.amount,
    title=lambda contract: f"{contract.number} {contract.name}",
    url=lambda contract_id: f"/contracts/{contract_id}",
    on_approved=_hook("approved"),
    on_rejected=_hook("rejected"),
    on_withdrawn=_hook("withdrawn"),
    approve_permission="contract.approve",
)


@pytest.fixture
def contract_subject() -> Iterator[ApprovalSubject]:
    """Registers TEST_SUBJECT as "contract"; restores the registry afterwards.
    The real providers are imported first, so they cannot replace it mid-test."""
    for module in engine._PROVIDERS.values():
        try:
            importlib.import_module(module)
        except ModuleNotFoundError:
            pass
    saved = dict(engine._SUBJECTS)
    register_approval_subject(TEST_SUBJECT)
    HOOK_CALLS.clear()
    yield TEST_SUBJECT
    engine._SUBJECTS.clear()
    engine._SUBJECTS.update(saved)


_numbers = iter(range(1, 10**9))


def make_contract(
    session: Session, org: Org, owner: str, amount: str = "1000.00", **fields
) -> Contract:
    """A draft contract (and its customer) owned by `owner`, inserted directly."""
    customer = make_customer(session, org.actor(owner), f"Client of {owner}")
    number = f"T-{next(_numbers):06d}"
    name = fields.pop("name", f"Deal {number}")
    contract = Contract(
        number=number,
        name=name,
        name_normalized=normalize_name(name),
        customer_id=customer.id,
        amount=Decimal(amount),
        sign_date=dt.date(2024, 5, 1),
        owner_id=org.ids[owner],
        **({"status": "draft"} | fields),
    )
    session.add(contract)
    session.flush()
    return contract


def make_flow(
    session: Session,
    object_type: str = "contract",
    *,
    mode: str = "fixed",
    steps: tuple = (),
    min_amount: str | None = None,
    allow_self_approval: bool = False,
    replace: bool = True,
    name: str = "Test flow",
) -> ApprovalFlow:
    """A flow of `steps` ((kind, user id | role code | None, mode), …); with
    `replace`, every other flow of the type is deactivated first."""
    if replace:
        session.execute(
            update(ApprovalFlow)
            .where(ApprovalFlow.object_type == object_type)
            .values(is_active=False)
            .execution_options(synchronize_session=False)
        )
    flow = ApprovalFlow(
        object_type=object_type,
        name=name,
        mode=mode,
        min_amount=Decimal(min_amount) if min_amount is not None else None,
        allow_self_approval=allow_self_approval,
        is_active=True,
    )
    session.add(flow)
    session.flush()
    for position, (kind, who, step_mode) in enumerate(steps, start=1):
        role_id = (
            session.scalar(select(Role.id).where(Role.code == who))
            if kind == "role"
            else None
        )
        session.add(
            ApprovalFlowStep(
                flow_id=flow.id,
                position=position,
                approver_kind=kind,
                approver_user_id=who if kind == "user" else None,
                approver_role_id=role_id,
                mode=step_mode,
            )
        )
    session.flush()
    return flow

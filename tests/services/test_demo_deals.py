"""Demo deals: products, opportunities with stage history, contracts with
approval histories, payment plans and payments, on SQLite and PostgreSQL. The
small scale is loaded once per backend; every test checks one invariant on it."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

import models
from models import (
    ApprovalAction,
    ApprovalRequest,
    ApprovalStep,
    ApprovalStepApprover,
    Contact,
    Contract,
    ContractLine,
    Customer,
    FollowUp,
    Lead,
    Opportunity,
    OpportunityContact,
    OpportunityLine,
    OpportunityStage,
    OpportunityStageChange,
    Payment,
    PaymentInstallment,
    Product,
    ProductAttribute,
    ProductCategory,
    Role,
    User,
)
from models.base import utcnow
from services.database import make_engine
from services.demo_data import DemoSummary, load_demo_data
from services.demo_data import loader as demo_loader
from services.demo_data.deals import DEAL_TABLES
from services.numbering import next_number
from services.product_lines import line_subtotal
from tests.conftest import _drop_postgres_schema, _postgres_engine, backend_params

BACKENDS = pytest.mark.parametrize(
    "isolated_engine", ["sqlite", "postgresql"], indirect=True
)
LOCAL = dt.timedelta(hours=8)
FIXED_NOW = dt.datetime(2026, 11, 20, 3, 30)
# The volumes per customer the benchmarks are specified with (1M customers: 300k
# leads, 500k opportunities, 300k contracts, 600k payments); at the small scale
# chance moves them by several percent.
PER_CUSTOMER = {"leads": 0.3, "opportunities": 0.5, "contracts": 0.3, "payments": 0.6}


@pytest.fixture(scope="module", params=backend_params())
def loaded(request, tmp_path_factory) -> Iterator[tuple[Engine, DemoSummary]]:
    """The small demo data set, loaded once per backend for this module."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("deals") / "demo.db"
        engine = make_engine(f"sqlite:///{path}")
    else:
        engine = _postgres_engine()
    models.Base.metadata.create_all(engine)
    summary = load_demo_data(engine, scale="small", seed=42)
    yield engine, summary
    if request.param == "sqlite":
        engine.dispose()
    else:
        _drop_postgres_schema(engine)


def sqlite_engine(path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    models.Base.metadata.create_all(engine)
    return engine


@pytest.fixture
def db(loaded) -> Iterator[Session]:
    engine, _ = loaded
    with Session(engine) as session:
        yield session


def count(session: Session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def local_today() -> dt.date:
    return (utcnow() + LOCAL).date()


def test_counts_are_proportional_to_customers(loaded, db):
    _, summary = loaded
    assert (
        summary.leads,
        summary.opportunities,
        summary.contracts,
        summary.payments,
    ) == (
        count(db, Lead),
        count(db, Opportunity),
        count(db, Contract),
        count(db, Payment),
    )
    per_customer = {
        name: getattr(summary, name) / summary.customers for name in PER_CUSTOMER
    }
    assert per_customer == pytest.approx(PER_CUSTOMER, rel=0.12)
    assert "opportunities" in summary.describe()
    statuses = Counter(db.scalars(select(Contract.status)))
    assert set(statuses) == {"draft", "pending", "approved", "rejected", "voided"}
    assert statuses["approved"] > 0.6 * summary.contracts
    assert set(db.scalars(select(Opportunity.status).distinct())) == {
        "open",
        "won",
        "lost",
    }


def test_products_sit_in_a_two_level_tree_with_valid_attributes(db):
    categories = {c.id: c for c in db.scalars(select(ProductCategory))}
    roots = [c for c in categories.values() if c.parent_id is None]
    leaves = [c for c in categories.values() if c.parent_id is not None]
    assert len(roots) >= 3 and len(leaves) >= 6
    assert all(categories[c.parent_id].parent_id is None for c in leaves)
    attributes = db.scalars(select(ProductAttribute)).all()
    assert {a.attribute_type for a in attributes} == {
        "text",
        "number",
        "single",
        "multi",
    }
    by_id = {a.id: a for a in attributes}
    products = db.scalars(select(Product)).all()
    assert 35 <= len(products) <= 50
    assert len({p.code for p in products}) == len(products)
    assert 0 < sum(not p.on_sale for p in products) <= 5
    for product in products:
        assert categories[product.category_id].parent_id is not None
        assert product.price > 0
        for key, value in product.attribute_values.items():
            attribute = by_id[int(key)]
            assert attribute.category_id == product.category_id
            if attribute.attribute_type == "single":
                assert value in attribute.options
            elif attribute.attribute_type == "multi":
                assert set(value) <= set(attribute.options)
            elif attribute.attribute_type == "number":
                assert isinstance(value, int | float)
        required = {
            a.id
            for a in attributes
            if a.category_id == product.category_id and a.required
        }
        assert required <= {int(key) for key in product.attribute_values}


def test_lines_add_up_and_use_products_on_sale(db):
    off_sale = set(db.scalars(select(Product.id).where(Product.on_sale.is_(False))))
    for line_model, parent_model, parent_key in (
        (OpportunityLine, Opportunity, "opportunity_id"),
        (ContractLine, Contract, "contract_id"),
    ):
        totals: dict[int, object] = defaultdict(int)
        for line in db.scalars(select(line_model)):
            assert line.subtotal == line_subtotal(
                line.quantity, line.unit_price, line.discount
            )
            assert line.product_id not in off_sale
            totals[getattr(line, parent_key)] += line.subtotal
        amounts = dict(db.execute(select(parent_model.id, parent_model.amount)).all())
        assert amounts == totals  # every deal has lines; amount = their total


def test_only_cooperating_customers_hold_approved_contracts(db):
    stages = Counter(
        db.scalars(
            select(Customer.stage)
            .join(Contract, Contract.customer_id == Customer.id)
            .where(Contract.status == "approved")
        )
    )
    assert set(stages) == {"cooperating"}
    cooperating = set(
        db.scalars(
            select(Customer.id).where(
                Customer.stage == "cooperating",
                Customer.owner_id.is_not(None),
                Customer.deleted_at.is_(None),
            )
        )
    )
    signed = set(
        db.scalars(select(Contract.customer_id).where(Contract.status == "approved"))
    )
    assert len(cooperating & signed) >= 0.85 * len(cooperating)


def test_deals_belong_to_the_customer_owner_after_the_customer_exists(db):
    wrong_owner = db.scalar(
        select(func.count())
        .select_from(Opportunity)
        .join(Customer, Customer.id == Opportunity.customer_id)
        .where(
            (Opportunity.owner_id != Customer.owner_id)
            | (Opportunity.created_at <= Customer.created_at)
        )
    )
    assert wrong_owner == 0
    foreign_contacts = db.scalar(
        select(func.count())
        .select_from(OpportunityContact)
        .join(Opportunity, Opportunity.id == OpportunityContact.opportunity_id)
        .join(Contact, Contact.id == OpportunityContact.contact_id)
        .where(Contact.customer_id != Opportunity.customer_id)
    )
    assert foreign_contacts == 0
    assert count(db, OpportunityContact) > 0
    wrong_contract = db.scalar(
        select(func.count())
        .select_from(Contract)
        .join(Customer, Customer.id == Contract.customer_id)
        .outerjoin(Opportunity, Opportunity.id == Contract.opportunity_id)
        .outerjoin(Contact, Contact.id == Contract.customer_signer_id)
        .where(
            (Contract.owner_id != Customer.owner_id)
            | (Opportunity.customer_id != Contract.customer_id)
            | (Opportunity.status != "won")
            | (Contact.customer_id != Contract.customer_id)
            | (Contract.created_at < Opportunity.closed_at)
        )
    )
    assert wrong_contract == 0
    wrong_followups = db.scalar(
        select(func.count())
        .select_from(FollowUp)
        .outerjoin(Opportunity, Opportunity.id == FollowUp.opportunity_id)
        .outerjoin(Contract, Contract.id == FollowUp.contract_id)
        .where(
            (Opportunity.customer_id != FollowUp.customer_id)
            | (Contract.customer_id != FollowUp.customer_id)
        )
    )
    assert wrong_followups == 0
    assert db.scalar(select(func.count()).where(FollowUp.opportunity_id.is_not(None)))


def test_stage_history_walks_forward_to_the_current_stage(db):
    stages = {s.id: s for s in db.scalars(select(OpportunityStage))}
    history = defaultdict(list)
    for change in db.scalars(
        select(OpportunityStageChange).order_by(
            OpportunityStageChange.opportunity_id,
            OpportunityStageChange.changed_at,
            OpportunityStageChange.id,
        )
    ):
        history[change.opportunity_id].append(change)
    now = utcnow()
    for opportunity in db.scalars(select(Opportunity)):
        changes = history[opportunity.id]
        assert changes[0].from_stage_id is None
        assert changes[0].changed_at == opportunity.created_at
        for before, after in zip(changes, changes[1:], strict=False):
            assert after.from_stage_id == before.to_stage_id
            assert after.changed_at >= before.changed_at
            if stages[after.to_stage_id].outcome == "open":
                order = stages[after.to_stage_id].sort_order
                assert order == stages[before.to_stage_id].sort_order + 1
        assert stages[changes[0].to_stage_id].sort_order == min(
            s.sort_order for s in stages.values()
        )
        assert changes[-1].to_stage_id == opportunity.stage_id
        assert changes[-1].changed_at == opportunity.stage_changed_at <= now
        assert all(c.changed_by_id == opportunity.owner_id for c in changes)
        outcome = stages[opportunity.stage_id].outcome
        assert opportunity.status == outcome
        closed = outcome != "open"
        assert (opportunity.closed_at is not None) == closed
        assert (opportunity.close_reason is not None) == closed
        if closed:
            assert opportunity.closed_at == opportunity.stage_changed_at


def test_contracts_have_consistent_dates_and_approval_fields(db):
    now = utcnow()
    teams = dict(db.execute(select(User.id, User.team_id)).all())
    for contract in db.scalars(select(Contract)):
        assert contract.created_at <= contract.updated_at <= now
        assert contract.sign_date == (contract.created_at + LOCAL).date()
        assert contract.start_date >= contract.sign_date
        assert contract.end_date > contract.start_date
        approved = contract.status in ("approved", "voided")
        assert (contract.approved_at is not None) == approved
        if approved:
            assert contract.created_at <= contract.approved_at <= now
            assert contract.approved_owner_id == contract.owner_id
            assert contract.approved_team_id == teams[contract.owner_id]
        else:
            assert contract.approved_owner_id is contract.approved_team_id is None
        voided = contract.status == "voided"
        assert (contract.voided_at is not None) == voided
        assert (contract.void_reason is not None) == voided
        if voided:
            assert contract.approved_at < contract.voided_at <= now


def test_numbers_are_unique_and_later_numbers_do_not_collide(db):
    contracts = list(db.scalars(select(Contract.number)))
    payments = list(db.scalars(select(Payment.number)))
    assert len(set(contracts)) == len(contracts)
    assert len(set(payments)) == len(payments)
    assert all(re.fullmatch(r"HT\d{8}-\d{4}", number) for number in contracts)
    assert all(re.fullmatch(r"HK\d{8}-\d{4}", number) for number in payments)
    busiest = Counter(number[2:10] for number in contracts).most_common(1)[0][0]
    on = dt.date(int(busiest[:4]), int(busiest[4:6]), int(busiest[6:]))
    fresh = next_number(db, "contract", on=on)  # rolled back with the session
    assert fresh not in contracts
    assert fresh.startswith(f"HT{busiest}-")


def test_payments_stay_within_the_contract_amount(db):
    approved_totals = dict(
        db.execute(
            select(Payment.contract_id, func.sum(Payment.amount))
            .where(Payment.status == "approved")
            .group_by(Payment.contract_id)
        ).all()
    )
    today = local_today()
    states = Counter()
    for contract in db.scalars(select(Contract)):
        assert contract.paid_amount == approved_totals.get(contract.id, 0)
        assert contract.paid_amount <= contract.amount
        if contract.status == "approved":
            states[
                "full"
                if contract.paid_amount == contract.amount
                else "part"
                if contract.paid_amount
                else "none"
            ] += 1
        else:
            assert contract.id not in approved_totals
    assert states["full"] and states["part"] and states["none"]
    payments = db.execute(
        select(Payment, Contract).join(Contract, Contract.id == Payment.contract_id)
    ).all()
    assert {payment.status for payment, _ in payments} == {
        "approved",
        "pending",
        "rejected",
    }
    for payment, contract in payments:
        assert contract.status == "approved"
        assert payment.customer_id == contract.customer_id
        assert payment.owner_id == contract.owner_id
        assert contract.sign_date <= payment.paid_on <= today
        assert payment.created_at >= contract.approved_at
        assert (payment.approved_at is not None) == (payment.status == "approved")
        if payment.approved_at:
            assert payment.approved_owner_id == contract.owner_id
            assert payment.created_at < payment.approved_at <= utcnow()


def test_installment_plans_fit_the_contract(db):
    plans = defaultdict(list)
    for installment in db.scalars(
        select(PaymentInstallment).order_by(
            PaymentInstallment.contract_id, PaymentInstallment.sequence
        )
    ):
        plans[installment.contract_id].append(installment)
    contracts = {c.id: c for c in db.scalars(select(Contract))}
    assert {contracts[c].status for c in plans} == {"approved"}
    approved = [c for c in contracts.values() if c.status == "approved"]
    assert all(c.id in plans for c in approved)
    overdue = 0
    paid_installments = set(
        db.scalars(select(Payment.installment_id).where(Payment.status == "approved"))
    )
    # Milestones (1-4), every year of a longer term, every quarter or month of a
    # year's.
    assert {len(plan) for plan in plans.values()} >= {1, 2, 3, 4, 12}
    for contract_id, plan in plans.items():
        contract = contracts[contract_id]
        assert 1 <= len(plan) <= 12
        assert [i.sequence for i in plan] == list(range(1, len(plan) + 1))
        assert sum(i.amount for i in plan) <= contract.amount
        dues = [i.due_date for i in plan]
        assert dues == sorted(dues) and dues[0] > contract.sign_date
        overdue += sum(
            i.due_date < local_today() and i.id not in paid_installments for i in plan
        )
    assert overdue > 0


def _requests(db: Session, object_type: str):
    steps = defaultdict(list)
    for step in db.scalars(select(ApprovalStep).order_by(ApprovalStep.position)):
        steps[step.request_id].append(step)
    approvers = defaultdict(list)
    for approver in db.scalars(select(ApprovalStepApprover)):
        approvers[approver.step_id].append(approver)
    actions = defaultdict(list)
    for action in db.scalars(select(ApprovalAction).order_by(ApprovalAction.id)):
        actions[action.request_id].append(action)
    for request in db.scalars(
        select(ApprovalRequest).where(ApprovalRequest.object_type == object_type)
    ):
        yield request, steps[request.id], approvers, actions[request.id]


def _role_members(db: Session, code: str) -> set[int]:
    return set(db.scalars(select(User.id).join(Role).where(Role.code == code)))


def test_contract_approvals_follow_the_default_flow(db):
    supervisor = dict(db.execute(select(User.id, User.supervisor_id)).all())
    executives = _role_members(db, "executive")
    contracts = {c.id: c for c in db.scalars(select(Contract))}
    latest: dict[int, ApprovalRequest] = {}
    for request, steps, approvers, actions in _requests(db, "contract"):
        contract = contracts[request.object_id]
        assert request.submitter_id == contract.owner_id
        assert request.amount == contract.amount
        assert [s.position for s in steps] == [1, 2]
        assert {a.user_id for a in approvers[steps[0].id]} == {
            supervisor[contract.owner_id]
        }
        assert {a.user_id for a in approvers[steps[1].id]} == executives
        assert actions[0].action == "submit"
        assert actions[0].created_at == request.submitted_at >= contract.created_at
        times = [a.created_at for a in actions]
        assert times == sorted(times) and times[-1] <= utcnow()
        assert_request_consistent(request, steps, approvers, actions)
        if request.object_id not in latest or latest[request.object_id].id < request.id:
            latest[request.object_id] = request
    for contract in contracts.values():
        request = latest.get(contract.id)
        expected = {
            "draft": None,
            "pending": "pending",
            "approved": "approved",
            "rejected": "rejected",
            "voided": "approved",
        }[contract.status]
        assert (request.status if request else None) == expected
        if contract.approved_at:
            assert contract.approved_at == request.decided_at


def test_payment_approvals_are_decided_by_finance(db):
    finance = _role_members(db, "finance")
    payments = {p.id: p for p in db.scalars(select(Payment))}
    seen = set()
    for request, steps, approvers, actions in _requests(db, "payment"):
        payment = payments[request.object_id]
        seen.add(payment.id)
        assert request.status == payment.status
        assert len(steps) == 1
        assert {a.user_id for a in approvers[steps[0].id]} == finance
        assert_request_consistent(request, steps, approvers, actions)
        if payment.approved_at:
            assert payment.approved_at == request.decided_at
    assert seen == set(payments)


def assert_request_consistent(request, steps, approvers, actions) -> None:
    """Every approver asked when their step became active; pending: exactly one
    active step, undecided, waited for since its activation; decided: every
    step up to the deciding one decided by one approver, with an action each."""
    statuses = [s.status for s in steps]
    decided_steps = [s for s in steps if s.status in ("approved", "rejected")]
    for step in steps:
        waits = request.status == "pending" and step.status == "active"
        assert {(a.asked_at, a.waiting_since) for a in approvers[step.id]} == {
            (step.activated_at, step.activated_at if waits else None)
        }
        decided = [a for a in approvers[step.id] if a.decision is not None]
        if step.status in ("approved", "rejected"):
            assert len(decided) == 1
            assert decided[0].decision == step.status
            assert decided[0].decided_at == step.decided_at
            assert step.activated_at <= step.decided_at
        else:
            assert decided == [] and step.decided_at is None
    if request.status == "pending":
        assert statuses.count("active") == 1
        active = statuses.index("active") + 1
        assert request.current_position == active and request.decided_at is None
        assert statuses[: active - 1] == ["approved"] * (active - 1)
        assert set(statuses[active:]) <= {"waiting"}
    elif request.status == "approved":
        assert set(statuses) == {"approved"}
        assert request.decided_at == steps[-1].decided_at
    else:
        assert statuses.count("rejected") == 1
        assert request.decided_at == decided_steps[-1].decided_at
    assert [a.action for a in actions] == ["submit"] + [
        "approve" if s.status == "approved" else "reject" for s in decided_steps
    ]


def test_deal_columns_cover_every_column():
    # A new column must be added to the generator, or COPY would leave it NULL;
    # the triggers' counters are counted after the load.
    kept_by_triggers = {"collected", "contract_status", "contract_owner_id"}
    generated = {"hours_taken"}
    for table, columns, _ in DEAL_TABLES:
        written = set(table.c.keys()) - kept_by_triggers - generated
        assert sorted(columns) == sorted(written), table.name


def deals_snapshot(engine: Engine) -> dict:
    """Every row of every deal table, in id order."""
    with Session(engine) as session:
        return {
            attribute: session.execute(
                select(*(table.c[name] for name in columns)).order_by(
                    *(table.c[name] for name in columns[:2])
                )
            ).all()
            for table, columns, attribute in DEAL_TABLES
        }


@BACKENDS
def test_same_seed_and_moment_give_the_same_deals(
    isolated_engine, tmp_path, monkeypatch
):
    monkeypatch.setattr(demo_loader, "utcnow", lambda: FIXED_NOW)
    models.Base.metadata.create_all(isolated_engine)
    load_demo_data(isolated_engine, scale="tiny", seed=5)
    again = sqlite_engine(tmp_path / "again.db")
    load_demo_data(again, scale="tiny", seed=5)

    first = deals_snapshot(isolated_engine)
    assert first["opportunities"] and first["contracts"] and first["payments"]
    assert deals_snapshot(again) == first
    again.dispose()


@pytest.mark.parametrize("isolated_engine", ["sqlite"], indirect=True)
def test_another_day_keeps_names_amounts_and_statuses(
    isolated_engine, tmp_path, monkeypatch
):
    monkeypatch.setattr(demo_loader, "utcnow", lambda: FIXED_NOW)
    models.Base.metadata.create_all(isolated_engine)
    load_demo_data(isolated_engine, scale="tiny", seed=5)
    saturday_night = dt.datetime(2027, 3, 6, 15, 30)
    monkeypatch.setattr(demo_loader, "utcnow", lambda: saturday_night)
    later = sqlite_engine(tmp_path / "later.db")
    load_demo_data(later, scale="tiny", seed=5)

    def stable(engine: Engine) -> list:
        with Session(engine) as session:
            return session.execute(
                select(
                    Opportunity.name,
                    Opportunity.amount,
                    Opportunity.status,
                    Contract.name,
                    Contract.amount,
                    Contract.status,
                )
                .outerjoin(Contract, Contract.opportunity_id == Opportunity.id)
                .order_by(Opportunity.id, Contract.id)
            ).all()

    assert stable(later) == stable(isolated_engine)
    later.dispose()

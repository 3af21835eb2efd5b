"""Payment plans: installments, their collection state, receivables and the
installments-due queries of the to-do list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from models import INSTALLMENT_CONTRACT, Contract, Payment, PaymentInstallment
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.payment_plans import (
    BELOW_COLLECTED,
    HAS_PAYMENTS,
    PLAN_OVER_AMOUNT,
    PLAN_READ_ONLY,
    InstallmentIn,
    add_installment,
    collected_by_installment,
    contract_receivable,
    count_installments_due,
    customer_receivable,
    delete_installment,
    installments_due,
    payment_plan,
    update_installment,
)
from tests.factories import (
    audit_rows,
    force_columns,
    make_approved_contract,
    make_customer,
    make_payment,
)

TODAY = dt.date.today()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def deal(org):
    """rep_a1's approved contract of 100,000 and a finance user "fin"."""
    org.add_user("fin", "finance", None)
    customer = make_customer(org.session, org.actor("rep_a1"), "Harbour Foods")
    contract = make_approved_contract(
        org.session, org.ids["rep_a1"], customer, "100000.00"
    )
    return org, customer, contract


def add(org, contract, due, amount, who="rep_a1", remark=None):
    return add_installment(
        org.session,
        org.actor(who),
        contract.id,
        InstallmentIn(due_date=due, amount=amount, remark=remark),
    )


def approve_directly(org, payment):
    """Mark a payment approved and count it, as the approval would."""
    force_columns(org.session, payment, status="approved")
    row = org.session.get(Contract, payment.contract_id)
    force_columns(org.session, row, paid_amount=row.paid_amount + payment.amount)


def test_sequences_follow_the_due_dates(deal):
    org, _customer, contract = deal
    add(org, contract, days(60), "30000")
    add(org, contract, days(10), "20000")
    add(org, contract, days(30), "10000")
    plan = payment_plan(org.session, org.actor("rep_a1"), contract.id)
    assert [(r["sequence"], r["due_date"]) for r in plan["installments"]] == [
        (1, days(10)),
        (2, days(30)),
        (3, days(60)),
    ]
    assert plan["planned"] == Decimal("60000.00")
    assert plan["unplanned"] == Decimal("40000.00")


def test_the_plan_total_may_not_exceed_the_contract_amount(deal):
    org, _customer, contract = deal
    add(org, contract, days(10), "70000")
    with pytest.raises(ValidationFailed) as exc:
        add(org, contract, days(20), "30000.01")
    assert exc.value.errors == {"amount": PLAN_OVER_AMOUNT}


def test_every_missing_field_is_reported_at_once(deal):
    org, _customer, contract = deal
    with pytest.raises(ValidationFailed) as exc:
        add(org, contract, "not a date", "-5", remark="x" * 501)
    assert set(exc.value.errors) == {"due_date", "amount", "remark"}


def test_an_edit_from_an_old_version_is_refused(deal):
    org, _customer, contract = deal
    item = add(org, contract, days(10), "10000")
    actor = org.actor("rep_a1")
    update_installment(
        org.session,
        actor,
        item.id,
        InstallmentIn(due_date=days(11), amount="12000"),
        expected_version=item.version,
    )
    with pytest.raises(Conflict):
        update_installment(
            org.session,
            actor,
            item.id,
            InstallmentIn(due_date=days(12), amount="13000"),
            expected_version=1,
        )


def test_an_installment_cannot_drop_below_what_it_collected(deal):
    org, _customer, contract = deal
    item = add(org, contract, days(-5), "10000")
    payment = make_payment(
        org.session, org.actor("fin"), contract, "6000", installment_id=item.id
    )
    approve_directly(org, payment)
    with pytest.raises(ValidationFailed) as exc:
        update_installment(
            org.session,
            org.actor("rep_a1"),
            item.id,
            InstallmentIn(due_date=days(-5), amount="5000"),
            expected_version=item.version,
        )
    assert exc.value.errors == {"amount": BELOW_COLLECTED}


def test_an_installment_with_payments_cannot_be_deleted(deal):
    org, _customer, contract = deal
    item = add(org, contract, days(10), "10000")
    make_payment(org.session, org.actor("fin"), contract, "100", installment_id=item.id)
    with pytest.raises(Conflict) as exc:
        delete_installment(
            org.session, org.actor("rep_a1"), item.id, expected_version=item.version
        )
    assert exc.value.message == HAS_PAYMENTS


def test_deleting_renumbers_the_rest_and_is_logged(deal):
    org, _customer, contract = deal
    first = add(org, contract, days(10), "10000")
    add(org, contract, days(20), "10000")
    delete_installment(
        org.session, org.actor("rep_a1"), first.id, expected_version=first.version
    )
    plan = payment_plan(org.session, org.actor("rep_a1"), contract.id)
    assert [(r["sequence"], r["due_date"]) for r in plan["installments"]] == [
        (1, days(20))
    ]
    actions = [r.action for r in audit_rows(org.session, object_id=contract.id)]
    assert actions.count("installment.create") == 2
    assert "installment.delete" in actions


def test_collected_remaining_and_state_per_installment(deal):
    org, _customer, contract = deal
    paid = add(org, contract, days(-20), "10000")
    partly_overdue = add(org, contract, days(-1), "10000")
    due_today = add(org, contract, TODAY, "10000")
    partly = add(org, contract, days(5), "10000")
    add(org, contract, days(40), "10000")
    fin = org.actor("fin")
    for item, amount in ((paid, "10000"), (partly_overdue, "4000"), (partly, "1")):
        approve_directly(
            org,
            make_payment(org.session, fin, contract, amount, installment_id=item.id),
        )
    # A payment still waiting for approval collects nothing yet.
    make_payment(org.session, fin, contract, "500", installment_id=due_today.id)
    plan = payment_plan(org.session, org.actor("rep_a1"), contract.id)
    assert [
        (r["state"], r["collected"], r["remaining"]) for r in plan["installments"]
    ] == [
        ("paid", Decimal("10000"), Decimal("0")),
        ("overdue", Decimal("4000"), Decimal("6000")),
        ("due_today", Decimal("0"), Decimal("10000")),
        ("partly_paid", Decimal("1"), Decimal("9999")),
        ("upcoming", Decimal("0"), Decimal("10000")),
    ]


def test_reps_outside_the_owners_scope_cannot_see_or_change_the_plan(deal):
    org, _customer, contract = deal
    with pytest.raises(NotFound):
        payment_plan(org.session, org.actor("rep_b1"), contract.id)
    with pytest.raises(NotFound):
        add(org, contract, days(3), "10", who="rep_b1")


def test_finance_may_change_any_plan_the_executive_only_reads_it(deal):
    org, _customer, contract = deal
    add(org, contract, days(3), "10", who="fin")
    plan = payment_plan(org.session, org.actor("exec"), contract.id)
    assert len(plan["installments"]) == 1 and plan["editable"] is False
    with pytest.raises(PermissionDenied):
        add(org, contract, days(4), "10", who="exec")


def test_a_voided_contracts_plan_is_read_only(deal):
    org, _customer, contract = deal
    force_columns(org.session, contract, status="voided")
    with pytest.raises(Conflict) as exc:
        add(org, contract, days(3), "10")
    assert exc.value.message == PLAN_READ_ONLY


def test_receivable_counts_approved_and_pending_payments(deal):
    org, customer, contract = deal
    fin = org.actor("fin")
    approve_directly(org, make_payment(org.session, fin, contract, "30000"))
    pending = make_payment(org.session, fin, contract, "5000")
    force_columns(org.session, pending, status="pending")
    make_payment(org.session, fin, contract, "1000")  # a draft counts nowhere
    assert contract_receivable(org.session, org.actor("rep_a1"), contract.id) == {
        "contract_id": contract.id,
        "amount": Decimal("100000.00"),
        "paid": Decimal("30000.00"),
        "pending": Decimal("5000.00"),
        "balance": Decimal("70000.00"),
    }
    other = make_approved_contract(
        org.session, org.ids["rep_a1"], customer, "50000", name="Second"
    )
    make_approved_contract(
        org.session, org.ids["rep_a1"], customer, "999", name="Draft", status="draft"
    )
    summary = customer_receivable(org.session, org.actor("rep_a1"), customer.id)
    assert summary["contracts"] == 2
    assert summary["amount"] == Decimal("150000.00")
    assert summary["balance"] == Decimal("120000.00")
    assert other.id


def test_receivable_of_a_contract_out_of_scope_is_not_found(deal):
    org, _customer, contract = deal
    with pytest.raises(NotFound):
        contract_receivable(org.session, org.actor("rep_b1"), contract.id)


def test_installments_due_by_window_and_scope(deal):
    org, customer, contract = deal
    add(org, contract, days(-3), "1000")
    add(org, contract, TODAY, "1000")
    add(org, contract, days(7), "1000")
    add(org, contract, days(90), "1000")
    paid = add(org, contract, days(-10), "1000")
    approve_directly(
        org,
        make_payment(
            org.session, org.actor("fin"), contract, "1000", installment_id=paid.id
        ),
    )
    # Installments of a contract not approved yet are not receivable.
    draft = make_approved_contract(
        org.session, org.ids["rep_a1"], customer, "999", name="Draft", status="draft"
    )
    add(org, draft, days(-3), "10")
    rep = org.actor("rep_a1")

    def dues(due, actor=rep):
        page = installments_due(org.session, actor, due=due, page=1, page_size=20)
        return [row["due_date"] for row in page.rows]

    assert dues("overdue") == [days(-3)]
    assert dues("today") == [TODAY]
    assert dues("upcoming") == [days(7)]
    assert dues("all") == [days(-10), days(-3), TODAY, days(7), days(90)]
    assert dues("overdue", org.actor("rep_b1")) == []
    assert dues("overdue", org.actor("fin")) == [days(-3)]
    assert count_installments_due(org.session, rep) == {"overdue": 1, "today": 1}
    assert count_installments_due(org.session, org.actor("rep_b1")) == {
        "overdue": 0,
        "today": 0,
    }


def test_installments_carry_their_contracts_status_and_owner(deal):
    """payment_installments.contract_status / contract_owner_id (kept by
    triggers) follow the contract's approval, a transfer and a move to another
    contract; the to-do counts read them."""
    org, customer, contract = deal
    draft = make_approved_contract(
        org.session, org.ids["rep_a1"], customer, "999", name="Draft", status="draft"
    )
    first = add(org, contract, days(-3), "1000")
    second = add(org, draft, days(-5), "10")

    def copies():
        org.session.expire_all()
        rows = org.session.execute(
            select(
                PaymentInstallment.id,
                PaymentInstallment.contract_status,
                PaymentInstallment.contract_owner_id,
                Contract.status,
                Contract.owner_id,
            ).join(Contract, Contract.id == PaymentInstallment.contract_id)
        ).all()
        assert all(row[1:3] == row[3:5] for row in rows), rows
        return {row[0]: row[1:3] for row in rows}

    rep, other = org.ids["rep_a1"], org.ids["rep_a2"]
    assert copies() == {first.id: ("approved", rep), second.id: ("draft", rep)}
    force_columns(org.session, draft, status="approved")
    assert copies()[second.id] == ("approved", rep)
    assert count_installments_due(org.session, org.actor("rep_a1"))["overdue"] == 2
    force_columns(org.session, contract, owner_id=other)  # a transfer
    assert copies()[first.id] == ("approved", other)
    assert count_installments_due(org.session, org.actor("rep_a1"))["overdue"] == 1
    assert count_installments_due(org.session, org.actor("rep_a2"))["overdue"] == 1
    force_columns(org.session, second, contract_id=contract.id, sequence=2)
    assert copies()[second.id] == ("approved", other)
    # A recount after a bulk load finds nothing to mend, and mends what is off.
    connection = org.session.connection()
    connection.execute(
        update(PaymentInstallment).values(contract_status=None, contract_owner_id=None)
    )
    INSTALLMENT_CONTRACT.rebuild(connection)
    assert copies() == {first.id: ("approved", other), second.id: ("approved", other)}


def test_the_stored_collected_sum_follows_every_payment_change(deal):
    """payment_installments.collected (kept by triggers) equals the sum of the
    approved payments linked to each installment after approvals, edits, moves
    and deletes."""
    org, _customer, contract = deal
    first = add(org, contract, days(-3), "10000")
    second = add(org, contract, days(3), "10000")
    fin = org.actor("fin")

    def payment(amount, item):
        return make_payment(org.session, fin, contract, amount, installment_id=item.id)

    def assert_in_step():
        org.session.flush()
        stored = dict(
            org.session.execute(
                select(PaymentInstallment.id, PaymentInstallment.collected)
            ).all()
        )
        assert stored == {
            item.id: collected_by_installment(org.session, {item.id}).get(
                item.id, Decimal(0)
            )
            for item in (first, second)
        }

    kept, moved, dropped = (
        payment("100", first),
        payment("200", first),
        payment("300", second),
    )
    assert_in_step()  # drafts collect nothing
    for item in (kept, moved, dropped):
        approve_directly(org, item)
    assert_in_step()
    force_columns(org.session, kept, amount=Decimal("150"))
    force_columns(org.session, moved, installment_id=second.id)
    assert_in_step()
    force_columns(org.session, dropped, status="rejected")
    org.session.delete(org.session.get(Payment, moved.id))
    assert_in_step()

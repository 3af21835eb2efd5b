"""Payments: recording, validation, scope, list, and the approval life cycle that
moves the contract's paid amount."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models import Contract, Payment
from services.approvals import approval_state, approve, reject, submit
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.payment_plans import InstallmentIn, add_installment, payment_plan
from services.payments import (
    EXCEEDS_BALANCE,
    EXCEEDS_CONTRACT,
    FIXED_AT_CREATION,
    NOT_EDITABLE,
    PaymentFilter,
    PaymentIn,
    create_payment,
    get_payment,
    list_payments,
    payable_contracts,
    payment_detail,
    payment_log,
    receivable_warning,
    update_payment,
    void_payment,
)
from tests.factories import (
    audit_rows,
    make_approved_contract,
    make_customer,
    make_payment,
    reloaded,
)

TODAY = dt.date.today()


@pytest.fixture
def deal(org):
    """rep_a1's customer with an approved contract of 100,000; two finance users."""
    org.add_user("fin", "finance", None)
    org.add_user("fin2", "finance", None)
    customer = make_customer(org.session, org.actor("rep_a1"), "Harbour Foods")
    contract = make_approved_contract(
        org.session, org.ids["rep_a1"], customer, "100000.00", number="HT-1"
    )
    return org, customer, contract


def edit_values(payment: Payment, **changes) -> PaymentIn:
    values = {
        "installment_id": payment.installment_id,
        "amount": payment.amount,
        "paid_on": payment.paid_on,
        "method": payment.method,
        "remark": payment.remark,
    }
    return PaymentIn(**(values | changes))


def request_of(org, who: str, payment) -> tuple[int, int]:
    state = approval_state(org.session, org.actor(who), "payment", payment.id)
    return state.request.id, state.request.current_position


def submit_and_approve(org, payment, submitter="rep_a1", approver="fin"):
    submit(org.session, org.actor(submitter), "payment", payment.id)
    request_id, position = request_of(org, approver, payment)
    approve(org.session, org.actor(approver), request_id, step_position=position)


# --- create -------------------------------------------------------------------


def test_a_recorded_payment_is_a_numbered_draft_owned_by_the_contract_owner(deal):
    org, customer, contract = deal
    payment = make_payment(
        org.session, org.actor("fin"), contract, "1,500.50", method="bank_transfer"
    )
    assert payment.number == f"HK{TODAY:%Y%m%d}-0001"
    assert (payment.status, payment.owner_id) == ("draft", org.ids["rep_a1"])
    assert payment.amount == Decimal("1500.50")
    assert payment.customer_id == customer.id
    assert [r.action for r in audit_rows(org.session, "payment.create")] == [
        "payment.create"
    ]


def test_every_field_error_is_reported_at_once(deal):
    org, _customer, _contract = deal
    with pytest.raises(ValidationFailed) as exc:
        create_payment(
            org.session,
            org.actor("fin"),
            PaymentIn(amount="0", paid_on="", method="barter", remark="x" * 1001),
        )
    assert set(exc.value.errors) == {
        "customer_id",
        "contract_id",
        "amount",
        "paid_on",
        "method",
        "remark",
    }


def test_only_an_approved_contract_of_that_customer_is_accepted(deal):
    org, customer, contract = deal
    draft = make_approved_contract(
        org.session, org.ids["rep_a1"], customer, "10", name="Draft", status="draft"
    )
    other = make_customer(org.session, org.actor("rep_a1"), "Other Co")
    for contract_id, customer_id in ((draft.id, customer.id), (contract.id, other.id)):
        with pytest.raises(ValidationFailed) as exc:
            create_payment(
                org.session,
                org.actor("fin"),
                PaymentIn(
                    customer_id=customer_id,
                    contract_id=contract_id,
                    amount="10",
                    paid_on=TODAY,
                ),
            )
        assert exc.value.errors == {
            "contract_id": "Choose an approved contract of this customer."
        }


def test_a_customer_out_of_scope_is_refused(deal):
    org, customer, contract = deal
    with pytest.raises(ValidationFailed) as exc:
        make_payment(org.session, org.actor("rep_b1"), contract, "10")
    assert exc.value.errors["customer_id"] == "Choose a customer within your scope."


def test_the_amount_may_not_exceed_the_receivable_balance(deal):
    org, _customer, contract = deal
    with pytest.raises(ValidationFailed) as exc:
        make_payment(org.session, org.actor("fin"), contract, "100000.01")
    assert exc.value.errors == {"amount": EXCEEDS_BALANCE}


def test_a_payment_date_in_the_future_is_refused(deal):
    org, _customer, contract = deal
    with pytest.raises(ValidationFailed) as exc:
        make_payment(
            org.session,
            org.actor("fin"),
            contract,
            "10",
            paid_on=TODAY + dt.timedelta(days=1),
        )
    assert exc.value.errors == {"paid_on": "The payment date cannot be in the future."}


def test_the_installment_must_belong_to_the_contract(deal):
    org, customer, contract = deal
    second = make_approved_contract(
        org.session, org.ids["rep_a1"], customer, "500", name="Second"
    )
    foreign = add_installment(
        org.session,
        org.actor("rep_a1"),
        second.id,
        InstallmentIn(due_date=TODAY, amount="500"),
    )
    with pytest.raises(ValidationFailed) as exc:
        make_payment(
            org.session, org.actor("fin"), contract, "10", installment_id=foreign.id
        )
    assert exc.value.errors == {
        "installment_id": "Choose an installment of this contract."
    }


def test_reps_without_payment_rights_cannot_record(deal):
    org, _customer, contract = deal
    with pytest.raises(PermissionDenied):
        make_payment(org.session, org.actor("exec"), contract, "10")


# --- edit ---------------------------------------------------------------------


def test_a_draft_can_be_edited_but_not_from_an_old_version(deal):
    org, _customer, contract = deal
    payment = make_payment(org.session, org.actor("rep_a1"), contract, "100")
    fin = org.actor("fin")
    update_payment(
        org.session,
        fin,
        payment.id,
        edit_values(payment, amount="250", remark="Second wire"),
        expected_version=payment.version,
    )
    stored = reloaded(org.session, payment)
    assert (stored.amount, stored.remark) == (Decimal("250.00"), "Second wire")
    with pytest.raises(Conflict) as exc:
        update_payment(
            org.session, fin, payment.id, edit_values(stored), expected_version=1
        )
    assert exc.value.params["name"] == "Fin"


def test_customer_and_contract_cannot_change_on_edit(deal):
    org, customer, contract = deal
    second = make_approved_contract(
        org.session, org.ids["rep_a1"], customer, "500", name="Second"
    )
    payment = make_payment(org.session, org.actor("fin"), contract, "100")
    with pytest.raises(ValidationFailed) as exc:
        update_payment(
            org.session,
            org.actor("fin"),
            payment.id,
            edit_values(payment, contract_id=second.id),
            expected_version=payment.version,
        )
    assert exc.value.errors == {"contract_id": FIXED_AT_CREATION}


def test_a_pending_payment_cannot_be_edited(deal):
    org, _customer, contract = deal
    payment = make_payment(org.session, org.actor("rep_a1"), contract, "100")
    submit(org.session, org.actor("rep_a1"), "payment", payment.id)
    stored = reloaded(org.session, payment)
    with pytest.raises(Conflict) as exc:
        update_payment(
            org.session,
            org.actor("rep_a1"),
            payment.id,
            edit_values(stored, amount="90"),
            expected_version=stored.version,
        )
    assert exc.value.message == NOT_EDITABLE


def test_a_draft_can_be_voided(deal):
    org, _customer, contract = deal
    payment = make_payment(org.session, org.actor("rep_a1"), contract, "100")
    void_payment(
        org.session, org.actor("rep_a1"), payment.id, expected_version=payment.version
    )
    assert reloaded(org.session, payment).status == "voided"


# --- scope and list -----------------------------------------------------------


def test_payments_follow_the_contract_owners_scope(deal):
    org, _customer, contract = deal
    payment = make_payment(org.session, org.actor("fin"), contract, "100")
    assert get_payment(org.session, org.actor("leader_a"), payment.id).id == payment.id
    with pytest.raises(NotFound):
        get_payment(org.session, org.actor("rep_b1"), payment.id)
    with pytest.raises(NotFound):
        update_payment(
            org.session,
            org.actor("rep_b1"),
            payment.id,
            edit_values(payment),
            expected_version=payment.version,
        )
    assert list_payments(org.session, org.actor("rep_b1"), PaymentFilter()).total == 0
    assert list_payments(org.session, org.actor("fin"), PaymentFilter()).total == 1


def test_list_filters_search_and_status_totals(deal):
    org, customer, contract = deal
    fin = org.actor("fin")
    small = make_payment(org.session, fin, contract, "100", method="cash")
    big = make_payment(org.session, fin, contract, "9000", method="bank_transfer")
    make_payment(
        org.session,
        fin,
        contract,
        "50",
        paid_on=TODAY - dt.timedelta(days=40),
    )
    submit(org.session, org.actor("rep_a1"), "payment", big.id)

    def numbers(**kw):
        page = list_payments(org.session, fin, PaymentFilter(**kw))
        return {row["id"] for row in page.rows}, page

    assert numbers(method="cash")[0] == {small.id}
    assert numbers(amount_min=Decimal("100"), amount_max=Decimal("100"))[0] == {
        small.id
    }
    assert len(numbers(paid_from=TODAY - dt.timedelta(days=7))[0]) == 2
    assert numbers(search="harbour")[0] == numbers(search="HT-1")[0]
    assert numbers(search=big.number)[0] == {big.id}
    ids, page = numbers(status="pending")
    assert ids == {big.id}
    assert page.extra["status_counts"]["all"] == 3
    assert page.extra["status_counts"]["draft"] == 2
    assert page.extra["status_sums"]["pending"] == Decimal("9000.00")
    assert page.extra["status_sums"]["all"] == Decimal("9150.00")
    assert page.rows[0]["customer"] == customer.name


def test_payable_contracts_offer_approved_contracts_with_a_balance(deal):
    org, customer, contract = deal
    make_approved_contract(
        org.session, org.ids["rep_a1"], customer, "10", name="Draft", status="draft"
    )
    paid_up = make_approved_contract(
        org.session, org.ids["rep_a1"], customer, "10", name="Paid up"
    )
    paid_up.paid_amount = Decimal("10")
    org.session.flush()
    offered = payable_contracts(org.session, org.actor("fin"), customer.id)
    assert [(c["id"], c["balance"]) for c in offered] == [
        (contract.id, Decimal("100000.00"))
    ]
    assert payable_contracts(org.session, org.actor("rep_b1"), customer.id) == []


def test_pending_payments_of_others_only_warn(deal):
    org, _customer, contract = deal
    fin = org.actor("fin")
    first = make_payment(org.session, fin, contract, "70000")
    submit(org.session, fin, "payment", first.id)
    assert receivable_warning(org.session, fin, contract.id, "40000") == {
        "pending": Decimal("70000.00"),
        "balance": Decimal("100000.00"),
        "available": Decimal("30000.00"),
    }
    assert receivable_warning(org.session, fin, contract.id, "30000") is None
    # Recording it is still allowed: approval decides.
    assert make_payment(org.session, fin, contract, "40000").status == "draft"


# --- approval life cycle -------------------------------------------------------


def test_the_whole_life_cycle_moves_the_paid_amount(deal):
    org, _customer, contract = deal
    rep = org.actor("rep_a1")
    installment = add_installment(
        org.session, rep, contract.id, InstallmentIn(due_date=TODAY, amount="40000")
    )
    payment = make_payment(
        org.session, org.actor("fin"), contract, "30000", installment_id=installment.id
    )
    submit(org.session, org.actor("fin"), "payment", payment.id)
    assert reloaded(org.session, payment).status == "pending"
    request_id, position = request_of(org, "fin2", payment)
    # The submitter is not an approver of their own payment.
    with pytest.raises(PermissionDenied):
        approve(org.session, org.actor("fin"), request_id, step_position=position)
    approve(org.session, org.actor("fin2"), request_id, step_position=position)
    stored = reloaded(org.session, payment)
    assert stored.status == "approved"
    assert stored.approved_owner_id == org.ids["rep_a1"]
    assert stored.approved_team_id == org.team_a.id
    assert reloaded(org.session, contract).paid_amount == Decimal("30000.00")
    detail = payment_detail(org.session, rep, payment.id)
    assert detail["receivable"]["balance"] == Decimal("70000.00")
    row = payment_plan(org.session, rep, contract.id)["installments"][0]
    assert (row["collected"], row["state"]) == (Decimal("30000"), "due_today")
    actions = [e["action"] for e in payment_log(org.session, rep, payment.id)]
    assert actions == ["payment.approve", "payment.submit", "payment.create"]
    assert audit_rows(org.session, "contract.payment_approved", contract.id)


def test_a_rejected_payment_is_edited_and_resubmitted(deal):
    org, _customer, contract = deal
    rep = org.actor("rep_a1")
    payment = make_payment(org.session, rep, contract, "500")
    submit(org.session, rep, "payment", payment.id)
    request_id, position = request_of(org, "fin", payment)
    reject(
        org.session,
        org.actor("fin"),
        request_id,
        step_position=position,
        reason="Wrong amount",
    )
    stored = reloaded(org.session, payment)
    assert stored.status == "rejected"
    update_payment(
        org.session,
        rep,
        payment.id,
        edit_values(stored, amount="450"),
        expected_version=stored.version,
    )
    submit_and_approve(org, payment)
    assert reloaded(org.session, contract).paid_amount == Decimal("450.00")


def test_submitting_more_than_the_balance_is_refused(deal):
    org, _customer, contract = deal
    rep = org.actor("rep_a1")
    first = make_payment(org.session, rep, contract, "80000")
    second = make_payment(org.session, rep, contract, "30000")
    submit_and_approve(org, first)
    with pytest.raises(Conflict) as exc:
        submit(org.session, rep, "payment", second.id)
    assert exc.value.params == {"balance": "20,000.00"}
    assert reloaded(org.session, second).status == "draft"


def test_an_approval_that_would_exceed_the_contract_changes_nothing(deal):
    org, _customer, contract = deal
    rep = org.actor("rep_a1")
    first = make_payment(org.session, rep, contract, "60000")
    second = make_payment(org.session, rep, contract, "60000")
    submit(org.session, rep, "payment", first.id)
    submit(org.session, rep, "payment", second.id)
    request_id, position = request_of(org, "fin", first)
    approve(org.session, org.actor("fin"), request_id, step_position=position)
    request_id, position = request_of(org, "fin2", second)
    with pytest.raises(Conflict) as exc:  # the unit of work rolls back
        with org.session.begin_nested():
            approve(org.session, org.actor("fin2"), request_id, step_position=position)
    assert exc.value.message == EXCEEDS_CONTRACT
    assert reloaded(org.session, second).status == "pending"
    assert reloaded(org.session, contract).paid_amount == Decimal("60000.00")
    assert org.session.get(Contract, contract.id).paid_amount <= contract.amount

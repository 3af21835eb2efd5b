"""Contracts: create/edit validation, numbering, immutable customer and
opportunity, signers, editable statuses, optimistic locking, scope, list filters,
delete and void rules, the approval hooks (customer becomes cooperating, owner
and team kept), the transfer participant and the customer delete guard."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import Contract, ContractLine, Customer, Payment, User
from services.approvals import approve, reject, submit, withdraw
from services.contracts import (
    CUSTOMER_HAS_CONTRACT,
    FROZEN_FIELD,
    HAS_APPROVED_PAYMENTS,
    HAS_PENDING_PAYMENTS,
    NOT_EDITABLE,
    NUMBER_TAKEN,
    ONLY_APPROVED_VOIDED,
    ONLY_DRAFT_DELETED,
    ContractFilter,
    ContractIn,
    contract_detail,
    contract_log,
    contract_prefill,
    create_contract,
    customer_contracts,
    delete_contract,
    get_contract,
    list_contracts,
    move_contracts,
    opportunity_contracts,
    update_contract,
    void_contract,
)
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.opportunities import OpportunityIn, create_opportunity
from services.product_lines import LineIn
from services.recycle_bin import delete_customers
from services.transfer import (
    TransferIn,
    TransferParticipant,
    register_transfer_participant,
    transfer_customers,
)
from tests.factories import (
    audit_rows,
    force_columns,
    make_contact,
    make_contract,
    make_customer,
    make_product,
    reloaded,
)

TODAY = dt.date.today()


@pytest.fixture
def acme(org):
    return make_customer(org.session, org.actor("rep_a1"), "Acme Trading")


@pytest.fixture
def beta(org):
    return make_customer(org.session, org.actor("rep_b1"), "Beta Works")


@pytest.fixture
def widget(org):
    return make_product(org.session, "Widget", "250.00", code="W-1")


def form_of(contract: Contract, **changes) -> ContractIn:
    """What the edit form sends back for `contract`, with `changes`."""
    values = {
        "name": contract.name,
        "number": contract.number,
        "amount": str(contract.amount),
        "sign_date": contract.sign_date,
        "start_date": contract.start_date,
        "end_date": contract.end_date,
        "customer_signer_id": contract.customer_signer_id,
        "our_signer_id": contract.our_signer_id,
        "owner_id": contract.owner_id,
        "remark": contract.remark,
    }
    return ContractIn(**(values | changes))


def approve_fully(org, contract: Contract, submitter: str = "rep_a1") -> None:
    """Run the default flow: submitter → their supervisor → an executive."""
    session = org.session
    request = submit(session, org.actor(submitter), "contract", contract.id)
    approve(session, org.actor("leader_a"), request.id, step_position=1)
    approve(session, org.actor("exec"), request.id, step_position=2)


# --- create ---------------------------------------------------------------------


def test_create_reports_every_field_error_at_once(org, acme, beta):
    other_contact = make_contact(org.session, org.actor("rep_b1"), beta, "Stranger")
    inactive = org.add_user("gone", "rep", org.team_a)
    org.session.get(User, inactive).is_active = False
    with pytest.raises(ValidationFailed) as exc:
        create_contract(
            org.session,
            org.actor("rep_a1"),
            ContractIn(
                name="",
                customer_id=acme.id,
                number="N" * 51,
                amount="12.345",
                start_date=dt.date(2024, 5, 1),
                end_date=dt.date(2024, 4, 30),
                customer_signer_id=other_contact.id,
                our_signer_id=inactive,
                owner_id=org.ids["rep_b1"],
                remark="x" * 2001,
            ),
        )
    assert exc.value.errors == {
        "name": "Name is required.",
        "number": "At most 50 characters.",
        "amount": "Enter an amount between 0.01 and 999,999,999,999.99.",
        "sign_date": "Enter the signing date.",
        "end_date": "The end date cannot be before the start date.",
        "customer_signer_id": "Choose a contact of this customer.",
        "our_signer_id": "Choose an active user.",
        "owner_id": "Choose an active user within your scope.",
        "remark": "At most 2000 characters.",
    }


def test_create_requires_a_customer_in_scope(org, beta):
    rep = org.actor("rep_a1")
    for customer_id, message in (
        (None, "Choose a customer."),
        (beta.id, "Choose a customer within your scope."),
    ):
        with pytest.raises(ValidationFailed) as exc:
            create_contract(
                org.session,
                rep,
                ContractIn(
                    name="X", customer_id=customer_id, amount="1", sign_date=TODAY
                ),
            )
        assert exc.value.errors == {"customer_id": message}


def test_create_generates_the_number_and_defaults_owner_and_amount(org, acme, widget):
    contact = make_contact(org.session, org.actor("rep_a1"), acme, "Wang Fang")
    contract = make_contract(
        org.session,
        org.actor("leader_a"),
        acme,
        amount="",
        lines=[(widget, "2", "250.00", "10")],
        customer_signer_id=contact.id,
        our_signer_id=org.ids["leader_a"],
    )
    assert contract.number == f"HT{TODAY:%Y%m%d}-0001"
    assert contract.status == "draft"
    assert contract.owner_id == org.ids["rep_a1"]  # the customer's owner
    assert contract.amount == Decimal("450.00")
    assert contract.paid_amount == Decimal("0.00")
    [line] = org.session.scalars(
        select(ContractLine).where(ContractLine.contract_id == contract.id)
    ).all()
    assert (line.quantity, line.unit_price, line.discount, line.subtotal) == (
        Decimal("2.00"),
        Decimal("250.00"),
        Decimal("10.00"),
        Decimal("450.00"),
    )
    [row] = audit_rows(org.session, "contract.create", contract.id)
    assert row.after["lines"][0]["subtotal"] == "450.00"


def test_a_typed_amount_wins_over_the_lines_total(org, acme, widget):
    contract = make_contract(
        org.session,
        org.actor("rep_a1"),
        acme,
        amount="400",
        lines=[(widget, "2", "250.00")],
    )
    assert contract.amount == Decimal("400.00")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("", "Enter the contract amount, or add product lines."),
        ("0", "The amount must be greater than 0."),
        ("-5", "Enter an amount between 0.01 and 999,999,999,999.99."),
        ("abc", "Enter an amount between 0.01 and 999,999,999,999.99."),
    ],
)
def test_amount_must_be_positive(org, acme, amount, message):
    with pytest.raises(ValidationFailed) as exc:
        make_contract(org.session, org.actor("rep_a1"), acme, amount=amount)
    assert exc.value.errors == {"amount": message}


def test_a_bad_line_is_reported_with_its_row(org, acme, widget):
    with pytest.raises(ValidationFailed) as exc:
        make_contract(
            org.session,
            org.actor("rep_a1"),
            acme,
            amount="",
            lines=[(widget, "1", "10"), (widget, "0", "10")],
        )
    assert exc.value.errors == {
        "lines": "Line {row}: enter a quantity greater than 0 (at most 2 decimals)."
    }
    assert exc.value.params == {"row": 2}


def test_numbers_count_up_and_a_typed_number_must_be_unique(org, acme):
    rep = org.actor("rep_a1")
    first = make_contract(org.session, rep, acme)
    typed = make_contract(org.session, rep, acme, number="  HT-SPECIAL-1 ")
    assert typed.number == "HT-SPECIAL-1"
    second = make_contract(org.session, rep, acme)
    assert [first.number, second.number] == [
        f"HT{TODAY:%Y%m%d}-0001",
        f"HT{TODAY:%Y%m%d}-0002",
    ]
    with pytest.raises(ValidationFailed) as exc:
        make_contract(org.session, rep, acme, number="HT-SPECIAL-1")
    assert exc.value.errors == {"number": NUMBER_TAKEN}


def test_generation_skips_a_number_typed_in_earlier(org, acme):
    rep = org.actor("rep_a1")
    make_contract(org.session, rep, acme, number=f"HT{TODAY:%Y%m%d}-0001")
    assert make_contract(org.session, rep, acme).number == f"HT{TODAY:%Y%m%d}-0002"


def test_the_customer_signer_must_be_a_contact_of_that_customer(org, acme):
    rep = org.actor("rep_a1")
    other = make_customer(org.session, rep, "Other Co")
    theirs = make_contact(org.session, rep, other, "Li Lei")
    ours = make_contact(org.session, rep, acme, "Han Meimei")
    with pytest.raises(ValidationFailed) as exc:
        make_contract(org.session, rep, acme, customer_signer_id=theirs.id)
    assert exc.value.errors == {
        "customer_signer_id": "Choose a contact of this customer."
    }
    contract = make_contract(org.session, rep, acme, customer_signer_id=ours.id)
    assert contract.customer_signer_id == ours.id


def _opportunity(org, customer, owner="rep_a1"):
    return create_opportunity(
        org.session,
        org.actor(owner),
        OpportunityIn(customer_id=customer.id, name=f"Deal with {customer.name}"),
    )


def test_the_opportunity_must_belong_to_the_customer(org, acme):
    rep = org.actor("rep_a1")
    other = make_customer(org.session, rep, "Other Co")
    elsewhere = _opportunity(org, other)
    with pytest.raises(ValidationFailed) as exc:
        make_contract(org.session, rep, acme, opportunity_id=elsewhere.id)
    assert exc.value.errors == {
        "opportunity_id": "Choose an opportunity of this customer."
    }
    own = _opportunity(org, acme)
    assert make_contract(
        org.session, rep, acme, opportunity_id=own.id
    ).opportunity_id == (own.id)


# --- edit -----------------------------------------------------------------------


def test_edit_saves_fields_and_lines_with_an_audit_of_the_changes(org, acme, widget):
    rep = org.actor("rep_a1")
    contract = make_contract(org.session, rep, acme, amount="500")
    update_contract(
        org.session,
        rep,
        contract.id,
        form_of(
            contract,
            name="Annual plan 2025",
            amount="",
            lines=(LineIn(widget.id, "3", "250.00"),),
            end_date=TODAY + dt.timedelta(days=365),
        ),
        expected_version=contract.version,
    )
    stored = reloaded(org.session, contract)
    assert (stored.name, stored.amount, stored.version) == (
        "Annual plan 2025",
        Decimal("750.00"),
        2,
    )
    [row] = audit_rows(org.session, "contract.update", contract.id)
    assert row.before["name"] == "Annual plan"
    assert row.after["amount"] == "750.00"
    assert len(row.after["lines"]) == 1


def test_customer_and_opportunity_cannot_change(org, acme):
    rep = org.actor("rep_a1")
    contract = make_contract(org.session, rep, acme)
    other = make_customer(org.session, rep, "Other Co")
    opportunity = _opportunity(org, acme)
    with pytest.raises(ValidationFailed) as exc:
        update_contract(
            org.session,
            rep,
            contract.id,
            form_of(contract, customer_id=other.id, opportunity_id=opportunity.id),
            expected_version=contract.version,
        )
    assert exc.value.errors == {
        "customer_id": FROZEN_FIELD,
        "opportunity_id": FROZEN_FIELD,
    }
    # Leaving them out keeps them.
    update_contract(
        org.session, rep, contract.id, form_of(contract), expected_version=1
    )
    assert reloaded(org.session, contract).customer_id == acme.id


def test_a_stale_form_is_refused_naming_who_changed_it(org, acme):
    rep = org.actor("rep_a1")
    contract = make_contract(org.session, rep, acme)
    update_contract(
        org.session,
        org.actor("leader_a"),
        contract.id,
        form_of(contract, name="Changed by the leader"),
        expected_version=1,
    )
    with pytest.raises(Conflict) as exc:
        update_contract(
            org.session, rep, contract.id, form_of(contract), expected_version=1
        )
    assert exc.value.params["name"] == "Leader A"


def test_only_draft_and_rejected_contracts_are_edited(org, acme):
    rep = org.actor("rep_a1")
    contract = make_contract(org.session, rep, acme)
    request = submit(org.session, rep, "contract", contract.id)
    contract = reloaded(org.session, contract)
    with pytest.raises(Conflict) as exc:
        update_contract(
            org.session,
            rep,
            contract.id,
            form_of(contract),
            expected_version=contract.version,
        )
    assert exc.value.message == NOT_EDITABLE
    reject(
        org.session,
        org.actor("leader_a"),
        request.id,
        step_position=1,
        reason="Price too low",
    )
    contract = reloaded(org.session, contract)
    assert contract.status == "rejected"
    update_contract(
        org.session,
        rep,
        contract.id,
        form_of(contract, amount="1200"),
        expected_version=contract.version,
    )
    assert reloaded(org.session, contract).amount == Decimal("1200.00")


def test_an_approved_contract_cannot_be_edited(org, acme):
    contract = make_contract(org.session, org.actor("rep_a1"), acme)
    approve_fully(org, contract)
    contract = reloaded(org.session, contract)
    with pytest.raises(Conflict) as exc:
        update_contract(
            org.session,
            org.actor("rep_a1"),
            contract.id,
            form_of(contract),
            expected_version=contract.version,
        )
    assert exc.value.message == NOT_EDITABLE


def test_edit_needs_the_permission(org, acme):
    contract = make_contract(org.session, org.actor("rep_a1"), acme)
    with pytest.raises(PermissionDenied):
        update_contract(
            org.session,
            org.actor("exec"),
            contract.id,
            form_of(contract),
            expected_version=1,
        )


# --- scope ----------------------------------------------------------------------


def test_rep_cannot_see_or_change_another_reps_contract(org, beta):
    contract = make_contract(org.session, org.actor("rep_b1"), beta)
    rep = org.actor("rep_a1")
    with pytest.raises(NotFound):
        get_contract(org.session, rep, contract.id)
    with pytest.raises(NotFound):
        contract_detail(org.session, rep, contract.id)
    with pytest.raises(NotFound):
        update_contract(
            org.session, rep, contract.id, form_of(contract), expected_version=1
        )
    assert list_contracts(org.session, rep, ContractFilter()).total == 0


def test_leader_sees_the_teams_contracts_and_admin_sees_all(org, acme, beta):
    make_contract(org.session, org.actor("rep_a1"), acme)
    make_contract(org.session, org.actor("rep_b1"), beta)
    leader = list_contracts(org.session, org.actor("leader_a"), ContractFilter())
    assert [row["customer"] for row in leader.rows] == ["Acme Trading"]
    assert list_contracts(org.session, org.actor("admin"), ContractFilter()).total == 2


def test_customer_contracts_follow_the_customer_scope(org, acme, beta):
    make_contract(org.session, org.actor("rep_a1"), acme, "First")
    make_contract(org.session, org.actor("rep_a1"), acme, "Second")
    rows = customer_contracts(org.session, org.actor("rep_a1"), acme.id)
    assert sorted(row["name"] for row in rows) == ["First", "Second"]
    with pytest.raises(NotFound):
        customer_contracts(org.session, org.actor("rep_a1"), beta.id)


def test_an_approver_outside_the_scope_reads_the_contract(org, beta):
    contract = make_contract(org.session, org.actor("rep_b1"), beta)
    org.session.get(User, org.ids["rep_b1"]).supervisor_id = org.ids["leader_a"]
    submit(org.session, org.actor("rep_b1"), "contract", contract.id)
    detail = contract_detail(org.session, org.actor("leader_a"), contract.id)
    assert (detail["in_scope"], detail["can_edit"]) == (False, False)
    assert contract_log(org.session, org.actor("leader_a"), contract.id)


def test_opportunity_contracts_list_the_contracts_signed_for_it(org, acme):
    rep = org.actor("rep_a1")
    opportunity = _opportunity(org, acme)
    make_contract(org.session, rep, acme, "For the deal", opportunity_id=opportunity.id)
    make_contract(org.session, rep, acme, "Unrelated")
    rows = opportunity_contracts(org.session, rep, opportunity.id)
    assert [row["name"] for row in rows] == ["For the deal"]
    with pytest.raises(NotFound):
        opportunity_contracts(org.session, org.actor("rep_b1"), opportunity.id)


def test_prefill_from_an_opportunity_takes_its_customer_name_and_lines(
    org, acme, widget
):
    from services.opportunities import OpportunityIn, create_opportunity

    rep = org.actor("rep_a1")
    opportunity = create_opportunity(
        org.session,
        rep,
        OpportunityIn(
            customer_id=acme.id,
            name="Widgets for Acme",
            lines=(LineIn(widget.id, "4", "250.00"),),
        ),
    )
    values = contract_prefill(org.session, rep, opportunity_id=opportunity.id)
    assert values["customer_id"] == acme.id
    assert values["opportunity_id"] == opportunity.id
    assert values["name"] == "Widgets for Acme"
    assert [(r["product"], r["subtotal"]) for r in values["lines"]] == [
        ("Widget", "1000.00")
    ]
    assert contract_prefill(org.session, org.actor("rep_b1"), customer_id=acme.id) == {}


# --- list -----------------------------------------------------------------------


def test_list_searches_number_name_and_customer(org, acme):
    rep = org.actor("rep_a1")
    other = make_customer(org.session, rep, "Zenith Labs")
    make_contract(org.session, rep, acme, "Maintenance", number="HT-A-1")
    make_contract(org.session, rep, other, "Licences", number="HT-B-2")

    def names(search):
        page = list_contracts(org.session, rep, ContractFilter(search=search))
        return sorted(row["name"] for row in page.rows)

    assert names("ht-b") == ["Licences"]
    assert names("mainten") == ["Maintenance"]
    assert names("zenith") == ["Licences"]


def test_a_page_past_the_end_shows_the_last_page(org, acme):
    rep = org.actor("rep_a1")
    for n in range(3):
        make_contract(org.session, rep, acme, f"Contract {n}", number=f"HT-P-{n}")
    page = list_contracts(org.session, rep, ContractFilter(page=7, page_size=2))
    assert (page.page, page.total, len(page.rows)) == (2, 3, 1)


def test_status_tabs_count_and_sum_under_the_filters(org, acme):
    rep = org.actor("rep_a1")
    make_contract(org.session, rep, acme, amount="100")
    make_contract(org.session, rep, acme, amount="250.50")
    pending = make_contract(org.session, rep, acme, amount="1000")
    submit(org.session, rep, "contract", pending.id)
    page = list_contracts(org.session, rep, ContractFilter(status="draft"))
    assert page.total == 2
    totals = page.extra["status_totals"]
    assert totals["draft"] == {"count": 2, "amount": Decimal("350.50")}
    assert totals["pending"] == {"count": 1, "amount": Decimal("1000.00")}
    assert totals["all"] == {"count": 3, "amount": Decimal("1350.50")}
    assert totals["approved"]["count"] == 0


def test_list_filters_by_amount_sign_date_and_owner_and_sorts(org, acme):
    rep = org.actor("rep_a1")
    make_contract(
        org.session, rep, acme, "Small", amount="100", sign_date=dt.date(2024, 1, 10)
    )
    make_contract(
        org.session, rep, acme, "Large", amount="9000", sign_date=dt.date(2024, 3, 10)
    )
    make_contract(
        org.session, rep, acme, "Medium", amount="500", sign_date=dt.date(2024, 2, 10)
    )

    def names(**kw):
        page = list_contracts(org.session, rep, ContractFilter(**kw))
        return [row["name"] for row in page.rows]

    assert names(sort="amount", descending=False) == ["Small", "Medium", "Large"]
    assert names(sort="sign_date") == ["Large", "Medium", "Small"]
    assert names(amount_min=Decimal(200), amount_max=Decimal(1000)) == ["Medium"]
    assert names(sign_from=dt.date(2024, 2, 1), sign_to=dt.date(2024, 2, 29)) == [
        "Medium"
    ]
    assert names(owner_id=org.ids["rep_a2"]) == []


def test_ending_within_lists_approved_contracts_ending_soon(org, acme):
    rep = org.actor("rep_a1")
    soon = make_contract(
        org.session, rep, acme, "Soon", end_date=TODAY + dt.timedelta(days=20)
    )
    later = make_contract(
        org.session, rep, acme, "Later", end_date=TODAY + dt.timedelta(days=60)
    )
    make_contract(
        org.session,
        rep,
        acme,
        "Draft ending soon",
        end_date=TODAY + dt.timedelta(days=5),
    )
    for contract in (soon, later):
        approve_fully(org, contract)
    page = list_contracts(
        org.session, rep, ContractFilter(ending_within=30, today=TODAY)
    )
    assert [row["name"] for row in page.rows] == ["Soon"]


def test_rows_show_paid_and_receivable(org, acme):
    rep = org.actor("rep_a1")
    contract = make_contract(org.session, rep, acme, amount="1000")
    force_columns(org.session, contract, paid_amount=Decimal("300"))
    [row] = list_contracts(org.session, rep, ContractFilter()).rows
    assert (row["paid_amount"], row["receivable"]) == (
        Decimal("300.00"),
        Decimal("700.00"),
    )


# --- approval hooks -------------------------------------------------------------


def test_first_approval_makes_the_customer_cooperating_and_keeps_owner_and_team(
    org, acme
):
    contract = make_contract(org.session, org.actor("rep_a1"), acme)
    assert acme.stage == "potential"
    approve_fully(org, contract)
    contract = reloaded(org.session, contract)
    assert contract.status == "approved"
    assert contract.approved_owner_id == org.ids["rep_a1"]
    assert contract.approved_team_id == org.team_a.id
    assert reloaded(org.session, acme).stage == "cooperating"
    [row] = audit_rows(org.session, "customer.signed", acme.id)
    assert row.before == {"stage": "potential"}
    assert row.after["contract_number"] == contract.number


def test_a_later_approval_does_not_touch_the_customer_again(org, acme):
    rep = org.actor("rep_a1")
    approve_fully(org, make_contract(org.session, rep, acme, "First"))
    customer = reloaded(org.session, acme)
    customer.stage = "dormant"  # the rep moved it by hand meanwhile
    org.session.flush()
    approve_fully(org, make_contract(org.session, rep, acme, "Second"))
    assert reloaded(org.session, acme).stage == "dormant"
    assert len(audit_rows(org.session, "customer.signed", acme.id)) == 1


def test_a_rejected_contract_is_edited_and_resubmitted(org, acme):
    rep = org.actor("rep_a1")
    contract = make_contract(org.session, rep, acme)
    request = submit(org.session, rep, "contract", contract.id)
    reject(
        org.session,
        org.actor("leader_a"),
        request.id,
        step_position=1,
        reason="Missing end date",
    )
    contract = reloaded(org.session, contract)
    update_contract(
        org.session,
        rep,
        contract.id,
        form_of(contract, end_date=TODAY + dt.timedelta(days=90)),
        expected_version=contract.version,
    )
    approve_fully(org, contract)
    assert reloaded(org.session, contract).status == "approved"


def test_submitting_checks_the_contract_again(org, acme):
    rep = org.actor("rep_a1")
    contract = make_contract(org.session, rep, acme)
    force_columns(org.session, contract, name="")
    with pytest.raises(ValidationFailed) as exc:
        submit(org.session, rep, "contract", contract.id)
    assert exc.value.errors == {"name": "Name is required."}
    assert reloaded(org.session, contract).status == "draft"


def test_withdrawing_returns_the_contract_to_draft(org, acme):
    rep = org.actor("rep_a1")
    contract = make_contract(org.session, rep, acme)
    request = submit(org.session, rep, "contract", contract.id)
    withdraw(org.session, rep, request.id)
    assert reloaded(org.session, contract).status == "draft"


# --- delete and void ------------------------------------------------------------


def test_a_draft_is_deleted_with_its_lines(org, acme, widget):
    rep = org.actor("rep_a1")
    contract = make_contract(org.session, rep, acme, lines=[(widget, "1", "10")])
    delete_contract(org.session, rep, contract.id, expected_version=1)
    org.session.expire_all()
    assert org.session.get(Contract, contract.id) is None
    assert not org.session.scalars(
        select(ContractLine).where(ContractLine.contract_id == contract.id)
    ).all()
    [row] = audit_rows(org.session, "contract.delete", contract.id)
    assert row.before["name"] == "Annual plan"


def test_only_drafts_are_deleted(org, acme):
    rep = org.actor("rep_a1")
    contract = make_contract(org.session, rep, acme)
    submit(org.session, rep, "contract", contract.id)
    with pytest.raises(Conflict) as exc:
        delete_contract(org.session, rep, contract.id, expected_version=None)
    assert exc.value.message == ONLY_DRAFT_DELETED


@pytest.fixture
def approved(org, acme):
    contract = make_contract(org.session, org.actor("rep_a1"), acme, amount="1000")
    approve_fully(org, contract)
    return reloaded(org.session, contract)


def test_void_needs_a_reason_and_the_permission(org, approved):
    with pytest.raises(PermissionDenied):
        void_contract(org.session, org.actor("rep_a1"), approved.id, reason="x")
    with pytest.raises(ValidationFailed) as exc:
        void_contract(org.session, org.actor("leader_a"), approved.id, reason="  ")
    assert exc.value.errors == {"reason": "Give a reason for voiding."}


def test_void_marks_the_contract_with_who_when_and_why(org, approved):
    leader = org.actor("leader_a")
    void_contract(org.session, leader, approved.id, reason="Customer cancelled")
    contract = reloaded(org.session, approved)
    assert contract.status == "voided"
    assert contract.voided_by_id == org.ids["leader_a"]
    assert contract.voided_at is not None
    assert contract.void_reason == "Customer cancelled"
    # The approval attribution stays for analytics.
    assert contract.approved_owner_id == org.ids["rep_a1"]
    [row] = audit_rows(org.session, "contract.void", approved.id)
    assert row.after == {"status": "voided", "void_reason": "Customer cancelled"}


def test_only_approved_contracts_are_voided(org, acme):
    draft = make_contract(org.session, org.actor("rep_a1"), acme)
    with pytest.raises(Conflict) as exc:
        void_contract(org.session, org.actor("leader_a"), draft.id, reason="x")
    assert exc.value.message == ONLY_APPROVED_VOIDED


@pytest.mark.parametrize(
    ("status", "message"),
    [("approved", HAS_APPROVED_PAYMENTS), ("pending", HAS_PENDING_PAYMENTS)],
)
def test_void_is_refused_while_payments_exist(org, acme, approved, status, message):
    org.session.add(
        Payment(
            number=f"HK-{status}",
            customer_id=acme.id,
            contract_id=approved.id,
            amount=Decimal("100"),
            paid_on=TODAY,
            owner_id=approved.owner_id,
            status=status,
        )
    )
    org.session.flush()
    with pytest.raises(Conflict) as exc:
        void_contract(org.session, org.actor("leader_a"), approved.id, reason="x")
    assert exc.value.message == message


# --- customers ------------------------------------------------------------------


def test_a_customer_with_an_approved_contract_cannot_be_deleted(org, acme, approved):
    with pytest.raises(Conflict) as exc:
        delete_customers(org.session, org.actor("rep_a1"), [acme.id])
    assert exc.value.message == CUSTOMER_HAS_CONTRACT
    assert exc.value.params == {"name": "Acme Trading"}
    assert reloaded(org.session, acme).deleted_at is None


def test_a_customer_whose_contract_was_voided_can_be_deleted(org, acme, approved):
    void_contract(org.session, org.actor("leader_a"), approved.id, reason="x")
    assert delete_customers(org.session, org.actor("rep_a1"), [acme.id]) == 1


@pytest.fixture
def contracts_participant():
    """services.contracts registers it at import; another test module may have
    replaced the "contracts" code with a stand-in meanwhile."""
    register_transfer_participant(
        TransferParticipant("contracts", "Contracts", move_contracts)
    )


def test_transfer_moves_open_and_approved_contracts_but_not_voided_ones(
    org, acme, approved, contracts_participant
):
    rep = org.actor("rep_a1")
    draft = make_contract(org.session, rep, acme, "Draft")
    voided = make_contract(org.session, rep, acme, "To be voided")
    approve_fully(org, voided)
    void_contract(org.session, org.actor("leader_a"), voided.id, reason="x")
    result = transfer_customers(
        org.session,
        org.actor("leader_a"),
        TransferIn(
            customer_ids=(acme.id,),
            to_user_id=org.ids["rep_a2"],
            with_related=("contracts",),
        ),
    )
    assert result.related == {"contracts": 2}
    new_owner = org.ids["rep_a2"]
    assert reloaded(org.session, draft).owner_id == new_owner
    moved = reloaded(org.session, approved)
    assert (moved.owner_id, moved.approved_owner_id) == (new_owner, org.ids["rep_a1"])
    assert reloaded(org.session, voided).owner_id == org.ids["rep_a1"]
    assert len(audit_rows(org.session, "contract.transfer")) == 2


def test_transfer_without_contracts_leaves_them(org, acme):
    contract = make_contract(org.session, org.actor("rep_a1"), acme)
    transfer_customers(
        org.session,
        org.actor("leader_a"),
        TransferIn(customer_ids=(acme.id,), to_user_id=org.ids["rep_a2"]),
    )
    assert reloaded(org.session, contract).owner_id == org.ids["rep_a1"]
    assert org.session.get(Customer, acme.id).owner_id == org.ids["rep_a2"]


def test_detail_offers_actions_by_status_and_permission(org, acme, approved):
    rep, leader = org.actor("rep_a1"), org.actor("leader_a")
    draft = make_contract(org.session, rep, acme)
    mine = contract_detail(org.session, rep, draft.id)
    assert (mine["can_edit"], mine["can_delete"], mine["can_void"]) == (
        True,
        True,
        False,
    )
    signed = contract_detail(org.session, leader, approved.id)
    assert (signed["can_edit"], signed["can_void"], signed["receivable"]) == (
        False,
        True,
        Decimal("1000.00"),
    )

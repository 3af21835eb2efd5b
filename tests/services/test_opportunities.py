"""Opportunities: create/edit with validation, customer scope and contacts of the
customer, product lines, locking, list filters and stage totals, stage moves with
history, win/lose/reopen, delete rule, transfer participant, follow-ups on an
opportunity and lead conversion creating one."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from models import (
    FollowUp,
    Opportunity,
    OpportunityContact,
    OpportunityLine,
    OpportunityStage,
    OpportunityStageChange,
)
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.followups import FollowUpIn, create_followup, timeline
from services.leads import ConvertIn, convert_lead
from services.opportunities import (
    OpportunityFilter,
    OpportunityIn,
    close_opportunity,
    create_opportunity,
    customer_opportunities,
    delete_opportunity,
    get_opportunity,
    list_opportunities,
    move_opportunity_stage,
    opportunity_detail,
    opportunity_log,
    opportunity_options,
    reopen_opportunity,
    stage_history,
    update_opportunity,
)
from services.product_lines import LineIn
from services.recycle_bin import delete_customers
from services.transfer import TransferIn, transfer_customers
from tests.factories import (
    OUT_OF_SCOPE,
    audit_rows,
    customer_per_owner,
    make_approved_contract,
    make_contact,
    make_customer,
    make_lead,
    make_opportunity,
    make_product,
    reloaded,
)


@pytest.fixture
def acme(org):
    return make_customer(org.session, org.actor("rep_a1"), "Acme")


@pytest.fixture
def beta(org):
    return make_customer(org.session, org.actor("rep_b1"), "Beta")


@pytest.fixture
def stages(org) -> dict[str, OpportunityStage]:
    return {s.code: s for s in org.session.scalars(select(OpportunityStage))}


@pytest.fixture
def deal(org, acme):
    return make_opportunity(
        org.session, org.actor("rep_a1"), acme, "Acme ERP", amount="10000"
    )


def create_errors(org, actor="rep_a1", **fields) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as exc:
        create_opportunity(org.session, org.actor(actor), OpportunityIn(**fields))
    return exc.value.errors


def edit(org, opportunity, actor="rep_a1", **fields):
    values = {
        "name": opportunity.name,
        "amount": opportunity.amount,
        "expected_close_date": opportunity.expected_close_date,
        "stage_id": opportunity.stage_id,
        "remark": opportunity.remark,
    } | fields
    version = values.pop("version", opportunity.version)
    return update_opportunity(
        org.session,
        org.actor(actor),
        opportunity.id,
        OpportunityIn(**values),
        expected_version=version,
    )


def listed(org, viewer="rep_a1", **flt) -> list[str]:
    page = list_opportunities(org.session, org.actor(viewer), OpportunityFilter(**flt))
    return [row["name"] for row in page.rows]


# --- create ---------------------------------------------------------------------


def test_create_starts_in_the_first_open_stage_owned_by_the_customers_owner(
    org, acme, stages
):
    # The leader creates it for rep_a1's customer: the customer's owner owns it.
    opportunity = make_opportunity(
        org.session,
        org.actor("leader_a"),
        acme,
        "Acme ERP",
        amount="12,000.50",
        expected_close_date=dt.date(2030, 6, 30),
    )

    stored = reloaded(org.session, opportunity)
    assert (stored.owner_id, stored.created_by_id) == (
        org.ids["rep_a1"],
        org.ids["leader_a"],
    )
    assert (stored.stage_id, stored.status) == (stages["initial_contact"].id, "open")
    assert stored.amount == Decimal("12000.50")
    [change] = org.session.scalars(
        select(OpportunityStageChange).where(
            OpportunityStageChange.opportunity_id == opportunity.id
        )
    )
    assert (change.from_stage_id, change.to_stage_id, change.changed_by_id) == (
        None,
        stages["initial_contact"].id,
        org.ids["leader_a"],
    )
    [entry] = audit_rows(org.session, "opportunity.create", opportunity.id)
    assert entry.object_type == "opportunity"
    assert entry.after["name"] == "Acme ERP"


def test_every_field_error_is_reported_at_once(org, stages):
    assert create_errors(
        org,
        name="",
        amount="-1",
        stage_id=stages["won"].id,
        remark="r" * 2001,
    ) == {
        "customer_id": "Choose a customer.",
        "name": "Name is required.",
        "amount": "Enter an amount from 0 to 999,999,999,999.99 "
        "with at most 2 decimals.",
        "stage_id": "Choose an open stage from the list.",
        "remark": "At most 2000 characters.",
    }
    assert org.session.scalar(select(func.count()).select_from(Opportunity)) == 0


@pytest.mark.parametrize("amount", ["abc", "1.234", "1000000000000"])
def test_bad_amounts_are_field_errors(org, acme, amount):
    assert create_errors(org, customer_id=acme.id, name="X", amount=amount) == {
        "amount": "Enter an amount from 0 to 999,999,999,999.99 "
        "with at most 2 decimals."
    }


def test_customer_out_of_scope_is_a_field_error(org, beta):
    assert create_errors(org, customer_id=beta.id, name="X") == {
        "customer_id": "Choose a customer from the list."
    }


def test_disabled_stage_is_not_offered(org, acme, stages):
    stages["proposal"].is_active = False
    assert create_errors(
        org, customer_id=acme.id, name="X", stage_id=stages["proposal"].id
    ) == {"stage_id": "Choose an open stage from the list."}


def test_owner_must_be_assignable(org, acme):
    assert create_errors(
        org, customer_id=acme.id, name="X", owner_id=org.ids["rep_b1"]
    ) == {"owner_id": "Choose an active user within your scope."}


def test_create_needs_the_permission(org, acme):
    with pytest.raises(PermissionDenied):
        make_opportunity(org.session, org.actor("exec"), acme)


def test_contacts_must_belong_to_the_customer(org, acme, beta):
    mine = make_contact(org.session, org.actor("rep_a1"), acme, "Wang Fang")
    theirs = make_contact(org.session, org.actor("rep_b1"), beta, "Li Lei")

    assert create_errors(
        org, customer_id=acme.id, name="X", contact_ids=(mine.id, theirs.id)
    ) == {"contact_ids": "Choose contacts of this customer."}

    opportunity = make_opportunity(
        org.session, org.actor("rep_a1"), acme, contact_ids=(mine.id,)
    )
    assert org.session.scalars(
        select(OpportunityContact.contact_id).where(
            OpportunityContact.opportunity_id == opportunity.id
        )
    ).all() == [mine.id]


# --- product lines --------------------------------------------------------------


def test_lines_are_priced_on_the_server_and_fill_an_empty_amount(org, acme):
    erp = make_product(org.session, "ERP licence", "1000.00")
    support = make_product(org.session, "Support", "200.00")

    opportunity = make_opportunity(
        org.session,
        org.actor("rep_a1"),
        acme,
        lines=(
            LineIn(erp.id, "3", "1000", "10"),
            LineIn(None, "", "", ""),  # an empty editor row is skipped
            LineIn(support.id, "2", "200.00", None),
        ),
    )

    lines = org.session.scalars(
        select(OpportunityLine)
        .where(OpportunityLine.opportunity_id == opportunity.id)
        .order_by(OpportunityLine.sort_order)
    ).all()
    assert [(line.product_id, line.subtotal) for line in lines] == [
        (erp.id, Decimal("2700.00")),
        (support.id, Decimal("400.00")),
    ]
    assert reloaded(org.session, opportunity).amount == Decimal("3100.00")
    detail = opportunity_detail(org.session, org.actor("rep_a1"), opportunity.id)
    assert [row["product"] for row in detail["lines"]] == ["ERP licence", "Support"]
    assert detail["lines_total"] == Decimal("3100.00")


def test_an_entered_amount_wins_over_the_lines(org, acme):
    erp = make_product(org.session, "ERP licence", "1000.00")
    opportunity = make_opportunity(
        org.session,
        org.actor("rep_a1"),
        acme,
        amount="800",
        lines=(LineIn(erp.id, "1", "1000", "0"),),
    )
    assert reloaded(org.session, opportunity).amount == Decimal("800.00")


def test_a_bad_line_is_reported_with_the_other_errors(org, acme):
    erp = make_product(org.session, "ERP licence", "1000.00")
    with pytest.raises(ValidationFailed) as exc:
        create_opportunity(
            org.session,
            org.actor("rep_a1"),
            OpportunityIn(
                customer_id=acme.id, name="", lines=(LineIn(erp.id, "0", "1", "0"),)
            ),
        )
    assert exc.value.errors == {
        "name": "Name is required.",
        "lines": "Line {row}: enter a quantity greater than 0 (at most 2 decimals).",
    }
    assert exc.value.params == {"row": 1}


def test_an_off_sale_product_already_on_the_opportunity_may_stay(org, acme):
    erp = make_product(org.session, "ERP licence", "1000.00")
    opportunity = make_opportunity(
        org.session, org.actor("rep_a1"), acme, lines=(LineIn(erp.id, "1", "1000"),)
    )
    erp.on_sale = False

    edit(org, opportunity, amount=None, lines=(LineIn(erp.id, "2", "1000"),))

    assert reloaded(org.session, opportunity).amount == Decimal("2000.00")


# --- edit and locking -----------------------------------------------------------


def test_edit_saves_and_logs_only_changed_fields(org, deal):
    edit(org, deal, name="Acme ERP phase 2", amount="15000")

    stored = reloaded(org.session, deal)
    assert (stored.name, stored.amount, stored.version) == (
        "Acme ERP phase 2",
        Decimal("15000.00"),
        2,
    )
    [entry] = audit_rows(org.session, "opportunity.update", deal.id)
    assert entry.before == {"name": "Acme ERP", "amount": "10000.00"}
    assert entry.after == {"name": "Acme ERP phase 2", "amount": "15000.00"}


def test_the_customer_cannot_change(org, deal, acme):
    other = make_customer(org.session, org.actor("rep_a1"), "Other")
    edit(org, deal, customer_id=other.id)
    assert reloaded(org.session, deal).customer_id == acme.id


def test_stale_version_names_who_changed_it(org, deal):
    edit(org, deal, actor="leader_a", name="Changed by the leader")

    with pytest.raises(Conflict) as exc:
        edit(org, deal, name="Mine", version=1)
    assert exc.value.params["name"] == "Leader A"
    assert reloaded(org.session, deal).name == "Changed by the leader"


def test_editing_the_stage_is_a_recorded_move(org, deal, stages):
    edit(org, deal, stage_id=stages["proposal"].id)

    history = stage_history(org.session, org.actor("rep_a1"), deal.id)
    assert [(h["from_stage_id"], h["to_stage_id"]) for h in history] == [
        (stages["initial_contact"].id, stages["proposal"].id),
        (None, stages["initial_contact"].id),
    ]


def test_contacts_of_another_customer_cannot_be_linked_on_edit(org, deal, beta):
    theirs = make_contact(org.session, org.actor("rep_b1"), beta, "Li Lei")
    with pytest.raises(ValidationFailed) as exc:
        edit(org, deal, contact_ids=(theirs.id,))
    assert exc.value.errors == {"contact_ids": "Choose contacts of this customer."}


# --- scope ----------------------------------------------------------------------


@pytest.fixture
def deal_per_owner(org):
    customers = customer_per_owner(org)
    return {
        owner: make_opportunity(
            org.session, org.actor(owner), customer, f"Deal of {owner}"
        )
        for owner, customer in customers.items()
    }


@pytest.mark.parametrize(("viewer", "owner"), OUT_OF_SCOPE)
def test_out_of_scope_opportunities_are_not_found(org, deal_per_owner, viewer, owner):
    deal = deal_per_owner[owner]
    actor = org.actor(viewer)
    for attempt in (
        lambda: get_opportunity(org.session, actor, deal.id),
        lambda: opportunity_detail(org.session, actor, deal.id),
        lambda: stage_history(org.session, actor, deal.id),
        lambda: opportunity_log(org.session, actor, deal.id),
        lambda: timeline(org.session, actor, opportunity_id=deal.id),
    ):
        with pytest.raises((NotFound, PermissionDenied)):
            attempt()
    if actor.can("opportunity.edit"):
        with pytest.raises(NotFound):
            edit(org, deal, actor=viewer, name="Nope")
        with pytest.raises(NotFound):
            move_opportunity_stage(org.session, actor, deal.id, deal.stage_id)


def test_rep_lists_only_their_own_opportunities(org, deal_per_owner):
    assert listed(org, "rep_a1") == ["Deal of rep_a1"]
    assert sorted(listed(org, "leader_a")) == [
        "Deal of leader_a",
        "Deal of rep_a1",
        "Deal of rep_a2",
        "Deal of rep_a3",
    ]
    assert len(listed(org, "exec")) == 6


def test_a_page_past_the_end_shows_the_last_page(org, deal_per_owner):
    page = list_opportunities(
        org.session, org.actor("exec"), OpportunityFilter(page=99, page_size=4)
    )
    assert (page.page, page.total, len(page.rows)) == (2, 6, 2)


def test_scope_switcher_narrows_the_list(org, deal_per_owner):
    page = list_opportunities(
        org.session, org.actor("leader_a", focus="me"), OpportunityFilter()
    )
    assert [row["name"] for row in page.rows] == ["Deal of leader_a"]


def test_opportunities_of_a_deleted_customer_disappear(org, acme, deal):
    delete_customers(org.session, org.actor("rep_a1"), [acme.id])
    assert listed(org) == []
    with pytest.raises(NotFound):
        get_opportunity(org.session, org.actor("rep_a1"), deal.id)


# --- list -----------------------------------------------------------------------


@pytest.fixture
def pipeline(org, acme, stages):
    rep = org.actor("rep_a1")
    other = make_customer(org.session, rep, "Zenith Motors")
    made = {
        "Small": make_opportunity(
            org.session,
            rep,
            acme,
            "Small",
            amount="100",
            expected_close_date=dt.date(2030, 1, 10),
        ),
        "Medium": make_opportunity(
            org.session,
            rep,
            acme,
            "Medium",
            amount="5000",
            stage_id=stages["proposal"].id,
            expected_close_date=dt.date(2030, 3, 1),
        ),
        "Large": make_opportunity(
            org.session,
            rep,
            other,
            "Large",
            amount="90000",
            stage_id=stages["proposal"].id,
            expected_close_date=dt.date(2030, 2, 1),
        ),
        "Unpriced": make_opportunity(org.session, rep, other, "Unpriced"),
    }
    close_opportunity(
        org.session, rep, made["Small"].id, outcome="lost", reason="Budget cut"
    )
    return made


def test_stage_totals_count_and_sum_under_the_same_filters(org, pipeline, stages):
    page = list_opportunities(
        org.session,
        org.actor("rep_a1"),
        OpportunityFilter(stage_id=stages["proposal"].id),
    )
    assert sorted(row["name"] for row in page.rows) == ["Large", "Medium"]
    totals = page.extra["stage_totals"]
    assert totals[stages["proposal"].id] == {"count": 2, "amount": Decimal("95000")}
    assert totals[stages["initial_contact"].id] == {"count": 1, "amount": Decimal(0)}
    assert totals[stages["lost"].id] == {"count": 1, "amount": Decimal("100")}
    assert totals["all"] == {"count": 4, "amount": Decimal("95100")}

    narrowed = list_opportunities(
        org.session, org.actor("rep_a1"), OpportunityFilter(amount_min=Decimal(1000))
    ).extra["stage_totals"]
    assert narrowed["all"] == {"count": 2, "amount": Decimal("95000")}


@pytest.mark.parametrize(
    ("flt", "names"),
    [
        ({"search": "zenith"}, ["Large", "Unpriced"]),  # the customer's name
        ({"search": "med"}, ["Medium"]),
        ({"status": "lost"}, ["Small"]),
        ({"amount_min": Decimal(1000), "amount_max": Decimal(10000)}, ["Medium"]),
        (
            {"close_from": dt.date(2030, 1, 15), "close_to": dt.date(2030, 2, 28)},
            ["Large"],
        ),
    ],
)
def test_filters(org, pipeline, flt, names):
    assert sorted(listed(org, **flt)) == names


def test_sorting_by_amount_and_expected_close(org, pipeline):
    assert listed(org, sort="amount") == ["Large", "Medium", "Small", "Unpriced"]
    assert listed(org, sort="expected_close", descending=False) == [
        "Small",
        "Large",
        "Medium",
        "Unpriced",
    ]


def test_rows_carry_the_weighted_amount(org, pipeline):
    [row] = list_opportunities(
        org.session, org.actor("rep_a1"), OpportunityFilter(search="Large")
    ).rows
    assert (row["customer"], row["probability"], row["weighted_amount"]) == (
        "Zenith Motors",
        60,
        Decimal("54000.00"),
    )


def test_paging(org, acme):
    for number in range(25):
        make_opportunity(org.session, org.actor("rep_a1"), acme, f"Deal {number:02d}")
    page = list_opportunities(
        org.session, org.actor("rep_a1"), OpportunityFilter(page=2, page_size=20)
    )
    assert (page.total, page.page_count, len(page.rows)) == (25, 2, 5)


def test_customer_tab_and_contract_options(org, acme, pipeline, deal):
    rows = customer_opportunities(org.session, org.actor("rep_a1"), acme.id)
    assert sorted(r["name"] for r in rows) == ["Acme ERP", "Medium", "Small"]
    options = opportunity_options(org.session, org.actor("rep_a1"), acme.id)
    # Lost ones are not offered to a contract.
    assert sorted(o["label"] for o in options) == ["Acme ERP", "Medium"]
    assert opportunity_options(org.session, org.actor("rep_b1"), acme.id) == []
    with pytest.raises(NotFound):
        customer_opportunities(org.session, org.actor("rep_b1"), acme.id)


# --- stage moves, win / lose / reopen ---------------------------------------------


def test_move_stage_records_from_to_at_by(org, deal, stages):
    move_opportunity_stage(
        org.session,
        org.actor("leader_a"),
        deal.id,
        stages["negotiation"].id,
        expected_version=deal.version,
    )

    stored = reloaded(org.session, deal)
    assert stored.stage_id == stages["negotiation"].id
    [latest, first] = stage_history(org.session, org.actor("rep_a1"), deal.id)
    assert (latest["from_stage_id"], latest["to_stage_id"], latest["by"]) == (
        stages["initial_contact"].id,
        stages["negotiation"].id,
        "Leader A",
    )
    assert stored.stage_changed_at == latest["at"]
    [entry] = audit_rows(org.session, "opportunity.stage", deal.id)
    assert entry.after == {"stage_id": stages["negotiation"].id}
    # The first stay ended with the move; the new one is still going on.
    left = org.session.execute(
        select(OpportunityStageChange.to_stage_id, OpportunityStageChange.left_at)
        .where(OpportunityStageChange.opportunity_id == deal.id)
        .order_by(OpportunityStageChange.id)
    ).all()
    assert left == [
        (stages["initial_contact"].id, latest["at"]),
        (stages["negotiation"].id, None),
    ]


def test_cannot_move_to_a_closing_stage_directly(org, deal, stages):
    with pytest.raises(ValidationFailed) as exc:
        move_opportunity_stage(
            org.session, org.actor("rep_a1"), deal.id, stages["won"].id
        )
    assert exc.value.errors == {"stage_id": "Choose an open stage from the list."}


def test_stale_stage_move_is_a_conflict(org, deal, stages):
    edit(org, deal, actor="leader_a", name="Renamed")
    with pytest.raises(Conflict):
        move_opportunity_stage(
            org.session,
            org.actor("rep_a1"),
            deal.id,
            stages["proposal"].id,
            expected_version=1,
        )


@pytest.mark.parametrize("outcome", ["won", "lost"])
def test_win_or_lose_needs_a_reason(org, deal, outcome):
    with pytest.raises(ValidationFailed) as exc:
        close_opportunity(
            org.session, org.actor("rep_a1"), deal.id, outcome=outcome, reason="  "
        )
    assert exc.value.errors == {"reason": "Say why the opportunity was won or lost."}
    assert reloaded(org.session, deal).status == "open"


@pytest.mark.parametrize("outcome", ["won", "lost"])
def test_win_or_lose_closes_it(org, deal, stages, outcome):
    close_opportunity(
        org.session,
        org.actor("rep_a1"),
        deal.id,
        outcome=outcome,
        reason="Chose us",
        expected_version=deal.version,
    )

    stored = reloaded(org.session, deal)
    assert (stored.status, stored.stage_id, stored.close_reason) == (
        outcome,
        stages[outcome].id,
        "Chose us",
    )
    assert stored.closed_at is not None
    history = stage_history(org.session, org.actor("rep_a1"), deal.id)
    assert history[0]["to_stage_id"] == stages[outcome].id
    action = "opportunity.win" if outcome == "won" else "opportunity.lose"
    assert len(audit_rows(org.session, action, deal.id)) == 1


def test_a_closed_opportunity_cannot_move_or_close_again(org, deal, stages):
    rep = org.actor("rep_a1")
    close_opportunity(org.session, rep, deal.id, outcome="won", reason="Signed")
    with pytest.raises(Conflict):
        close_opportunity(org.session, rep, deal.id, outcome="lost", reason="x")
    with pytest.raises(Conflict):
        move_opportunity_stage(org.session, rep, deal.id, stages["proposal"].id)
    with pytest.raises(ValidationFailed) as exc:
        edit(org, reloaded(org.session, deal), stage_id=stages["proposal"].id)
    assert exc.value.errors == {
        "stage_id": "This opportunity is closed: reopen it to change its stage."
    }


def test_reopen_returns_to_the_stage_it_was_closed_from(org, deal, stages):
    rep = org.actor("rep_a1")
    move_opportunity_stage(org.session, rep, deal.id, stages["negotiation"].id)
    close_opportunity(org.session, rep, deal.id, outcome="lost", reason="Too dear")

    reopen_opportunity(org.session, rep, deal.id)

    stored = reloaded(org.session, deal)
    assert (stored.status, stored.stage_id, stored.closed_at, stored.close_reason) == (
        "open",
        stages["negotiation"].id,
        None,
        None,
    )
    assert len(audit_rows(org.session, "opportunity.reopen", deal.id)) == 1


def test_only_the_owner_or_an_admin_may_reopen(org, deal, stages):
    close_opportunity(
        org.session, org.actor("rep_a1"), deal.id, outcome="lost", reason="x"
    )
    with pytest.raises(Conflict):
        reopen_opportunity(org.session, org.actor("leader_a"), deal.id)
    reopen_opportunity(
        org.session, org.actor("admin"), deal.id, stage_id=stages["proposal"].id
    )
    assert reloaded(org.session, deal).stage_id == stages["proposal"].id


# --- delete ---------------------------------------------------------------------


def test_delete_removes_it_with_its_lines_and_history(org, acme, deal):
    delete_opportunity(org.session, org.actor("rep_a1"), deal.id)

    assert org.session.get(Opportunity, deal.id) is None
    assert (
        org.session.scalar(select(func.count()).select_from(OpportunityStageChange))
        == 0
    )
    [entry] = audit_rows(org.session, "opportunity.delete", deal.id)
    assert entry.before["name"] == "Acme ERP"


def test_an_opportunity_with_contracts_cannot_be_deleted(org, acme, deal):
    contract = make_approved_contract(org.session, org.ids["rep_a1"], acme, "10000")
    contract.opportunity_id = deal.id
    org.session.flush()

    with pytest.raises(Conflict) as exc:
        delete_opportunity(org.session, org.actor("rep_a1"), deal.id)
    assert "cannot be deleted" in exc.value.message
    assert org.session.get(Opportunity, deal.id) is not None


def test_delete_needs_the_permission(org, deal):
    with pytest.raises(PermissionDenied):
        delete_opportunity(org.session, org.actor("exec"), deal.id)


# --- transfer participant ---------------------------------------------------------


def test_open_opportunities_follow_a_transferred_customer(org, acme, deal):
    rep = org.actor("rep_a1")
    won = make_opportunity(org.session, rep, acme, "Won deal")
    close_opportunity(org.session, rep, won.id, outcome="won", reason="Signed")

    result = transfer_customers(
        org.session,
        org.actor("leader_a"),
        TransferIn(
            customer_ids=(acme.id,),
            to_user_id=org.ids["rep_a2"],
            with_related=("opportunities",),
        ),
    )

    assert result.related == {"opportunities": 1}
    assert reloaded(org.session, deal).owner_id == org.ids["rep_a2"]
    assert reloaded(org.session, won).owner_id == org.ids["rep_a1"]
    [entry] = audit_rows(org.session, "opportunity.transfer", deal.id)
    assert entry.after["owner_id"] == org.ids["rep_a2"]
    assert listed(org, "rep_a2") == ["Acme ERP"]


def test_opportunities_stay_when_not_chosen(org, acme, deal):
    transfer_customers(
        org.session,
        org.actor("leader_a"),
        TransferIn(customer_ids=(acme.id,), to_user_id=org.ids["rep_a2"]),
    )
    assert reloaded(org.session, deal).owner_id == org.ids["rep_a1"]


# --- follow-ups -------------------------------------------------------------------


def test_follow_up_on_an_opportunity_shows_on_both_timelines(org, acme, deal):
    rep = org.actor("rep_a1")
    create_followup(
        org.session,
        rep,
        FollowUpIn(
            customer_id=acme.id,
            opportunity_id=deal.id,
            followup_type="call",
            content="Discussed the quote",
        ),
    )
    create_followup(
        org.session,
        rep,
        FollowUpIn(customer_id=acme.id, followup_type="call", content="General"),
    )

    about_deal = timeline(org.session, rep, opportunity_id=deal.id)
    assert [e["content"] for e in about_deal] == ["Discussed the quote"]
    assert len(timeline(org.session, rep, customer_id=acme.id)) == 2


def test_follow_up_opportunity_must_be_the_customers(org, acme, deal):
    other = make_customer(org.session, org.actor("rep_a1"), "Other")
    with pytest.raises(ValidationFailed) as exc:
        create_followup(
            org.session,
            org.actor("rep_a1"),
            FollowUpIn(
                customer_id=other.id,
                opportunity_id=deal.id,
                followup_type="call",
                content="x",
            ),
        )
    assert exc.value.errors == {
        "opportunity_id": "Choose an opportunity of this customer."
    }
    assert org.session.scalar(select(func.count()).select_from(FollowUp)) == 0


def test_follow_up_contract_must_be_the_customers_and_in_scope(org, acme, beta):
    theirs = make_approved_contract(org.session, org.ids["rep_b1"], beta, "100")
    mine = make_approved_contract(org.session, org.ids["rep_a1"], acme, "100")
    rep = org.actor("rep_a1")

    def errors(contract):
        with pytest.raises(ValidationFailed) as exc:
            create_followup(
                org.session,
                rep,
                FollowUpIn(
                    customer_id=acme.id,
                    contract_id=contract.id,
                    followup_type="call",
                    content="x",
                ),
            )
        return exc.value.errors

    assert errors(theirs) == {"contract_id": "Choose a contract of this customer."}
    create_followup(
        org.session,
        rep,
        FollowUpIn(
            customer_id=acme.id, contract_id=mine.id, followup_type="call", content="y"
        ),
    )
    assert [e["content"] for e in timeline(org.session, rep, contract_id=mine.id)] == [
        "y"
    ]


# --- lead conversion ----------------------------------------------------------------


def test_lead_conversion_creates_the_opportunity(org, stages):
    rep = org.actor("rep_a1")
    lead = make_lead(org.session, rep, "Zhang Wei", company="Harbour Trading")

    customer = convert_lead(
        org.session,
        rep,
        lead.id,
        ConvertIn(
            owner_id=org.ids["rep_a1"],
            opportunity_name="Catalogue order",
            opportunity_amount="12000",
        ),
        expected_version=lead.version,
    )

    [opportunity] = org.session.scalars(
        select(Opportunity).where(Opportunity.customer_id == customer.id)
    )
    assert (opportunity.name, opportunity.amount, opportunity.stage_id) == (
        "Catalogue order",
        Decimal("12000.00"),
        stages["initial_contact"].id,
    )
    assert opportunity.owner_id == org.ids["rep_a1"]
    # The primary contact made from the lead is linked to it.
    detail = opportunity_detail(org.session, rep, opportunity.id)
    assert [c["name"] for c in detail["contacts"]] == ["Zhang Wei"]
    [entry] = audit_rows(org.session, "lead.convert", lead.id)
    assert entry.after["opportunity_id"] == opportunity.id


def test_lead_conversion_without_an_opportunity_name_creates_none(org):
    rep = org.actor("rep_a1")
    lead = make_lead(org.session, rep, "Li Na")
    convert_lead(
        org.session,
        rep,
        lead.id,
        ConvertIn(owner_id=org.ids["rep_a1"]),
        expected_version=lead.version,
    )
    assert org.session.scalar(select(func.count()).select_from(Opportunity)) == 0

"""The trigger-kept tallies (models/customer_tally.py, models/contract_tally.py,
models/customer_field_tally.py, models/customer_touch_tally.py) stay equal to
counting the records themselves, whatever write path changes them, and the
lists count their tabs from them."""

from decimal import Decimal

from sqlalchemy import func, select

from models import (
    Contact,
    Contract,
    ContractTally,
    Customer,
    CustomerFieldTally,
    CustomerTally,
    CustomerTouchTally,
    Opportunity,
    OpportunityStage,
)
from models.customer_field_tally import CUSTOMER_FIELD_TALLY
from models.customer_touch_tally import CUSTOMER_TOUCH_TALLIES
from services.contacts import ContactFilter, list_contacts
from services.contracts import ContractFilter, delete_contract, list_contracts
from services.customers import CustomerFilter, list_customers
from services.opportunities import OpportunityFilter, list_opportunities
from services.pool import PoolFilter, claim_customers, list_pool, release_customers
from services.recycle_bin import delete_customers, purge_customers, restore_customers
from tests.factories import (
    force_columns,
    make_approved_contract,
    make_contact,
    make_contract,
    make_customer,
    make_followup,
    make_opportunity,
)

CENT = Decimal("0.01")


def counted(session) -> dict[tuple[int, str], int]:
    """The truth: live customers per (owner or 0, stage), counted row by row."""
    key = func.coalesce(Customer.owner_id, 0)
    rows = session.execute(
        select(key, Customer.stage, func.count())
        .where(Customer.deleted_at.is_(None))
        .group_by(key, Customer.stage)
    )
    return {(owner, stage): n for owner, stage, n in rows}


def tallied(session) -> dict[tuple[int, str], int]:
    rows = session.execute(select(CustomerTally)).scalars()
    return {(t.owner_key, t.stage): t.customers for t in rows if t.customers}


# Rollups of customers checked against counting them afresh.
RECOUNTED = (
    (CustomerFieldTally, (CUSTOMER_FIELD_TALLY,)),
    (CustomerTouchTally, tuple(CUSTOMER_TOUCH_TALLIES.values())),
)


def snapshot(session, model) -> set[tuple]:
    """The rollup's rows that count anything."""
    columns = [c.name for c in model.__table__.columns]
    rows = session.execute(select(model.__table__))
    return {tuple(row) for row in rows if row[columns.index("customers")]}


def assert_in_step(org) -> None:
    session = org.session
    session.flush()
    assert tallied(session) == counted(session)
    # The rollups as their triggers kept them equal counting them afresh.
    for model, tallies in RECOUNTED:
        kept = snapshot(session, model)
        assert kept
        for tally in tallies:
            tally.rebuild(session.connection())
        assert snapshot(session, model) == kept, model.__tablename__
    # The lists' tab counts (from the tallies) equal their filtered row counts.
    for viewer in ("admin", "leader_a", "rep_a1"):
        actor = org.actor(viewer)
        page = list_customers(session, actor, CustomerFilter())
        for stage, n in page.extra["stage_counts"].items():
            # A search matching every name forces a real count.
            stage = None if stage == "all" else stage
            slow = CustomerFilter(stage=stage, search="a")
            assert list_customers(session, actor, slow).total == n, (viewer, stage)
    pool = list_pool(session, org.actor("admin"), PoolFilter())
    in_pool = sum(n for (owner, _), n in counted(session).items() if owner == 0)
    assert pool.total == pool.extra["stage_counts"]["all"] == in_pool


def test_every_write_path_keeps_the_tallies(org):
    rep, other = org.actor("rep_a1"), org.actor("rep_b1")
    acme = make_customer(org.session, rep, "Acme", stage="intention")
    beta = make_customer(org.session, rep, "Beta")
    gamma = make_customer(org.session, other, "Gamma", stage="cooperating")
    assert_in_step(org)
    make_followup(org.session, rep, acme)  # touched: its last follow-up moves
    assert_in_step(org)

    force_columns(org.session, beta, stage="dormant")  # a stage change
    assert_in_step(org)
    release_customers(org.session, rep, [acme.id], "No budget")
    assert_in_step(org)
    claim_customers(org.session, org.actor("rep_a2"), [acme.id])
    assert_in_step(org)
    admin = org.actor("admin")
    delete_customers(org.session, admin, [beta.id, gamma.id])
    assert_in_step(org)
    restore_customers(org.session, admin, [gamma.id])
    assert_in_step(org)
    purge_customers(org.session, admin, [beta.id])
    assert_in_step(org)
    force_columns(org.session, gamma, name="Gamma Ltd")  # untouched keys
    assert_in_step(org)


def test_a_narrowing_filter_counts_the_rows(org):
    rep = org.actor("rep_a1")
    make_customer(org.session, rep, "Acme", stage="intention", level="A")
    make_customer(org.session, rep, "Beta", stage="intention")
    page = list_customers(org.session, rep, CustomerFilter(level="A"))
    assert page.total == 1
    assert page.extra["stage_counts"]["intention"] == 1


def test_owner_filter_outside_scope_counts_nothing(org):
    make_customer(org.session, org.actor("rep_b1"), "Gamma")
    page = list_customers(
        org.session, org.actor("rep_a1"), CustomerFilter(owner_id=org.ids["rep_b1"])
    )
    assert page.total == 0 and page.rows == []
    assert page.extra["stage_counts"]["all"] == 0


def contract_truth(session) -> dict[tuple[int, str], tuple[int, Decimal]]:
    key = func.coalesce(Contract.owner_id, 0)
    rows = session.execute(
        select(key, Contract.status, func.count(), func.sum(Contract.amount)).group_by(
            key, Contract.status
        )
    )
    return {(o, s): (n, Decimal(a).quantize(CENT)) for o, s, n, a in rows}


def contract_tallied(session) -> dict[tuple[int, str], tuple[int, Decimal]]:
    return {
        (t.owner_key, t.status): (t.contracts, Decimal(t.amount).quantize(CENT))
        for t in session.scalars(select(ContractTally))
        if t.contracts
    }


def assert_contracts_in_step(org) -> None:
    session = org.session
    session.flush()
    assert contract_tallied(session) == contract_truth(session)
    for viewer in ("admin", "leader_a", "rep_a1"):
        actor = org.actor(viewer)
        fast = list_contracts(session, actor, ContractFilter())
        # A search matching every contract forces the real GROUP BY.
        slow = list_contracts(session, actor, ContractFilter(search="plan"))
        assert fast.extra["status_totals"] == slow.extra["status_totals"], viewer
        assert fast.total == slow.total


def test_contract_tallies_follow_amounts_owners_statuses_and_deletes(org):
    rep = org.actor("rep_a1")
    acme = make_customer(org.session, rep, "Acme")
    draft = make_contract(org.session, rep, acme, "Plan one", amount="1000.50")
    approved = make_approved_contract(
        org.session, org.ids["rep_a2"], acme, "250.25", name="Plan two"
    )
    assert_contracts_in_step(org)
    force_columns(org.session, draft, amount=Decimal("999.99"))
    assert_contracts_in_step(org)
    force_columns(org.session, approved, owner_id=org.ids["rep_b1"], status="void")
    assert_contracts_in_step(org)
    delete_contract(org.session, rep, draft.id, expected_version=None)
    assert_contracts_in_step(org)


def assert_contacts_in_step(org) -> None:
    session = org.session
    session.flush()
    stored = dict(session.execute(select(Customer.id, Customer.contact_count)).all())
    linked = dict(
        session.execute(
            select(Contact.customer_id, func.count()).group_by(Contact.customer_id)
        ).all()
    )
    assert stored == {cid: linked.get(cid, 0) for cid in stored}
    for viewer in ("admin", "leader_a", "rep_a1"):
        actor = org.actor(viewer)
        fast = list_contacts(session, actor, ContactFilter())
        # A search every contact matches forces counting the contacts.
        slow = list_contacts(session, actor, ContactFilter(search="o"))
        assert fast.total == slow.total, viewer


def test_contact_totals_follow_contacts_and_their_customers(org):
    rep = org.actor("rep_a1")
    acme = make_customer(org.session, rep, "Acme")
    beta = make_customer(org.session, org.actor("rep_b1"), "Beta")
    first = make_contact(org.session, rep, acme, "Bob")
    make_contact(org.session, rep, acme, "Joe")
    make_contact(org.session, org.actor("rep_b1"), beta, "Tom")
    assert_contacts_in_step(org)
    force_columns(org.session, first, customer_id=beta.id)  # moved to another
    assert_contacts_in_step(org)
    release_customers(org.session, rep, [acme.id], "No budget")  # to the pool
    assert_contacts_in_step(org)
    delete_customers(org.session, org.actor("admin"), [beta.id])  # binned
    assert_contacts_in_step(org)
    restore_customers(org.session, org.actor("admin"), [beta.id])
    org.session.delete(org.session.get(Contact, first.id))
    assert_contacts_in_step(org)


def assert_opportunities_in_step(org) -> None:
    session = org.session
    session.flush()
    for viewer in ("admin", "leader_a", "rep_a1"):
        actor = org.actor(viewer)
        fast = list_opportunities(session, actor, OpportunityFilter())
        # A search every opportunity matches forces the real GROUP BY.
        slow = list_opportunities(session, actor, OpportunityFilter(search="deal"))
        assert fast.extra["stage_totals"] == slow.extra["stage_totals"], viewer
        assert fast.total == slow.total


def test_opportunity_tallies_follow_opportunities_and_their_customers(org):
    rep = org.actor("rep_a1")
    acme = make_customer(org.session, rep, "Acme")
    beta = make_customer(org.session, org.actor("rep_b1"), "Beta")
    big = make_opportunity(org.session, rep, acme, "Big deal", amount="1000.50")
    make_opportunity(org.session, rep, acme, "Small deal", amount="20.00")
    make_opportunity(org.session, org.actor("rep_b1"), beta, "Other deal")
    assert_opportunities_in_step(org)
    stages = org.session.scalars(select(OpportunityStage.id)).all()
    force_columns(org.session, big, stage_id=stages[-1], amount=Decimal("5.25"))
    assert_opportunities_in_step(org)
    force_columns(org.session, big, owner_id=org.ids["rep_a2"], customer_id=beta.id)
    assert_opportunities_in_step(org)
    admin = org.actor("admin")
    delete_customers(org.session, admin, [acme.id])  # its deals leave the lists
    assert_opportunities_in_step(org)
    restore_customers(org.session, admin, [acme.id])
    assert_opportunities_in_step(org)
    org.session.delete(org.session.get(Opportunity, big.id))
    assert_opportunities_in_step(org)

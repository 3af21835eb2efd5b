"""The trigger-kept customer tallies (models/customer_tally.py) stay equal to
counting the customers themselves, whatever write path moves a customer, and
the customer list and the pool count their stage tabs from them."""

from sqlalchemy import func, select

from models import Customer, CustomerTally
from services.customers import CustomerFilter, list_customers
from services.pool import PoolFilter, claim_customers, list_pool, release_customers
from services.recycle_bin import delete_customers, purge_customers, restore_customers
from tests.factories import force_columns, make_customer


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


def assert_in_step(org) -> None:
    session = org.session
    session.flush()
    assert tallied(session) == counted(session)
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

"""A customer's operation log: newest first, readable names, customer scope."""

import pytest

from services.contacts import ContactIn, update_contact
from services.customers import CustomerIn, update_customer
from services.errors import NotFound
from services.operation_log import customer_log
from services.recycle_bin import delete_customers, restore_customers
from tests.factories import (
    OUT_OF_SCOPE,
    VISIBLE_OWNERS,
    customer_per_owner,
    display_name,
    make_contact,
    make_customer,
    make_followup,
)


@pytest.fixture
def acme(org):
    return make_customer(org.session, org.actor("rep_a1"), "Acme")


def rename(org, actor_name, customer, name):
    update_customer(
        org.session,
        org.actor(actor_name),
        customer.id,
        CustomerIn(name=name),
        expected_version=customer.version,
    )


def actions(org, customer, viewer="rep_a1") -> list[tuple[str, str]]:
    return [
        (entry["action"], entry["actor"])
        for entry in customer_log(org.session, org.actor(viewer), customer.id)
    ]


def test_log_lists_changes_newest_first_with_actor_names(org, acme):
    rename(org, "leader_a", acme, "Acme Group")
    make_followup(org.session, org.actor("rep_a1"), acme)

    assert actions(org, acme) == [
        ("followup.create", "Rep A1"),
        ("customer.update", "Leader A"),
        ("customer.create", "Rep A1"),
    ]


def test_log_entries_carry_before_and_after(org, acme):
    rename(org, "rep_a1", acme, "Acme Group")

    entry = customer_log(org.session, org.actor("rep_a1"), acme.id)[0]

    assert (entry["before"], entry["after"]) == (
        {"name": "Acme"},
        {"name": "Acme Group"},
    )


def test_creation_entry_has_an_empty_before(org, acme):
    (entry,) = customer_log(org.session, org.actor("rep_a1"), acme.id)

    assert (entry["before"], entry["after"]["name"]) == ({}, "Acme")


def test_log_shows_only_this_customers_entries(org, acme):
    other = make_customer(org.session, org.actor("rep_a1"), "Other")
    rename(org, "rep_a1", other, "Other Group")

    assert actions(org, acme) == [("customer.create", "Rep A1")]


def test_log_keeps_the_bin_round_trip(org, acme):
    delete_customers(org.session, org.actor("rep_a1"), [acme.id])
    restore_customers(org.session, org.actor("rep_a1"), [acme.id])

    assert [action for action, _ in actions(org, acme)] == [
        "customer.restore",
        "customer.delete",
        "customer.create",
    ]


def test_rep_cannot_read_another_reps_log(org):
    beta = make_customer(org.session, org.actor("rep_b1"), "Beta")

    with pytest.raises(NotFound):
        customer_log(org.session, org.actor("rep_a1"), beta.id)


def test_log_of_a_binned_customer_is_not_found(org, acme):
    delete_customers(org.session, org.actor("rep_a1"), [acme.id])

    with pytest.raises(NotFound):
        customer_log(org.session, org.actor("rep_a1"), acme.id)


@pytest.fixture
def per_owner(org):
    return customer_per_owner(org)


@pytest.mark.parametrize("viewer", sorted(VISIBLE_OWNERS))
def test_log_in_scope_is_readable(org, per_owner, viewer):
    actor = org.actor(viewer)

    creators = {
        customer_log(org.session, actor, per_owner[owner].id)[0]["actor"]
        for owner in VISIBLE_OWNERS[viewer]
    }

    assert creators == {display_name(owner) for owner in VISIBLE_OWNERS[viewer]}


@pytest.mark.parametrize(("viewer", "owner"), OUT_OF_SCOPE)
def test_log_outside_scope_is_not_found(org, per_owner, viewer, owner):
    with pytest.raises(NotFound):
        customer_log(org.session, org.actor(viewer), per_owner[owner].id)


def test_log_includes_changes_to_the_customers_contacts_only(org, acme):
    other = make_customer(org.session, org.actor("rep_a1"), "Other")
    make_contact(org.session, org.actor("rep_a1"), other, "Not Acme's")
    contact = make_contact(org.session, org.actor("rep_a1"), acme, "Wang")
    update_contact(
        org.session,
        org.actor("leader_a"),
        contact.id,
        ContactIn(customer_id=acme.id, name="Wang Wei"),
        expected_version=contact.version,
    )

    assert actions(org, acme) == [
        ("contact.update", "Leader A"),
        ("contact.create", "Rep A1"),
        ("customer.create", "Rep A1"),
    ]

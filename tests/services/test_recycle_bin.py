"""Recycle bin: soft delete, who sees what, restore, admin-only purge, audit."""

import pytest
from sqlalchemy import func, select

from models import Contact, Customer, CustomerView, FollowUp
from services.customers import (
    CustomerFilter,
    customer_detail,
    get_customer,
    list_customers,
)
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.recycle_bin import (
    delete_customers,
    list_recycle_bin,
    purge_customers,
    restore_customers,
)
from tests.factories import (
    audit_rows,
    force_columns,
    make_contact,
    make_customer,
    make_followup,
    make_opportunity,
    reloaded,
)


@pytest.fixture
def acme(org):
    return make_customer(org.session, org.actor("rep_a1"), "Acme", stage="intention")


@pytest.fixture
def acme2(org):
    return make_customer(org.session, org.actor("rep_a1"), "Acme Two")


@pytest.fixture
def beta(org):
    return make_customer(org.session, org.actor("rep_b1"), "Beta")


def binned(org, viewer, **kwargs) -> list[str]:
    page = list_recycle_bin(org.session, org.actor(viewer), **kwargs)
    return [row["name"] for row in page.rows]


def delete(org, actor_name, *customers) -> int:
    ids = [customer.id for customer in customers]
    return delete_customers(org.session, org.actor(actor_name), ids)


def live_count(org) -> int:
    return org.session.scalar(
        select(func.count()).select_from(Customer).where(Customer.deleted_at.is_(None))
    )


# --- delete --------------------------------------------------------------------


def test_deleted_customer_leaves_the_lists(org, acme):
    delete(org, "rep_a1", acme)

    page = list_customers(org.session, org.actor("rep_a1"), CustomerFilter())
    assert page.total == 0
    with pytest.raises(NotFound):
        get_customer(org.session, org.actor("rep_a1"), acme.id)


def test_delete_resets_the_stage_to_potential_and_keeps_the_owner(org, acme):
    delete(org, "rep_a1", acme)

    stored = reloaded(org.session, acme)
    assert (
        stored.stage,
        stored.deleted_stage,
        stored.owner_id,
        stored.deleted_by_id,
    ) == ("potential", "intention", org.ids["rep_a1"], org.ids["rep_a1"])


def test_delete_returns_how_many_were_binned(org, acme, acme2):
    assert delete(org, "rep_a1", acme, acme2, acme) == 2


def test_delete_needs_a_selection(org):
    with pytest.raises(ValidationFailed) as exc:
        delete_customers(org.session, org.actor("rep_a1"), [])

    assert exc.value.errors == {"selection": "Select at least one customer."}


def test_rep_cannot_delete_another_reps_customer(org, beta):
    with pytest.raises(NotFound):
        delete(org, "rep_a1", beta)

    stored = reloaded(org.session, beta)
    assert (stored.deleted_at, stored.version) == (None, 1)


def test_batch_delete_is_all_or_nothing(org, acme, beta):
    with pytest.raises(NotFound):
        delete(org, "rep_a1", acme, beta)

    assert live_count(org) == 2
    assert audit_rows(org.session, "customer.delete") == []


def test_executive_cannot_delete(org, acme):
    with pytest.raises(PermissionDenied):
        delete(org, "exec", acme)


def test_deleting_twice_is_not_found(org, acme):
    delete(org, "rep_a1", acme)

    with pytest.raises(NotFound):
        delete(org, "rep_a1", acme)


# --- the bin's contents ----------------------------------------------------------


def test_rep_sees_what_they_deleted(org, acme, acme2):
    delete(org, "rep_a1", acme)

    assert binned(org, "rep_a1") == ["Acme"]


def test_rep_does_not_see_what_others_deleted_even_of_their_own(org, acme, beta):
    delete(org, "leader_a", acme)
    delete(org, "rep_b1", beta)

    assert (binned(org, "rep_a1"), binned(org, "leader_a")) == ([], ["Acme"])


def test_admin_sees_everything_deleted(org, acme, beta):
    delete(org, "rep_a1", acme)
    delete(org, "rep_b1", beta)

    assert sorted(binned(org, "admin")) == ["Acme", "Beta"]


def test_bin_rows_name_owner_and_deleter(org, acme):
    delete(org, "leader_a", acme)

    (row,) = list_recycle_bin(org.session, org.actor("admin")).rows
    assert (row["id"], row["owner"], row["deleted_by"]) == (
        acme.id,
        "Rep A1",
        "Leader A",
    )


def test_bin_search_is_case_and_width_insensitive(org, acme, acme2, beta):
    delete(org, "rep_a1", acme, acme2)
    delete(org, "rep_b1", beta)

    assert sorted(binned(org, "admin", search="ＡＣＭＥ")) == ["Acme", "Acme Two"]


def test_bin_pages(org, acme, acme2):
    delete(org, "rep_a1", acme, acme2)

    page = list_recycle_bin(org.session, org.actor("rep_a1"), page=2, page_size=1)

    assert (len(page.rows), page.total, page.page_count) == (1, 2, 2)


# --- restore -------------------------------------------------------------------


def test_restore_returns_the_customer_to_its_owner(org, acme):
    delete(org, "leader_a", acme)

    restore_customers(org.session, org.actor("leader_a"), [acme.id])

    assert (
        get_customer(org.session, org.actor("rep_a1"), acme.id).owner_id
        == (org.ids["rep_a1"])
    )


def test_restored_customer_stays_potential(org, acme):
    delete(org, "rep_a1", acme)

    restore_customers(org.session, org.actor("rep_a1"), [acme.id])

    stored = reloaded(org.session, acme)
    assert (stored.stage, stored.deleted_at, stored.deleted_by_id) == (
        "potential",
        None,
        None,
    )


def test_restore_of_an_ownerless_customer_returns_it_to_the_pool(org, acme):
    delete(org, "rep_a1", acme)
    force_columns(org.session, acme, owner_id=None)

    restore_customers(org.session, org.actor("admin"), [acme.id])

    stored = reloaded(org.session, acme)
    assert (stored.deleted_at, stored.owner_id) == (None, None)


def test_rep_cannot_restore_what_someone_else_deleted(org, acme):
    delete(org, "leader_a", acme)

    with pytest.raises(NotFound):
        restore_customers(org.session, org.actor("rep_a1"), [acme.id])

    assert reloaded(org.session, acme).deleted_at is not None


def test_admin_can_restore_anyones_deletion(org, beta):
    delete(org, "rep_b1", beta)

    assert restore_customers(org.session, org.actor("admin"), [beta.id]) == 1


def test_batch_restore_is_all_or_nothing(org, acme, beta):
    delete(org, "rep_a1", acme)
    delete(org, "rep_b1", beta)

    with pytest.raises(NotFound):
        restore_customers(org.session, org.actor("rep_a1"), [acme.id, beta.id])

    assert live_count(org) == 0
    assert audit_rows(org.session, "customer.restore") == []


def test_restoring_a_live_customer_is_not_found(org, acme):
    with pytest.raises(NotFound):
        restore_customers(org.session, org.actor("admin"), [acme.id])


def test_restore_needs_a_selection(org):
    with pytest.raises(ValidationFailed) as exc:
        restore_customers(org.session, org.actor("rep_a1"), [])

    assert exc.value.errors == {"selection": "Select at least one customer."}


# --- purge ---------------------------------------------------------------------


def test_purge_is_admin_only(org, acme):
    delete(org, "rep_a1", acme)

    with pytest.raises(PermissionDenied):
        purge_customers(org.session, org.actor("rep_a1"), [acme.id])

    assert binned(org, "rep_a1") == ["Acme"]


def test_leader_cannot_purge(org, acme):
    delete(org, "leader_a", acme)

    with pytest.raises(PermissionDenied):
        purge_customers(org.session, org.actor("leader_a"), [acme.id])


def test_purge_removes_the_customer_with_its_contacts_follow_ups_and_views(org, acme):
    rep = org.actor("rep_a1")
    contact = make_contact(org.session, rep, acme, "Ann")
    make_followup(org.session, rep, acme, contact_id=contact.id)
    customer_detail(org.session, rep, acme.id)
    delete(org, "rep_a1", acme)

    assert purge_customers(org.session, org.actor("admin"), [acme.id]) == 1

    org.session.expire_all()
    assert [
        org.session.scalar(select(func.count()).select_from(model))
        for model in (Customer, Contact, FollowUp, CustomerView)
    ] == [0, 0, 0, 0]


def test_purge_leaves_other_customers_alone(org, acme, acme2):
    make_contact(org.session, org.actor("rep_a1"), acme2, "Ben")
    delete(org, "rep_a1", acme, acme2)

    purge_customers(org.session, org.actor("admin"), [acme.id])

    assert binned(org, "admin") == ["Acme Two"]
    assert org.session.scalar(select(func.count()).select_from(Contact)) == 1


def test_live_customers_cannot_be_purged(org, acme):
    with pytest.raises(NotFound):
        purge_customers(org.session, org.actor("admin"), [acme.id])

    assert reloaded(org.session, acme) is not None


def test_a_customer_with_deals_is_not_purged_but_explained(org, acme, acme2):
    make_opportunity(org.session, org.actor("rep_a1"), acme2, "Big deal")
    delete(org, "rep_a1", acme, acme2)

    with pytest.raises(Conflict) as refused:
        purge_customers(org.session, org.actor("admin"), [acme.id, acme2.id])

    assert refused.value.params == {"name": "Acme Two"}
    assert sorted(binned(org, "admin")) == ["Acme", "Acme Two"]


def test_batch_purge_is_all_or_nothing(org, acme, acme2):
    delete(org, "rep_a1", acme)

    with pytest.raises(NotFound):
        purge_customers(org.session, org.actor("admin"), [acme.id, acme2.id])

    assert binned(org, "admin") == ["Acme"]


# --- audit ---------------------------------------------------------------------


def test_delete_is_audited_with_the_stage_it_had(org, acme):
    delete(org, "leader_a", acme)

    (row,) = audit_rows(org.session, "customer.delete")
    assert (row.actor_id, row.object_id, row.before, row.after) == (
        org.ids["leader_a"],
        acme.id,
        {"deleted": False, "stage": "intention"},
        {"deleted": True, "stage": "potential"},
    )


def test_delete_of_a_potential_customer_audits_only_the_flag(org, acme2):
    delete(org, "rep_a1", acme2)

    (row,) = audit_rows(org.session, "customer.delete")
    assert (row.before, row.after) == ({"deleted": False}, {"deleted": True})


def test_restore_is_audited(org, acme):
    delete(org, "rep_a1", acme)

    restore_customers(org.session, org.actor("rep_a1"), [acme.id])

    (row,) = audit_rows(org.session, "customer.restore")
    assert (row.actor_id, row.object_id, row.before, row.after) == (
        org.ids["rep_a1"],
        acme.id,
        {"deleted": True},
        {"deleted": False, "owner_id": org.ids["rep_a1"]},
    )


def test_purge_is_audited_with_what_was_removed(org, acme):
    delete(org, "rep_a1", acme)

    purge_customers(org.session, org.actor("admin"), [acme.id])

    (row,) = audit_rows(org.session, "customer.purge")
    assert (row.actor_id, row.object_id, row.before, row.after) == (
        org.ids["admin"],
        acme.id,
        {"name": "Acme", "owner_id": org.ids["rep_a1"]},
        None,
    )

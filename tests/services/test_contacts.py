"""Contacts: primary flag, validation, locking, scope through the customer, lists."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from models import Contact
from services import contacts
from services.contacts import (
    ContactFilter,
    ContactIn,
    contact_detail,
    create_contact,
    customer_contacts,
    get_contact,
    list_contacts,
    update_contact,
)
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.recycle_bin import delete_customers
from tests.factories import (
    OUT_OF_SCOPE,
    VISIBLE_OWNERS,
    audit_rows,
    customer_per_owner,
    force_columns,
    form_values,
    make_contact,
    make_customer,
    reloaded,
)


@pytest.fixture
def acme(org):
    return make_customer(org.session, org.actor("rep_a1"), "Acme")


@pytest.fixture
def beta(org):
    return make_customer(org.session, org.actor("rep_b1"), "Beta")


@pytest.fixture
def beta_contact(org, beta):
    return make_contact(
        org.session, org.actor("rep_b1"), beta, "Bob", mobile="13900000000"
    )


def edit(org, actor_name, contact, **fields):
    """Save the edit form as loaded: every current value, `fields` changed."""
    current = form_values(contact, ContactIn)
    return update_contact(
        org.session,
        org.actor(actor_name),
        contact.id,
        ContactIn(**current | fields),
        expected_version=contact.version,
    )


def contact_count(org) -> int:
    return org.session.scalar(select(func.count()).select_from(Contact))


def listed(org, viewer="rep_a1", **flt) -> list[str]:
    page = list_contacts(org.session, org.actor(viewer), ContactFilter(**flt))
    return [row["name"] for row in page.rows]


def create_errors(org, **fields) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as exc:
        create_contact(org.session, org.actor("rep_a1"), ContactIn(**fields))
    return exc.value.errors


# --- primary flag -------------------------------------------------------------


def test_first_contact_becomes_primary(org, acme):
    contact = make_contact(org.session, org.actor("rep_a1"), acme, "Ann")

    assert reloaded(org.session, contact).is_primary is True


def test_later_contacts_are_not_primary_by_default(org, acme):
    make_contact(org.session, org.actor("rep_a1"), acme, "Ann")

    second = make_contact(org.session, org.actor("rep_a1"), acme, "Ben")

    assert reloaded(org.session, second).is_primary is False


def test_new_primary_contact_clears_the_previous_one(org, acme):
    first = make_contact(org.session, org.actor("rep_a1"), acme, "Ann")

    make_contact(org.session, org.actor("rep_a1"), acme, "Ben", is_primary=True)

    assert [
        row["name"]
        for row in customer_contacts(org.session, org.actor("rep_a1"), acme.id)
        if row["is_primary"]
    ] == ["Ben"]
    stored = reloaded(org.session, first)
    assert (stored.is_primary, stored.version) == (False, 2)


def test_editing_a_contact_into_primary_clears_the_previous_one(org, acme):
    first = make_contact(org.session, org.actor("rep_a1"), acme, "Ann")
    second = make_contact(org.session, org.actor("rep_a1"), acme, "Ben")

    edit(org, "rep_a1", second, is_primary=True)

    assert (
        reloaded(org.session, first).is_primary,
        reloaded(org.session, second).is_primary,
    ) == (False, True)


def test_primary_flag_is_per_customer(org, acme):
    other = make_customer(org.session, org.actor("rep_a1"), "Other")
    acme_primary = make_contact(org.session, org.actor("rep_a1"), acme, "Ann")

    make_contact(org.session, org.actor("rep_a1"), other, "Ben", is_primary=True)

    assert reloaded(org.session, acme_primary).is_primary is True


def test_stale_form_of_the_demoted_primary_names_who_demoted_it(org, acme):
    first = make_contact(org.session, org.actor("rep_a1"), acme, "Ann")
    make_contact(org.session, org.actor("leader_a"), acme, "Ben", is_primary=True)

    with pytest.raises(Conflict) as exc:
        update_contact(
            org.session,
            org.actor("rep_a1"),
            first.id,
            ContactIn(name="Ann", is_primary=True),
            expected_version=1,
        )

    assert exc.value.params["name"] == "Leader A"


def test_customer_contacts_lists_the_primary_first(org, acme):
    rep = org.actor("rep_a1")
    for name in ("Ann", "Ben", "Cat"):
        make_contact(org.session, rep, acme, name)
    make_contact(org.session, rep, acme, "Dan", is_primary=True)

    rows = customer_contacts(org.session, rep, acme.id)

    assert [row["name"] for row in rows] == ["Dan", "Ann", "Ben", "Cat"]


# --- validation ----------------------------------------------------------------


def test_every_field_error_is_reported_at_once(org):
    errors = create_errors(
        org,
        name="n" * 101,
        mobile="12345",
        phone="12",
        email="x@y",
        title="t" * 101,
        birthday=dt.date.today() + dt.timedelta(days=1),
        remark="r" * 2001,
    )

    assert errors == {
        "customer_id": "Choose a customer.",
        "name": "At most 100 characters.",
        "mobile": "Enter an 11-digit mobile number starting with 1.",
        "phone": "Enter a valid phone number (digits, spaces, +, - and brackets).",
        "email": "Enter a valid email address.",
        "title": "At most 100 characters.",
        "birthday": "The birthday cannot be in the future.",
        "remark": "At most 2000 characters.",
    }


@pytest.mark.parametrize("name", [None, "", "  "])
def test_name_is_required(org, acme, name):
    assert create_errors(org, customer_id=acme.id, name=name) == {
        "name": "Name is required."
    }


def test_invalid_contact_is_not_saved(org, acme):
    create_errors(org, customer_id=acme.id, name="Ann", email="bad")

    assert contact_count(org) == 0


def test_mobile_is_stored_as_typed_and_normalised_for_search(org, acme):
    contact = make_contact(
        org.session, org.actor("rep_a1"), acme, " Ann ", mobile="＋８６ 138-0013-8000"
    )

    stored = reloaded(org.session, contact)
    assert (stored.name, stored.mobile, stored.mobile_normalized) == (
        "Ann",
        "＋８６ 138-0013-8000",
        "13800138000",
    )


def test_executive_cannot_create_contacts(org, acme):
    with pytest.raises(PermissionDenied):
        create_contact(
            org.session, org.actor("exec"), ContactIn(customer_id=acme.id, name="Ann")
        )


# --- update -----------------------------------------------------------------


def test_update_saves_fields_and_bumps_version(org, acme):
    contact = make_contact(org.session, org.actor("rep_a1"), acme, "Ann")

    edit(org, "rep_a1", contact, name="Ann Lee", title="CTO")

    stored = reloaded(org.session, contact)
    assert (stored.name, stored.name_normalized, stored.title, stored.version) == (
        "Ann Lee",
        "annlee",
        "CTO",
        2,
    )


def test_customer_cannot_change_on_update(org, acme):
    other = make_customer(org.session, org.actor("rep_a1"), "Other")
    contact = make_contact(org.session, org.actor("rep_a1"), acme, "Ann")

    edit(org, "rep_a1", contact, customer_id=other.id)

    assert reloaded(org.session, contact).customer_id == acme.id


def test_update_validation_errors_leave_the_row_unchanged(org, acme):
    contact = make_contact(org.session, org.actor("rep_a1"), acme, "Ann")

    with pytest.raises(ValidationFailed) as exc:
        edit(org, "rep_a1", contact, name="", email="bad")

    assert exc.value.errors == {
        "name": "Name is required.",
        "email": "Enter a valid email address.",
    }
    assert reloaded(org.session, contact).name == "Ann"


def test_stale_version_conflict_names_who_changed_it(org, acme):
    contact = make_contact(org.session, org.actor("rep_a1"), acme, "Ann")
    edit(org, "leader_a", contact, title="Boss")

    with pytest.raises(Conflict) as exc:
        update_contact(
            org.session,
            org.actor("rep_a1"),
            contact.id,
            ContactIn(name="Mine"),
            expected_version=1,
        )

    assert exc.value.params == {
        "name": "Leader A",
        "object_type": "contact",
        "object_id": contact.id,
    }
    stored = reloaded(org.session, contact)
    assert (stored.name, stored.title, stored.version) == ("Ann", "Boss", 2)


def test_conflict_is_detected_even_when_the_session_holds_an_old_copy(org, acme):
    contact = make_contact(org.session, org.actor("rep_a1"), acme, "Ann")
    # Another transaction committed version 2 after this session loaded version 1.
    force_columns(
        org.session,
        contact,
        expire=False,
        version=2,
        name="Theirs",
        updated_by_id=org.ids["leader_a"],
    )

    with pytest.raises(Conflict) as exc:
        update_contact(
            org.session,
            org.actor("rep_a1"),
            contact.id,
            ContactIn(name="Mine"),
            expected_version=1,
        )

    assert exc.value.params["name"] == "Leader A"


def test_leader_can_edit_a_team_members_contact(org, acme):
    contact = make_contact(org.session, org.actor("rep_a1"), acme, "Ann")

    edit(org, "leader_a", contact, title="Buyer")

    assert reloaded(org.session, contact).title == "Buyer"


def test_executive_cannot_edit_contacts(org, acme):
    contact = make_contact(org.session, org.actor("rep_a1"), acme, "Ann")

    with pytest.raises(PermissionDenied):
        edit(org, "exec", contact, title="Exec")


# --- scope --------------------------------------------------------------------


def test_rep_cannot_add_a_contact_to_another_reps_customer(org, beta):
    with pytest.raises(NotFound):
        create_contact(
            org.session, org.actor("rep_a1"), ContactIn(customer_id=beta.id, name="Spy")
        )

    assert contact_count(org) == 0


def test_rep_cannot_get_another_reps_contact(org, beta_contact):
    with pytest.raises(NotFound):
        get_contact(org.session, org.actor("rep_a1"), beta_contact.id)


def test_rep_cannot_open_another_reps_contact(org, beta_contact):
    with pytest.raises(NotFound):
        contact_detail(org.session, org.actor("rep_a1"), beta_contact.id)


def test_rep_cannot_update_another_reps_contact(org, beta_contact):
    with pytest.raises(NotFound):
        update_contact(
            org.session,
            org.actor("rep_a1"),
            beta_contact.id,
            ContactIn(name="Hijacked"),
            expected_version=1,
        )

    stored = reloaded(org.session, beta_contact)
    assert (stored.name, stored.version) == ("Bob", 1)
    assert audit_rows(org.session, "contact.update") == []


def test_rep_cannot_list_contacts_of_another_reps_customer(org, beta):
    with pytest.raises(NotFound):
        customer_contacts(org.session, org.actor("rep_a1"), beta.id)


def test_unknown_contact_is_not_found(org):
    with pytest.raises(NotFound):
        get_contact(org.session, org.actor("admin"), 999_999)


@pytest.fixture
def contact_per_owner(org):
    return {
        owner: make_contact(
            org.session, org.actor(owner), customer, f"Contact of {owner}"
        )
        for owner, customer in customer_per_owner(org).items()
    }


@pytest.mark.parametrize("viewer", sorted(VISIBLE_OWNERS))
def test_list_shows_exactly_the_contacts_in_scope(org, contact_per_owner, viewer):
    page = list_contacts(org.session, org.actor(viewer), ContactFilter(page_size=50))

    assert {row["name"].removeprefix("Contact of ") for row in page.rows} == (
        VISIBLE_OWNERS[viewer]
    )


@pytest.mark.parametrize(("viewer", "owner"), OUT_OF_SCOPE)
def test_contact_outside_scope_is_not_found(org, contact_per_owner, viewer, owner):
    with pytest.raises(NotFound):
        get_contact(org.session, org.actor(viewer), contact_per_owner[owner].id)


def test_list_follows_the_scope_switcher(org, contact_per_owner):
    page = list_contacts(
        org.session, org.actor("leader_a", focus="me"), ContactFilter()
    )

    assert [row["name"] for row in page.rows] == ["Contact of leader_a"]


def test_scope_switcher_does_not_narrow_reads(org, contact_per_owner):
    contact = contact_per_owner["rep_a1"]

    found = get_contact(org.session, org.actor("leader_a", focus="me"), contact.id)

    assert found.id == contact.id


def test_contacts_of_a_binned_customer_disappear(org, acme):
    contact = make_contact(org.session, org.actor("rep_a1"), acme, "Ann")
    delete_customers(org.session, org.actor("rep_a1"), [acme.id])

    assert listed(org) == []
    with pytest.raises(NotFound):
        get_contact(org.session, org.actor("rep_a1"), contact.id)


# --- list and detail -------------------------------------------------------------


@pytest.fixture
def address_book(org, acme):
    rep = org.actor("rep_a1")
    globex = make_customer(org.session, rep, "Globex 集团")
    make_contact(org.session, rep, acme, "Zhang Wei", mobile="138 0013 8000")
    make_contact(org.session, rep, acme, "Li Na", mobile="13900139000")
    make_contact(org.session, rep, globex, "Wang Fang")
    return globex


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("zhang", ["Zhang Wei"]),
        ("ＷＡＮＧ", ["Wang Fang"]),
        ("集团", ["Wang Fang"]),
        ("acme", ["Li Na", "Zhang Wei"]),
        ("1380013", ["Zhang Wei"]),
        ("139 0013", ["Li Na"]),
        ("nobody", []),
    ],
)
def test_search(org, address_book, term, expected):
    assert sorted(listed(org, search=term)) == expected


def test_filter_by_customer(org, address_book):
    assert listed(org, customer_id=address_book.id) == ["Wang Fang"]


def test_filter_primary_only(org, address_book):
    assert sorted(listed(org, primary_only=True)) == ["Wang Fang", "Zhang Wei"]


def test_list_pages(org, address_book):
    page = list_contacts(
        org.session, org.actor("rep_a1"), ContactFilter(page=2, page_size=2)
    )

    assert (len(page.rows), page.total, page.page_count) == (1, 3, 2)


def test_a_page_past_the_end_shows_the_last_page(org, address_book):
    page = list_contacts(
        org.session, org.actor("rep_a1"), ContactFilter(page=7, page_size=2)
    )

    assert (page.page, len(page.rows)) == (2, 1)


@pytest.mark.parametrize("from_the_scope", [True, False])
def test_both_plans_list_the_scopes_contacts_newest_first(
    org, contact_per_owner, monkeypatch, from_the_scope
):
    for n, contact in enumerate(contact_per_owner.values()):
        force_columns(org.session, contact, created_at=dt.datetime(2026, 1, 1 + n))
    monkeypatch.setattr(contacts, "_from_the_scope", lambda *_a: from_the_scope)

    expected = [
        f"Contact of {owner}"
        for owner in reversed(contact_per_owner)
        if owner in VISIBLE_OWNERS["leader_a"]
    ]
    assert listed(org, "leader_a", page_size=2) == expected[:2]
    assert listed(org, "leader_a", page_size=2, page=2) == expected[2:4]


@pytest.mark.parametrize(
    ("viewer", "reach", "expected"),
    # One contact per owner, 6 in all. A page of 2 walks 2 × 6 / (scope's share):
    # rep_a1's 1 → 12 read against 1 sorted; leader_a's 4 → 3 against 4; the
    # admin has no scope to start from.
    [("rep_a1", 2, True), ("leader_a", 2, False), ("admin", 2, False)],
)
def test_a_page_starts_from_the_scope_when_walking_would_read_more(
    org, contact_per_owner, viewer, reach, expected
):
    actor = org.actor(viewer)
    total = list_contacts(org.session, actor, ContactFilter()).total

    assert contacts._from_the_scope(org.session, actor, True, total, reach) is expected


def test_rows_name_the_customer(org, address_book):
    page = list_contacts(org.session, org.actor("rep_a1"), ContactFilter(search="wang"))

    assert page.rows[0]["customer"] == "Globex 集团"


def test_detail_names_customer_and_author(org, acme):
    contact = make_contact(
        org.session, org.actor("leader_a"), acme, "Ann", birthday=dt.date(1990, 5, 17)
    )

    detail = contact_detail(org.session, org.actor("rep_a1"), contact.id)

    assert {
        k: detail[k]
        for k in ("name", "customer", "created_by", "birthday", "version", "is_primary")
    } == {
        "name": "Ann",
        "customer": "Acme",
        "created_by": "Leader A",
        "birthday": dt.date(1990, 5, 17),
        "version": 1,
        "is_primary": True,
    }


# --- audit ---------------------------------------------------------------------


def test_create_writes_an_audit_row(org, acme):
    contact = make_contact(org.session, org.actor("rep_a1"), acme, "Ann")

    (row,) = audit_rows(org.session, "contact.create")
    assert (row.actor_id, row.object_type, row.object_id) == (
        org.ids["rep_a1"],
        "contact",
        contact.id,
    )
    assert (row.after["name"], row.after["customer_id"]) == ("Ann", acme.id)


def test_update_audits_only_the_changed_fields(org, acme):
    contact = make_contact(org.session, org.actor("rep_a1"), acme, "Ann")

    edit(org, "leader_a", contact, title="CTO")

    (row,) = audit_rows(org.session, "contact.update")
    assert (row.actor_id, row.before, row.after) == (
        org.ids["leader_a"],
        {"title": None},
        {"title": "CTO"},
    )

"""Customers: validation, normalisation, duplicates, locking, lists, audit."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from models import Customer, CustomerView, DictionaryEntry
from services import paging
from services.customers import (
    CustomerFilter,
    CustomerIn,
    DuplicateFound,
    create_customer,
    customer_choices,
    customer_detail,
    get_customer,
    list_customers,
    update_customer,
)
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.users import set_user_active
from tests.factories import (
    audit_rows,
    force_columns,
    form_values,
    make_contact,
    make_customer,
    make_followup,
    reloaded,
)

DAY = dt.datetime(2024, 1, 10, 9, 0)


def names(page) -> list[str]:
    return [row["name"] for row in page.rows]


def listed(org, viewer="leader_a", **flt) -> list[str]:
    return names(list_customers(org.session, org.actor(viewer), CustomerFilter(**flt)))


def create_errors(org, actor="rep_a1", **fields) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as exc:
        create_customer(org.session, org.actor(actor), CustomerIn(**fields))
    return exc.value.errors


def edit(org, actor_name, customer, **fields):
    """Save the edit form as loaded: every current value, `fields` changed."""
    current = form_values(customer, CustomerIn)
    current["tags"] = tuple(current["tags"] or ())
    return update_customer(
        org.session,
        org.actor(actor_name),
        customer.id,
        CustomerIn(**current | fields),
        expected_version=customer.version,
    )


@pytest.fixture
def acme(org):
    return make_customer(
        org.session, org.actor("rep_a1"), "ACME Co., Ltd.", mobile="138-0013-8000"
    )


@pytest.fixture
def beta(org):
    return make_customer(
        org.session, org.actor("rep_b1"), "Beta Ltd", mobile="13900000002"
    )


# --- create: validation -------------------------------------------------------


@pytest.mark.parametrize("name", [None, "", "   "])
def test_name_is_required(org, name):
    assert create_errors(org, name=name) == {"name": "Name is required."}


def test_every_field_error_is_reported_at_once(org):
    errors = create_errors(
        org,
        name="x" * 201,
        mobile="12345",
        phone="12",
        email="not-an-email",
        source="tv",
        industry="mining",
        level="Z",
        stage="won",
        province="Atlantis",
        district="d" * 51,
        address="a" * 301,
        remark="r" * 2001,
        tags=tuple(f"t{i}" for i in range(11)),
        owner_id=org.ids["rep_b1"],
    )

    assert errors == {
        "name": "At most 200 characters.",
        "mobile": "Enter an 11-digit mobile number starting with 1.",
        "phone": "Enter a valid phone number (digits, spaces, +, - and brackets).",
        "email": "Enter a valid email address.",
        "source": "Choose a value from the list.",
        "industry": "Choose a value from the list.",
        "level": "Choose a value from the list.",
        "stage": "Choose a value from the list.",
        "province": "Choose a province from the list.",
        "district": "At most 50 characters.",
        "address": "At most 300 characters.",
        "remark": "At most 2000 characters.",
        "tags": "At most 10 tags of up to 20 characters.",
        "owner_id": "Choose an active user within your scope.",
    }


def test_nothing_is_written_when_validation_fails(org):
    create_errors(org, name="Acme", email="bad")

    assert org.session.scalar(select(func.count()).select_from(Customer)) == 0
    assert audit_rows(org.session, "customer.create") == []


def test_values_at_the_length_limits_are_accepted(org):
    customer = make_customer(
        org.session,
        org.actor("rep_a1"),
        "x" * 200,
        district="d" * 50,
        address="a" * 300,
        remark="r" * 2000,
        tags=tuple(f"t{i}" for i in range(10)),
    )

    assert reloaded(org.session, customer).address == "a" * 300


def test_a_tag_longer_than_20_characters_is_rejected(org):
    errors = create_errors(org, name="Acme", tags=("x" * 21,))

    assert errors == {"tags": "At most 10 tags of up to 20 characters."}


def test_tags_are_trimmed_and_deduplicated(org):
    customer = make_customer(
        org.session, org.actor("rep_a1"), "Acme", tags=(" vip ", "vip", "", "north")
    )

    assert reloaded(org.session, customer).tags == ["vip", "north"]


def test_mobile_with_letters_is_rejected(org):
    errors = create_errors(org, name="Acme", mobile="138OO138000")

    assert errors == {"mobile": "Use digits only (a leading + is allowed)."}


def test_mobile_too_long_for_the_column_is_a_field_error(org):
    errors = create_errors(
        org, name="Acme", mobile="1 3 8 0 0 1 3 8 0 0 0".replace(" ", "   ")
    )

    assert errors == {"mobile": "At most 30 characters."}


def test_phone_too_long_for_the_column_is_a_field_error(org):
    errors = create_errors(org, name="Acme", phone="010 - 6234 - 5678   ext   12345")

    assert errors == {"phone": "At most 30 characters."}


def test_city_needs_its_province(org):
    errors = create_errors(org, name="Acme", city="深圳市")

    assert errors == {"city": "Choose a city of the selected province."}


def test_city_must_belong_to_the_province(org):
    errors = create_errors(org, name="Acme", province="浙江省", city="深圳市")

    assert errors == {"city": "Choose a city of the selected province."}


def test_disabled_dictionary_value_is_rejected(org):
    entry = org.session.scalar(
        select(DictionaryEntry).where(
            DictionaryEntry.kind == "customer_source", DictionaryEntry.code == "web"
        )
    )
    entry.is_active = False

    assert create_errors(org, name="Acme", source="web") == {
        "source": "Choose a value from the list."
    }


def test_executive_cannot_create_customers(org):
    with pytest.raises(PermissionDenied):
        create_customer(org.session, org.actor("exec"), CustomerIn(name="Acme"))


# --- create: stored values --------------------------------------------------------


def test_create_defaults_owner_to_the_actor(org):
    customer = make_customer(org.session, org.actor("rep_a1"), "Acme")

    stored = reloaded(org.session, customer)
    assert (stored.owner_id, stored.created_by_id, stored.stage, stored.version) == (
        org.ids["rep_a1"],
        org.ids["rep_a1"],
        "potential",
        1,
    )


def test_create_strips_text_and_turns_blanks_into_null(org):
    customer = make_customer(
        org.session, org.actor("rep_a1"), "  Acme  ", email="   ", remark=" hi "
    )

    stored = reloaded(org.session, customer)
    assert (stored.name, stored.email, stored.remark) == ("Acme", None, "hi")


@pytest.mark.parametrize(
    "mobile",
    [
        "＋８６ １３８-００１３-８０００",
        "+86 138 0013 8000",
        "0086-13800138000",
        "(+86) 13800138000",
        "１３８００１３８０００",
    ],
)
def test_mobile_is_normalised_for_search_and_duplicates(org, mobile):
    customer = make_customer(org.session, org.actor("rep_a1"), "Acme", mobile=mobile)

    assert reloaded(org.session, customer).mobile_normalized == "13800138000"


def test_name_is_normalised_half_width_lower_case_without_punctuation(org):
    customer = make_customer(
        org.session, org.actor("rep_a1"), "ＡＣＭＥ 科技（北京）有限公司"
    )

    assert reloaded(org.session, customer).name_normalized == "acme科技北京有限公司"


def test_foreign_mobile_with_plus_is_accepted(org):
    customer = make_customer(
        org.session, org.actor("rep_a1"), "Acme", mobile="+1 415 555 0100"
    )

    assert reloaded(org.session, customer).mobile_normalized == "14155550100"


# --- owner ------------------------------------------------------------------


def test_rep_cannot_create_a_customer_for_another_rep(org):
    errors = create_errors(org, name="Acme", owner_id=org.ids["rep_a2"])

    assert errors == {"owner_id": "Choose an active user within your scope."}


def test_leader_can_create_a_customer_for_a_team_member(org):
    customer = make_customer(
        org.session, org.actor("leader_a"), "Acme", owner_id=org.ids["rep_a1"]
    )

    assert reloaded(org.session, customer).owner_id == org.ids["rep_a1"]


def test_leader_cannot_create_a_customer_for_another_team(org):
    errors = create_errors(org, "leader_a", name="Acme", owner_id=org.ids["rep_b1"])

    assert errors == {"owner_id": "Choose an active user within your scope."}


def test_disabled_user_cannot_become_owner(org):
    set_user_active(org.session, org.actor("admin"), org.ids["rep_a2"], False)

    errors = create_errors(org, "leader_a", name="Acme", owner_id=org.ids["rep_a2"])

    assert errors == {"owner_id": "Choose an active user within your scope."}


def test_unknown_user_cannot_become_owner(org):
    errors = create_errors(
        org, "admin", name="Acme", owner_id=max(org.ids.values()) + 100
    )

    assert errors == {"owner_id": "Choose an active user within your scope."}


def test_update_to_an_owner_outside_scope_is_a_field_error(org, acme):
    with pytest.raises(ValidationFailed) as exc:
        edit(org, "leader_a", acme, owner_id=org.ids["rep_b1"])

    assert exc.value.errors == {"owner_id": "Choose an active user within your scope."}
    assert reloaded(org.session, acme).owner_id == org.ids["rep_a1"]


def test_leader_can_move_a_customer_to_another_member(org, acme):
    edit(org, "leader_a", acme, owner_id=org.ids["rep_a2"])

    assert reloaded(org.session, acme).owner_id == org.ids["rep_a2"]


def test_customer_of_a_disabled_owner_stays_editable(org, acme):
    set_user_active(org.session, org.actor("admin"), org.ids["rep_a1"], False)

    edit(org, "leader_a", acme, remark="Owner left; call the new contact")

    assert reloaded(org.session, acme).remark == "Owner left; call the new contact"


def test_update_without_owner_keeps_the_owner(org, acme):
    # Releasing to the pool is its own action with its own rules, not a blank field.
    update_customer(
        org.session,
        org.actor("rep_a1"),
        acme.id,
        CustomerIn(name="Acme renamed"),
        expected_version=acme.version,
    )

    assert reloaded(org.session, acme).owner_id == org.ids["rep_a1"]


# --- duplicates ---------------------------------------------------------------


def test_same_normalised_name_is_a_duplicate(org, acme):
    with pytest.raises(DuplicateFound) as exc:
        create_customer(
            org.session, org.actor("rep_a1"), CustomerIn(name="acme co ltd")
        )

    assert exc.value.matches == [
        {"id": acme.id, "name": "ACME Co., Ltd.", "owner": "Rep A1"}
    ]


def test_full_width_name_is_a_duplicate(org, acme):
    with pytest.raises(DuplicateFound) as exc:
        create_customer(
            org.session,
            org.actor("rep_a1"),
            CustomerIn(name="ＡＣＭＥ　Ｃｏ．，Ｌｔｄ．"),
        )

    assert [m["id"] for m in exc.value.matches] == [acme.id]


def test_same_mobile_in_another_format_is_a_duplicate(org, acme):
    with pytest.raises(DuplicateFound) as exc:
        create_customer(
            org.session,
            org.actor("rep_a1"),
            CustomerIn(name="Other name", mobile="+86 13800138000"),
        )

    assert [m["id"] for m in exc.value.matches] == [acme.id]


def test_duplicates_are_found_across_scopes_with_only_id_name_owner(org, acme):
    with pytest.raises(DuplicateFound) as exc:
        create_customer(
            org.session,
            org.actor("rep_b1"),
            CustomerIn(name="Acme co. ltd", mobile="13800138000"),
        )

    assert exc.value.matches == [
        {"id": acme.id, "name": "ACME Co., Ltd.", "owner": "Rep A1"}
    ]


def test_pool_customers_count_as_duplicates(org, acme):
    force_columns(org.session, acme, owner_id=None)

    with pytest.raises(DuplicateFound) as exc:
        create_customer(
            org.session, org.actor("rep_b1"), CustomerIn(name="ACME co ltd")
        )

    assert exc.value.matches == [{"id": acme.id, "name": "ACME Co., Ltd.", "owner": ""}]


def test_duplicate_warning_writes_nothing(org, acme):
    with pytest.raises(DuplicateFound):
        create_customer(
            org.session, org.actor("rep_a1"), CustomerIn(name="ACME co ltd")
        )

    assert org.session.scalar(select(func.count()).select_from(Customer)) == 1


def test_allow_duplicate_saves_anyway(org, acme):
    customer = create_customer(
        org.session,
        org.actor("rep_b1"),
        CustomerIn(name="ACME co ltd"),
        allow_duplicate=True,
    )

    assert reloaded(org.session, customer).name_normalized == acme.name_normalized


def test_different_name_and_mobile_is_not_a_duplicate(org, acme):
    customer = create_customer(
        org.session,
        org.actor("rep_a1"),
        CustomerIn(name="ACME Trading", mobile="13800138001"),
    )

    assert customer.id != acme.id


def test_validation_errors_come_before_the_duplicate_warning(org, acme):
    assert create_errors(org, name="ACME co ltd", email="bad") == {
        "email": "Enter a valid email address."
    }


# --- get, detail, update --------------------------------------------------------


def test_rep_cannot_get_another_reps_customer(org, beta):
    with pytest.raises(NotFound):
        get_customer(org.session, org.actor("rep_a1"), beta.id)


def test_rep_cannot_open_another_reps_customer_and_no_view_is_recorded(org, beta):
    with pytest.raises(NotFound):
        customer_detail(org.session, org.actor("rep_a1"), beta.id)

    assert org.session.scalar(select(func.count()).select_from(CustomerView)) == 0


def test_rep_cannot_update_another_reps_customer(org, beta):
    with pytest.raises(NotFound):
        update_customer(
            org.session,
            org.actor("rep_a1"),
            beta.id,
            CustomerIn(name="Hijacked"),
            expected_version=beta.version,
        )

    stored = reloaded(org.session, beta)
    assert (stored.name, stored.version) == ("Beta Ltd", 1)
    assert audit_rows(org.session, "customer.update") == []


def test_deleted_customer_is_not_found(org, acme):
    force_columns(org.session, acme, deleted_at=DAY, deleted_by_id=org.ids["rep_a1"])

    with pytest.raises(NotFound):
        get_customer(org.session, org.actor("rep_a1"), acme.id)


def test_detail_names_the_people_and_counts_contacts(org, acme):
    make_contact(org.session, org.actor("rep_a1"), acme, "Zhang Wei")
    edit(org, "leader_a", acme, level="A")

    detail = customer_detail(org.session, org.actor("rep_a1"), acme.id)

    assert {
        k: detail[k]
        for k in (
            "name",
            "owner",
            "created_by",
            "updated_by",
            "contact_count",
            "version",
            "level",
        )
    } == {
        "name": "ACME Co., Ltd.",
        "owner": "Rep A1",
        "created_by": "Rep A1",
        "updated_by": "Leader A",
        "contact_count": 1,
        "version": 2,
        "level": "A",
    }


def test_update_saves_fields_and_bumps_version(org, acme):
    edit(org, "rep_a1", acme, name="Acme Group", level="B", stage="intention")

    stored = reloaded(org.session, acme)
    assert (
        stored.name,
        stored.name_normalized,
        stored.level,
        stored.stage,
        stored.version,
    ) == ("Acme Group", "acmegroup", "B", "intention", 2)


def test_update_validation_errors_leave_the_row_unchanged(org, acme):
    with pytest.raises(ValidationFailed) as exc:
        edit(org, "rep_a1", acme, name="", email="bad")

    assert exc.value.errors == {
        "name": "Name is required.",
        "email": "Enter a valid email address.",
    }
    stored = reloaded(org.session, acme)
    assert (stored.name, stored.version) == ("ACME Co., Ltd.", 1)


def test_executive_cannot_edit(org, acme):
    with pytest.raises(PermissionDenied):
        edit(org, "exec", acme, name="Exec was here")


def test_stale_version_conflict_names_who_changed_it(org, acme):
    edit(org, "leader_a", acme, name="Changed by leader")

    with pytest.raises(Conflict) as exc:
        update_customer(
            org.session,
            org.actor("rep_a1"),
            acme.id,
            CustomerIn(name="My stale edit"),
            expected_version=1,
        )

    assert exc.value.params == {
        "name": "Leader A",
        "object_type": "customer",
        "object_id": acme.id,
    }
    stored = reloaded(org.session, acme)
    assert (stored.name, stored.version) == ("Changed by leader", 2)


def test_conflict_is_detected_even_when_the_session_holds_an_old_copy(org, acme):
    # Another transaction committed version 2 after this session loaded version 1.
    force_columns(
        org.session,
        acme,
        expire=False,
        version=2,
        name="Theirs",
        updated_by_id=org.ids["leader_a"],
    )

    with pytest.raises(Conflict) as exc:
        update_customer(
            org.session,
            org.actor("rep_a1"),
            acme.id,
            CustomerIn(name="Mine"),
            expected_version=1,
        )

    assert exc.value.params["name"] == "Leader A"
    assert reloaded(org.session, acme).name == "Theirs"


def test_conflict_after_a_logged_follow_up_names_its_author(org, acme):
    make_followup(
        org.session,
        org.actor("leader_a"),
        acme,
        next_followup_at=dt.datetime(2999, 1, 1),
    )

    with pytest.raises(Conflict) as exc:
        update_customer(
            org.session,
            org.actor("rep_a1"),
            acme.id,
            CustomerIn(name="Mine"),
            expected_version=1,
        )

    assert exc.value.params["name"] == "Leader A"


# --- list: search --------------------------------------------------------------


@pytest.fixture
def searchable(org):
    rep = org.actor("rep_a1")
    acme = make_customer(org.session, rep, "ACME 科技", mobile="138-0013-8000")
    make_customer(
        org.session, rep, "Globex", mobile="13900139000", phone="010-62345678"
    )
    initech = make_customer(org.session, rep, "Initech")
    make_contact(org.session, rep, initech, "Zhang Wei", mobile="186 0000 1111")
    make_contact(org.session, rep, acme, "Li Na")
    return rep


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("acme", ["ACME 科技"]),
        ("ＡＣＭＥ", ["ACME 科技"]),
        ("科技", ["ACME 科技"]),
        (" glob ", ["Globex"]),
        ("1380013", ["ACME 科技"]),
        ("010-6234", ["Globex"]),
        ("zhang", ["Initech"]),
        ("Zhang Wei", ["Initech"]),
        ("1860000", ["Initech"]),
        ("nobody", []),
    ],
)
def test_search(org, searchable, term, expected):
    assert listed(org, "rep_a1", search=term) == expected


def test_blank_search_lists_everything(org, searchable):
    assert len(listed(org, "rep_a1", search="   ")) == 3


def test_search_stays_inside_scope(org, searchable, beta):
    assert listed(org, "rep_b1", search="acme") == []


# --- list: filters --------------------------------------------------------------


@pytest.fixture
def catalogue(org):
    leader = org.actor("leader_a")
    alpha = make_customer(
        org.session,
        leader,
        "Alpha",
        owner_id=org.ids["rep_a1"],
        stage="intention",
        level="A",
        source="referral",
        industry="it",
        province="广东省",
        city="深圳市",
    )
    beta = make_customer(
        org.session,
        leader,
        "Beta",
        owner_id=org.ids["rep_a2"],
        level="B",
        source="web",
        industry="manufacturing",
        province="浙江省",
        city="杭州市",
    )
    gamma = make_customer(org.session, leader, "Gamma")
    return alpha, beta, gamma


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("stage", "intention", ["Alpha"]),
        ("level", "B", ["Beta"]),
        ("source", "referral", ["Alpha"]),
        ("industry", "manufacturing", ["Beta"]),
        ("province", "广东省", ["Alpha"]),
        ("city", "杭州市", ["Beta"]),
    ],
)
def test_filter(org, catalogue, field, value, expected):
    assert listed(org, **{field: value}) == expected


def test_filter_by_owner(org, catalogue):
    assert listed(org, owner_id=org.ids["rep_a2"]) == ["Beta"]


def test_filter_by_owner_outside_scope_finds_nothing(org, catalogue, beta):
    assert listed(org, owner_id=org.ids["rep_b1"]) == []


def test_filter_by_ids(org, catalogue):
    alpha, _, gamma = catalogue

    assert sorted(listed(org, ids=(alpha.id, gamma.id))) == ["Alpha", "Gamma"]


@pytest.mark.parametrize(
    ("bounds", "expected"),
    [
        (
            {"created_from": dt.date(2024, 1, 10), "created_to": dt.date(2024, 1, 20)},
            ["Alpha", "Beta"],
        ),
        ({"created_from": dt.date(2024, 1, 11)}, ["Beta", "Gamma"]),
        ({"created_to": dt.date(2024, 1, 9)}, []),
        (
            {
                "followup_from": dt.date(2024, 1, 10),
                "followup_to": dt.date(2024, 1, 20),
            },
            ["Alpha", "Beta"],
        ),
        ({"followup_from": dt.date(2024, 1, 11)}, ["Beta", "Gamma"]),
    ],
)
def test_date_range_filters_include_whole_days(org, catalogue, bounds, expected):
    for customer, when in zip(
        catalogue,
        (DAY, dt.datetime(2024, 1, 20, 23, 59), dt.datetime(2024, 2, 1)),
        strict=True,
    ):
        force_columns(org.session, customer, created_at=when, last_followup_at=when)

    assert sorted(listed(org, **bounds)) == expected


def test_followup_range_excludes_customers_never_followed_up(org, catalogue):
    force_columns(org.session, catalogue[0], last_followup_at=DAY)

    assert listed(org, followup_from=dt.date(2000, 1, 1)) == ["Alpha"]


def test_stage_counts_follow_the_filters_but_not_the_stage_tab(org, catalogue):
    leader = org.actor("leader_a")
    make_customer(org.session, leader, "Alpha 2", level="A", stage="cooperating")
    make_customer(org.session, leader, "Alpha 3", level="A")

    page = list_customers(
        org.session, leader, CustomerFilter(level="A", stage="intention")
    )

    assert names(page) == ["Alpha"]
    assert page.extra["stage_counts"] == {
        "potential": 1,
        "intention": 1,
        "cooperating": 1,
        "dormant": 0,
        "all": 3,
    }


def test_stage_counts_follow_the_focus(org, catalogue):
    page = list_customers(
        org.session, org.actor("leader_a", focus="me"), CustomerFilter()
    )

    assert page.extra["stage_counts"]["all"] == 1


def test_rows_carry_the_owner_name(org, catalogue):
    page = list_customers(
        org.session, org.actor("leader_a"), CustomerFilter(search="alpha")
    )

    assert (page.rows[0]["owner_id"], page.rows[0]["owner"]) == (
        org.ids["rep_a1"],
        "Rep A1",
    )


# --- list: sorting and paging ---------------------------------------------------


def stamp(org, customers, column, hours):
    for customer, hour in zip(customers, hours, strict=True):
        values = {column: None if hour is None else DAY + dt.timedelta(hours=hour)}
        if column != "updated_at":
            values["updated_at"] = DAY
        force_columns(org.session, customer, **values)


@pytest.mark.parametrize(
    ("sort", "column"),
    [
        ("created", "created_at"),
        ("updated", "updated_at"),
        ("next_followup", "next_followup_at"),
    ],
)
def test_sort_by_time_newest_first_and_reversed(org, catalogue, sort, column):
    stamp(org, catalogue, column, [2, 3, 1])

    assert listed(org, sort=sort) == ["Beta", "Alpha", "Gamma"]
    assert listed(org, sort=sort, descending=False) == ["Gamma", "Alpha", "Beta"]


@pytest.mark.parametrize("descending", [True, False])
def test_sort_by_last_followup_puts_never_followed_up_last(org, catalogue, descending):
    stamp(org, catalogue, "last_followup_at", [2, None, 1])

    expected = ["Alpha", "Gamma"] if descending else ["Gamma", "Alpha"]
    assert listed(org, sort="last_followup", descending=descending) == [
        *expected,
        "Beta",
    ]


def test_sort_by_name(org, catalogue):
    assert listed(org, sort="name", descending=False) == ["Alpha", "Beta", "Gamma"]


def test_unknown_sort_falls_back_to_recently_updated(org, catalogue):
    stamp(org, catalogue, "updated_at", [1, 3, 2])

    assert listed(org, sort="id; drop table customers") == ["Beta", "Gamma", "Alpha"]


def test_sort_by_recently_viewed(org, catalogue):
    alpha, beta, gamma = catalogue
    leader = org.actor("leader_a")
    for customer in (alpha, gamma, alpha):
        customer_detail(org.session, leader, customer.id)
    customer_detail(org.session, org.actor("rep_a2"), beta.id)

    assert listed(org, sort="viewed") == ["Alpha", "Gamma", "Beta"]


def test_paging_totals_and_page_count(org):
    rep = org.actor("rep_a1")
    for number in range(5):
        make_customer(org.session, rep, f"Customer {number}")

    page = list_customers(
        org.session,
        rep,
        CustomerFilter(sort="name", descending=False, page=3, page_size=2),
    )

    assert (names(page), page.total, page.page, page.page_count) == (
        ["Customer 4"],
        5,
        3,
        3,
    )


def test_empty_list_has_one_page(org):
    page = list_customers(org.session, org.actor("rep_a1"), CustomerFilter())

    assert (page.rows, page.total, page.page_count) == ([], 0, 1)


@pytest.mark.parametrize(
    ("page", "size", "expected"),
    [(0, None, (1, 20)), (-3, -5, (1, 1)), (2, 10_000, (1, 200))],
)
def test_paging_input_is_clamped(org, page, size, expected):
    result = list_customers(
        org.session, org.actor("rep_a1"), CustomerFilter(page=page, page_size=size)
    )

    assert (result.page, result.page_size) == expected


def test_a_page_past_the_end_shows_the_last_page(org, catalogue):
    result = list_customers(
        org.session,
        org.actor("leader_a"),
        CustomerFilter(sort="name", descending=False, page=9, page_size=2),
    )

    assert (result.page, names(result)) == (2, ["Gamma"])


# --- audit ---------------------------------------------------------------------


def test_create_writes_an_audit_row_with_the_new_values(org, acme):
    (row,) = audit_rows(org.session, "customer.create")

    assert (row.actor_id, row.object_type, row.object_id, row.before) == (
        org.ids["rep_a1"],
        "customer",
        acme.id,
        None,
    )
    assert row.after["name"] == "ACME Co., Ltd."
    assert row.after["mobile"] == "138-0013-8000"
    assert row.after["owner_id"] == org.ids["rep_a1"]
    assert not {"version", "name_normalized", "mobile_normalized"} & row.after.keys()


def test_update_audits_only_the_changed_fields(org, acme):
    edit(org, "leader_a", acme, name="Acme Group", level="A")

    (row,) = audit_rows(org.session, "customer.update")
    assert (row.actor_id, row.object_id, row.before, row.after) == (
        org.ids["leader_a"],
        acme.id,
        {"name": "ACME Co., Ltd.", "level": None},
        {"name": "Acme Group", "level": "A"},
    )


def test_update_without_changes_writes_no_audit_row(org, acme):
    edit(org, "rep_a1", acme)

    assert audit_rows(org.session, "customer.update") == []


def test_audit_row_shares_the_transaction_of_the_change(org):
    with pytest.raises(RuntimeError), org.session.begin_nested():
        make_customer(org.session, org.actor("rep_a1"), "Rolled back")
        raise RuntimeError("the request failed later")

    assert org.session.scalar(select(func.count()).select_from(Customer)) == 0
    assert audit_rows(org.session, "customer.create") == []


# --- pickers ---------------------------------------------------------------------


def test_choices_match_the_term_within_scope(org, acme, beta):
    make_customer(org.session, org.actor("rep_a1"), "Globex")

    assert customer_choices(org.session, org.actor("rep_a1"), "ａｃｍｅ") == [
        (acme.id, "ACME Co., Ltd.")
    ]


def test_choices_never_include_customers_outside_scope(org, acme, beta):
    choices = customer_choices(
        org.session, org.actor("rep_a1"), None, include_id=beta.id
    )

    assert choices == [(acme.id, "ACME Co., Ltd.")]


def test_choices_keep_the_preselected_customer(org, acme):
    make_customer(org.session, org.actor("rep_a1"), "Globex")

    choices = customer_choices(
        org.session, org.actor("rep_a1"), "globex", include_id=acme.id
    )

    assert [name for _, name in choices] == ["Globex", "ACME Co., Ltd."]


@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("sort", ["updated", "last_followup", "name", "viewed"])
def test_pages_read_from_the_end_or_by_ids_first_keep_the_one_order(
    org, monkeypatch, sort, descending
):
    rep = org.actor("rep_a1")
    for n in range(9):
        customer = make_customer(org.session, rep, f"Customer {n}")
        force_columns(
            org.session,
            customer,
            updated_at=dt.datetime(2026, 1, 1 + n % 3),  # ties: the id decides
            last_followup_at=None if n % 4 == 0 else dt.datetime(2026, 2, 1 + n),
        )
    whole = listed(org, "rep_a1", sort=sort, descending=descending, page_size=20)

    def pages() -> list[str]:
        # Pages 3 to 5 lie in the back half: read from the end, then reversed.
        return sum(
            (
                listed(
                    org,
                    "rep_a1",
                    sort=sort,
                    descending=descending,
                    page=page,
                    page_size=2,
                )
                for page in range(1, 6)
            ),
            [],
        )

    assert sorted(whole) == [f"Customer {n}" for n in range(9)]
    assert pages() == whole
    monkeypatch.setattr(paging, "DEEP_OFFSET", 0)
    assert pages() == whole

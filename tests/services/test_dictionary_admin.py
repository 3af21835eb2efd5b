"""Dictionary administration: add, relabel, reorder, disable/enable, delete, with
the admin.settings permission, field errors, in-use rules and audit rows."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import DictionaryEntry
from models.dictionary import DICTIONARY_KINDS
from services import dictionaries
from services.customers import CustomerIn, update_customer
from services.dictionary_admin import (
    DICTIONARY_USAGE,
    EntryIn,
    create_entry,
    delete_entry,
    entry_in_use,
    get_entry,
    list_entries,
    move_entry,
    set_entry_active,
    update_entry,
)
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.factories import audit_rows, make_customer, make_followup, reloaded


def entry(session, kind: str, code: str) -> DictionaryEntry:
    return session.scalar(
        select(DictionaryEntry).where(
            DictionaryEntry.kind == kind, DictionaryEntry.code == code
        )
    )


def codes(org, kind: str = "customer_source") -> list[str]:
    return [row["code"] for row in list_entries(org.session, org.actor("admin"), kind)]


def add(
    org, label_en="Cold call", label_zh="陌生拜访", code=None, kind="customer_source"
):
    return create_entry(
        org.session,
        org.actor("admin"),
        EntryIn(kind=kind, label_en=label_en, label_zh=label_zh, code=code),
    )


# permission -----------------------------------------------------------------


@pytest.mark.parametrize("user", ["rep_a1", "leader_a", "exec"])
def test_only_admin_settings_may_administer(org, user):
    actor = org.actor(user)
    web = entry(org.session, "customer_source", "web")
    calls = [
        lambda: list_entries(org.session, actor, "customer_source"),
        lambda: get_entry(org.session, actor, web.id),
        lambda: create_entry(
            org.session, actor, EntryIn("customer_source", "Fax", "传真")
        ),
        lambda: update_entry(org.session, actor, web.id, label_en="X", label_zh="X"),
        lambda: move_entry(org.session, actor, web.id, up=True),
        lambda: set_entry_active(org.session, actor, web.id, active=False),
        lambda: delete_entry(org.session, actor, web.id),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    stored = reloaded(org.session, web)
    assert (stored.label_en, stored.sort_order, stored.is_active) == (
        "Website",
        1,
        True,
    )
    assert codes(org) == ["referral", "web", "expo"]
    assert audit_rows(org.session, "dictionary.create") == []


def test_permission_is_checked_before_validation(org):
    with pytest.raises(PermissionDenied):
        create_entry(org.session, org.actor("rep_a1"), EntryIn("no-such-kind"))


# list -------------------------------------------------------------------------


def test_every_kind_is_listable(org):
    admin = org.actor("admin")
    for kind in DICTIONARY_KINDS:
        list_entries(org.session, admin, kind)  # no error
    assert set(DICTIONARY_USAGE) <= set(DICTIONARY_KINDS)


def test_unknown_kind_is_a_field_error(org):
    with pytest.raises(ValidationFailed) as exc:
        list_entries(org.session, org.actor("admin"), "planets")

    assert exc.value.errors == {"kind": "Choose a value from the list."}


def test_list_shows_inactive_entries_in_display_order(org):
    set_entry_active(
        org.session,
        org.actor("admin"),
        entry(org.session, "customer_source", "web").id,
        active=False,
    )

    rows = list_entries(org.session, org.actor("admin"), "customer_source")

    assert [(r["code"], r["is_active"]) for r in rows] == [
        ("referral", True),
        ("web", False),
        ("expo", True),
    ]


# create -----------------------------------------------------------------------


def test_create_generates_the_code_from_the_english_label(org):
    created = add(org, "Cold call!", "陌生拜访")

    assert created.code == "cold_call"
    assert codes(org)[-1] == "cold_call"
    assert created.is_active


def test_create_appends_at_the_end(org):
    created = add(org)

    assert created.sort_order == 3  # after referral, web, expo (0, 1, 2)


def test_generated_code_gets_a_suffix_when_taken(org):
    add(org, "Cold call", "陌生拜访", code="cold_call")

    created = add(org, "Cold-call", "电话陌拜")

    assert created.code == "cold_call_2"


def test_label_without_ascii_gets_a_generic_code(org):
    assert add(org, "微信", "微信").code == "entry"


def test_entered_code_is_kept_lowercased(org):
    assert add(org, code=" Cold-Call ").code == "cold-call"


def test_entered_code_must_be_unique_within_its_kind(org):
    with pytest.raises(ValidationFailed) as exc:
        add(org, code="web")

    assert exc.value.errors == {"code": "This code is already used in this list."}


def test_same_code_in_another_kind_is_fine(org):
    assert add(org, "Web industry", "互联网", code="web", kind="industry").code == "web"


def test_create_collects_every_field_error(org):
    with pytest.raises(ValidationFailed) as exc:
        add(org, label_en=" ", label_zh="x" * 101, code="bad code!")

    assert exc.value.errors == {
        "label_en": "This field is required.",
        "label_zh": "At most 100 characters.",
        "code": (
            "Use up to 50 lower-case letters, digits, - or _, "
            "starting with a letter or digit."
        ),
    }
    assert codes(org) == ["referral", "web", "expo"]


def test_labels_must_be_unique_within_a_kind(org):
    with pytest.raises(ValidationFailed) as exc:
        add(org, label_en="website", label_zh="展会")

    assert exc.value.errors == {
        "label_en": "Another entry in this list has this label.",
        "label_zh": "Another entry in this list has this label.",
    }


def test_create_writes_an_audit_row(org):
    created = add(org)

    (row,) = audit_rows(org.session, "dictionary.create")
    assert (row.object_type, row.object_id, row.actor_id) == (
        "dictionary_entry",
        created.id,
        org.ids["admin"],
    )
    assert row.after["code"] == "cold_call"
    assert row.after["label_zh"] == "陌生拜访"


def test_new_entry_is_offered_in_forms(org):
    add(org)

    offered = dictionaries.options(org.session, "customer_source", "zh_CN")

    assert offered[-1] == {"label": "陌生拜访", "value": "cold_call"}


# update -----------------------------------------------------------------------


def test_update_changes_labels_not_the_code(org):
    web = entry(org.session, "customer_source", "web")

    update_entry(
        org.session, org.actor("admin"), web.id, label_en="Web site", label_zh="网站"
    )

    stored = reloaded(org.session, web)
    assert (stored.code, stored.label_en, stored.label_zh) == (
        "web",
        "Web site",
        "网站",
    )
    (row,) = audit_rows(org.session, "dictionary.update")
    assert (row.before, row.after) == (
        {"label_en": "Website", "label_zh": "官网"},
        {"label_en": "Web site", "label_zh": "网站"},
    )


def test_update_keeping_its_own_label_is_fine(org):
    web = entry(org.session, "customer_source", "web")

    update_entry(
        org.session, org.actor("admin"), web.id, label_en="Website", label_zh="网站"
    )

    assert reloaded(org.session, web).label_zh == "网站"


def test_update_without_change_writes_no_audit_row(org):
    web = entry(org.session, "customer_source", "web")

    update_entry(
        org.session, org.actor("admin"), web.id, label_en="Website", label_zh="官网"
    )

    assert audit_rows(org.session, "dictionary.update") == []


def test_update_validates_labels(org):
    web = entry(org.session, "customer_source", "web")

    with pytest.raises(ValidationFailed) as exc:
        update_entry(
            org.session, org.actor("admin"), web.id, label_en="Referral", label_zh=""
        )

    assert exc.value.errors == {
        "label_en": "Another entry in this list has this label.",
        "label_zh": "This field is required.",
    }
    assert reloaded(org.session, web).label_en == "Website"


def test_update_of_a_missing_entry_is_not_found(org):
    with pytest.raises(NotFound):
        update_entry(
            org.session, org.actor("admin"), 987654, label_en="A", label_zh="B"
        )


# reorder ----------------------------------------------------------------------


def test_move_up_and_down_swaps_with_the_neighbour(org):
    admin = org.actor("admin")
    expo = entry(org.session, "customer_source", "expo")

    assert move_entry(org.session, admin, expo.id, up=True)
    assert codes(org) == ["referral", "expo", "web"]
    assert move_entry(org.session, admin, expo.id, up=True)
    assert codes(org) == ["expo", "referral", "web"]
    assert move_entry(org.session, admin, expo.id, up=False)
    assert codes(org) == ["referral", "expo", "web"]


def test_move_past_either_end_does_nothing(org):
    admin = org.actor("admin")

    assert not move_entry(
        org.session,
        admin,
        entry(org.session, "customer_source", "referral").id,
        up=True,
    )
    assert not move_entry(
        org.session, admin, entry(org.session, "customer_source", "expo").id, up=False
    )
    assert codes(org) == ["referral", "web", "expo"]
    assert audit_rows(org.session, "dictionary.reorder") == []


def test_move_renumbers_lists_with_equal_sort_orders(org):
    for code in ("referral", "web", "expo"):
        entry(org.session, "customer_source", code).sort_order = 0
    org.session.flush()
    # Equal sort orders fall back to id order: referral, web, expo.

    move_entry(
        org.session,
        org.actor("admin"),
        entry(org.session, "customer_source", "expo").id,
        up=True,
    )

    assert codes(org) == ["referral", "expo", "web"]
    orders = [
        r["sort_order"]
        for r in list_entries(org.session, org.actor("admin"), "customer_source")
    ]
    assert orders == [0, 1, 2]


def test_move_is_audited_and_reflected_in_form_options(org):
    expo = entry(org.session, "customer_source", "expo")

    move_entry(org.session, org.actor("admin"), expo.id, up=True)

    (row,) = audit_rows(org.session, "dictionary.reorder")
    assert (row.object_id, row.before, row.after) == (
        expo.id,
        {"sort_order": 2},
        {"sort_order": 1},
    )
    values = [
        o["value"] for o in dictionaries.options(org.session, "customer_source", "en")
    ]
    assert values == ["referral", "expo", "web"]


# disable / enable -------------------------------------------------------------


def test_disabled_entry_leaves_new_forms_but_history_stays_readable(org):
    rep = org.actor("rep_a1")
    customer = make_customer(org.session, rep, "Acme", source="web")
    web = entry(org.session, "customer_source", "web")

    set_entry_active(org.session, org.actor("admin"), web.id, active=False)

    new_form = dictionaries.options(org.session, "customer_source", "en")
    assert "web" not in [o["value"] for o in new_form]
    edit_form = dictionaries.options(
        org.session, "customer_source", "en", include_code=customer.source
    )
    assert {"label": "Website", "value": "web"} in edit_form
    assert dictionaries.labels(org.session, "zh_CN")[("customer_source", "web")] == (
        "官网"
    )
    assert "web" not in dictionaries.active_codes(org.session, "customer_source")


def test_disabled_entry_cannot_be_chosen_for_new_records(org):
    set_entry_active(
        org.session,
        org.actor("admin"),
        entry(org.session, "customer_source", "web").id,
        active=False,
    )

    with pytest.raises(ValidationFailed) as exc:
        make_customer(org.session, org.actor("rep_a1"), "Acme", source="web")

    assert exc.value.errors == {"source": "Choose a value from the list."}


def test_record_keeping_a_disabled_value_can_still_be_edited(org):
    rep = org.actor("rep_a1")
    customer = make_customer(org.session, rep, "Acme", source="web")
    set_entry_active(
        org.session,
        org.actor("admin"),
        entry(org.session, "customer_source", "web").id,
        active=False,
    )

    # The edit form keeps "web" (include_code) and sends it back unchanged.
    update_customer(
        org.session,
        rep,
        customer.id,
        CustomerIn(name="Acme Ltd", source="web"),
        expected_version=customer.version,
    )

    assert reloaded(org.session, customer).name == "Acme Ltd"


def test_disabled_followup_type_keeps_its_label_on_old_followups(org):
    rep = org.actor("rep_a1")
    customer = make_customer(org.session, rep, "Acme")
    make_followup(org.session, rep, customer, followup_type="visit")

    set_entry_active(
        org.session,
        org.actor("admin"),
        entry(org.session, "followup_type", "visit").id,
        active=False,
    )

    assert dictionaries.labels(org.session, "en")[("followup_type", "visit")] == "Visit"
    assert "visit" not in [
        o["value"] for o in dictionaries.options(org.session, "followup_type", "en")
    ]


def test_enable_brings_the_entry_back(org):
    admin = org.actor("admin")
    web = entry(org.session, "customer_source", "web")
    set_entry_active(org.session, admin, web.id, active=False)

    set_entry_active(org.session, admin, web.id, active=True)

    assert "web" in [
        o["value"] for o in dictionaries.options(org.session, "customer_source", "en")
    ]
    actions = [
        row.action
        for row in audit_rows(org.session, object_id=web.id)
        if row.object_type == "dictionary_entry"
    ]
    assert actions == ["dictionary.disable", "dictionary.enable"]


def test_setting_the_same_state_twice_writes_one_audit_row(org):
    admin = org.actor("admin")
    web = entry(org.session, "customer_source", "web")

    set_entry_active(org.session, admin, web.id, active=False)
    set_entry_active(org.session, admin, web.id, active=False)

    assert len(audit_rows(org.session, "dictionary.disable")) == 1


# delete -----------------------------------------------------------------------


def test_unused_entry_can_be_deleted(org):
    web = entry(org.session, "customer_source", "web")
    web_id = web.id

    delete_entry(org.session, org.actor("admin"), web_id)

    assert codes(org) == ["referral", "expo"]
    (row,) = audit_rows(org.session, "dictionary.delete")
    assert (row.object_id, row.before["code"], row.after) == (web_id, "web", None)


@pytest.mark.parametrize(
    ("kind", "code", "fields"),
    [
        ("customer_source", "web", {"source": "web"}),
        ("industry", "it", {"industry": "it"}),
        ("customer_level", "A", {"level": "A"}),
    ],
)
def test_entry_used_by_a_customer_cannot_be_deleted(org, kind, code, fields):
    make_customer(org.session, org.actor("rep_a1"), "Acme", **fields)
    target = entry(org.session, kind, code)

    with pytest.raises(Conflict) as exc:
        delete_entry(org.session, org.actor("admin"), target.id)

    assert "disable it instead" in exc.value.message
    assert reloaded(org.session, target) is not None
    assert audit_rows(org.session, "dictionary.delete") == []


def test_entry_used_by_a_followup_cannot_be_deleted(org):
    rep = org.actor("rep_a1")
    make_followup(
        org.session,
        rep,
        make_customer(org.session, rep, "Acme"),
        "Hi",
        followup_type="email",
    )

    with pytest.raises(Conflict):
        delete_entry(
            org.session,
            org.actor("admin"),
            entry(org.session, "followup_type", "email").id,
        )


def test_customer_in_the_recycle_bin_still_counts_as_use(org):
    from services.recycle_bin import delete_customers

    rep = org.actor("rep_a1")
    customer = make_customer(org.session, rep, "Acme", source="expo")
    delete_customers(org.session, rep, [customer.id])

    assert entry_in_use(org.session, "customer_source", "expo")


def test_disabled_entry_in_use_still_cannot_be_deleted(org):
    admin = org.actor("admin")
    make_customer(org.session, org.actor("rep_a1"), "Acme", source="web")
    web = entry(org.session, "customer_source", "web")
    set_entry_active(org.session, admin, web.id, active=False)

    with pytest.raises(Conflict):
        delete_entry(org.session, admin, web.id)


def test_delete_of_a_missing_entry_is_not_found(org):
    with pytest.raises(NotFound):
        delete_entry(org.session, org.actor("admin"), 987654)

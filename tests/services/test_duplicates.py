"""Duplicate check: normalised exact matches, bounded similar names, every scope
and the pool searched, details only for records in the actor's scope."""

import pytest

from services.duplicates import (
    LIMITED_KEYS,
    SIMILAR_LIMIT,
    DuplicateQuery,
    find_duplicate_customers,
)
from services.errors import PermissionDenied, ValidationFailed
from tests.factories import force_columns, make_customer

FULL_KEYS = {
    "id",
    "name",
    "mobile",
    "phone",
    "stage",
    "created_at",
    "owner",
    "team",
    "in_pool",
    "matches",
    "in_scope",
}


def check(org, viewer="rep_a1", name=None, mobile=None):
    return find_duplicate_customers(
        org.session, org.actor(viewer), DuplicateQuery(name=name, mobile=mobile)
    )


def found(org, viewer="rep_a1", **query) -> list[tuple[str, list[str]]]:
    return [(row["name"], row["matches"]) for row in check(org, viewer, **query).rows]


@pytest.fixture
def acme(org):
    return make_customer(
        org.session, org.actor("rep_a1"), "Acme Trading Co.", mobile="13912345678"
    )


# --- normalisation ----------------------------------------------------------------


def test_exact_name_match(org, acme):
    assert found(org, name="Acme Trading Co.") == [("Acme Trading Co.", ["name_exact"])]


@pytest.mark.parametrize(
    "variant",
    [
        "acme trading co",  # case, punctuation
        "ACME  TRADING  CO.",  # spaces
        "Ａｃｍｅ　Ｔｒａｄｉｎｇ　Ｃｏ．",  # full-width letters, space and dot
        "Acme-Trading, Co!",  # punctuation
        " acme·trading（co） ",  # CJK punctuation and brackets
    ],
)
def test_name_variants_match_after_normalisation(org, acme, variant):
    assert found(org, name=variant) == [("Acme Trading Co.", ["name_normalized"])]


def test_exact_mobile_match(org, acme):
    assert found(org, mobile="13912345678") == [("Acme Trading Co.", ["mobile_exact"])]


@pytest.mark.parametrize(
    "variant",
    [
        "+86 139 1234 5678",
        "+86-13912345678",
        "008613912345678",
        "0086 139-1234-5678",
        "１３９１２３４５６７８",  # full-width digits
        "(139) 1234 5678",
    ],
)
def test_mobile_variants_match_after_normalisation(org, acme, variant):
    assert found(org, mobile=variant) == [("Acme Trading Co.", ["mobile_normalized"])]


def test_stored_variant_matches_a_plain_query(org):
    make_customer(
        org.session, org.actor("rep_a1"), "Ｚｅｎ　Ｌｔｄ", mobile="+86 139 0000 1111"
    )

    assert found(org, name="zen ltd", mobile="13900001111") == [
        ("Ｚｅｎ　Ｌｔｄ", ["name_normalized", "mobile_normalized"])
    ]


def test_landline_field_matches_a_mobile_query(org):
    make_customer(org.session, org.actor("rep_a1"), "Desk", phone="139-0000-2222")

    assert found(org, mobile="13900002222") == [("Desk", ["mobile_normalized"])]


def test_name_or_mobile_both_searched(org, acme):
    make_customer(org.session, org.actor("rep_a1"), "Other", mobile="13700000000")

    assert found(org, name="other", mobile="13912345678") == [
        ("Acme Trading Co.", ["mobile_exact"]),
        ("Other", ["name_normalized"]),
    ]


def test_nothing_found(org, acme):
    assert check(org, name="Nobody", mobile="13800000000").rows == []


# --- similar names -------------------------------------------------------------------


def test_similar_names_rank_after_exact_prefix_before_contains(org, acme):
    actor = org.actor("rep_a1")
    for name in ("Big Acme", "ACME", "Acme Trading Co. Shanghai", "Acmes"):
        make_customer(org.session, actor, name)

    assert found(org, name="acme") == [
        ("ACME", ["name_normalized"]),
        ("Acmes", ["name_prefix"]),
        ("Acme Trading Co.", ["name_prefix"]),
        ("Acme Trading Co. Shanghai", ["name_prefix"]),
        ("Big Acme", ["name_contains"]),
    ]


def test_similar_names_need_a_minimum_length(org):
    make_customer(org.session, org.actor("rep_a1"), "AB Corp")
    make_customer(org.session, org.actor("rep_a1"), "A")

    assert found(org, name="A") == [("A", ["name_exact"])]
    assert found(org, name="ab") == [("AB Corp", ["name_prefix"])]


def test_similar_names_are_bounded(org):
    actor = org.actor("rep_a1")
    for number in range(SIMILAR_LIMIT + 5):
        make_customer(org.session, actor, f"Widget {number:02d}")

    result = check(org, name="widget")

    assert len(result.rows) == SIMILAR_LIMIT
    assert result.truncated


def test_prefix_matches_are_kept_when_many_names_contain_the_term(org):
    actor = org.actor("rep_a1")
    for number in range(SIMILAR_LIMIT + 5):
        make_customer(org.session, actor, f"Big Widget {number:02d}")
    for name in ("Widget North", "Widget South"):
        make_customer(org.session, actor, name)

    result = check(org, name="widget")

    kinds = [row["matches"] for row in result.rows]
    assert len(kinds) == SIMILAR_LIMIT and result.truncated
    assert [row["name"] for row in result.rows[:2]] == ["Widget North", "Widget South"]
    assert kinds[2:] == [["name_contains"]] * (SIMILAR_LIMIT - 2)


def test_chinese_names(org):
    make_customer(org.session, org.actor("rep_a1"), "上海华为科技有限公司")

    assert found(org, name="华为科技") == [("上海华为科技有限公司", ["name_contains"])]
    assert found(org, name="上海 华为科技有限公司") == [
        ("上海华为科技有限公司", ["name_normalized"])
    ]


# --- scope and privacy ----------------------------------------------------------------


def test_every_scope_and_the_pool_are_searched(org):
    make_customer(org.session, org.actor("rep_a1"), "Twin", mobile="13911110000")
    make_customer(org.session, org.actor("rep_b1"), "Twin")
    pooled = make_customer(org.session, org.actor("admin"), "twin")
    force_columns(org.session, pooled, owner_id=None)
    deleted = make_customer(org.session, org.actor("rep_a2"), "TWIN")
    force_columns(org.session, deleted, deleted_at=deleted.created_at)

    rows = check(org, "rep_a1", name="Twin").rows

    assert sorted((r["name"], r["owner"], r["team"], r["in_pool"]) for r in rows) == [
        ("Twin", "Rep A1", "Team A", False),
        ("Twin", "Rep B1", "Team B", False),
        ("twin", "", "", True),
    ]


def test_rows_outside_the_scope_carry_only_name_owner_and_team(org):
    mine = make_customer(org.session, org.actor("rep_a1"), "Twin", mobile="13911110000")
    make_customer(
        org.session,
        org.actor("rep_b1"),
        "Twin",
        mobile="13911110000",
        email="b@example.com",
    )

    rows = check(org, "rep_a1", mobile="13911110000").rows

    inside = [r for r in rows if r["in_scope"]]
    outside = [r for r in rows if not r["in_scope"]]
    assert [(set(r), r["id"], r["mobile"]) for r in inside] == [
        (FULL_KEYS, mine.id, "13911110000")
    ]
    assert outside == [
        {
            "name": "Twin",
            "owner": "Rep B1",
            "team": "Team B",
            "in_pool": False,
            "matches": ["mobile_exact"],
            "in_scope": False,
        }
    ]
    assert set(LIMITED_KEYS) == set(outside[0])


def test_pool_rows_are_limited_even_for_an_admin(org):
    pooled = make_customer(org.session, org.actor("admin"), "Pooled")
    force_columns(org.session, pooled, owner_id=None)

    (row,) = check(org, "admin", name="pooled").rows

    assert set(row) == set(LIMITED_KEYS)
    assert row["in_pool"]


def test_leader_sees_details_of_the_team_only(org):
    make_customer(org.session, org.actor("rep_a2"), "Twin")
    make_customer(org.session, org.actor("rep_b1"), "Twin")

    rows = check(org, "leader_a", name="twin").rows

    assert sorted((r["owner"], r["in_scope"]) for r in rows) == [
        ("Rep A2", True),
        ("Rep B1", False),
    ]


def test_admin_sees_every_owned_record_in_full(org):
    make_customer(org.session, org.actor("rep_b1"), "Twin")

    (row,) = check(org, "admin", name="twin").rows

    assert row["in_scope"] and set(row) == FULL_KEYS


# --- input ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", [None, "", "   ", "!!!"])
def test_a_name_or_a_mobile_is_required(org, name):
    with pytest.raises(ValidationFailed) as exc:
        check(org, name=name, mobile="  ")

    assert exc.value.errors == {
        "name": "Enter a name or a mobile number.",
        "mobile": "Enter a name or a mobile number.",
    }


def test_field_errors_at_once(org):
    with pytest.raises(ValidationFailed) as exc:
        check(org, name="x" * 201, mobile="call me")

    assert exc.value.errors == {
        "name": "At most 200 characters.",
        "mobile": "Enter the digits of a phone number.",
    }


def test_mobile_length_is_checked(org):
    with pytest.raises(ValidationFailed) as exc:
        check(org, mobile="1" * 31)

    assert exc.value.errors == {"mobile": "At most 30 characters."}


def test_users_without_customer_view_cannot_check(org):
    from services.users import ensure_roles

    roles = ensure_roles(org.session)
    roles["finance"].permissions = []
    org.add_user("auditor", "finance", org.company)

    with pytest.raises(PermissionDenied):
        check(org, "auditor", name="Acme")

"""Leads: validation, scope, lists, locking, delete, lead pool, follow-ups and
conversion (one transaction; the lead becomes read-only)."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from models import Contact, Customer, FollowUp, Lead
from models.base import utcnow
from services.customers import DuplicateFound, customer_detail
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.lead_followups import (
    LeadFollowUpIn,
    create_lead_followup,
    lead_timeline,
)
from services.leads import (
    ConvertIn,
    LeadFilter,
    LeadIn,
    LeadPoolFilter,
    claim_lead,
    claim_leads,
    convert_lead,
    create_lead,
    delete_leads,
    get_lead,
    lead_detail,
    lead_log,
    list_lead_pool,
    list_leads,
    release_leads,
    update_lead,
)
from services.users import set_user_active
from tests.factories import (
    audit_rows,
    form_values,
    make_customer,
    make_followup,
    make_lead,
    make_lead_followup,
    reloaded,
)

# Owners of one lead each, and who sees which (see tests/factories.py).
OWNERS = ("admin", "leader_a", "rep_a1", "rep_a2", "rep_a3", "rep_b1")
VISIBLE = {
    "rep_a1": {"rep_a1"},
    "rep_b1": {"rep_b1"},
    "leader_a": {"leader_a", "rep_a1", "rep_a2", "rep_a3"},
    "admin": set(OWNERS),
}
OUT_OF_SCOPE = [
    (viewer, owner)
    for viewer, seen in VISIBLE.items()
    for owner in OWNERS
    if owner not in seen
]


@pytest.fixture
def lead_per_owner(org):
    org.add_sub_team()
    return {
        owner: make_lead(org.session, org.actor(owner), f"Lead of {owner}")
        for owner in OWNERS
    }


@pytest.fixture
def zhang(org):
    return make_lead(
        org.session,
        org.actor("rep_a1"),
        "Zhang Wei",
        company="Harbour Trading",
        mobile="13800138000",
        email="zhang@example.com",
        source="web",
        remark="Met at the expo",
    )


def create_errors(org, actor="rep_a1", **fields) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as exc:
        create_lead(org.session, org.actor(actor), LeadIn(**fields))
    return exc.value.errors


def edit(org, actor_name, lead, **fields):
    current = form_values(lead, LeadIn)
    return update_lead(
        org.session,
        org.actor(actor_name),
        lead.id,
        LeadIn(**current | fields),
        expected_version=lead.version,
    )


def convert(org, actor_name, lead, **fields):
    data = {"owner_id": org.ids[actor_name]} | fields
    allow = data.pop("allow_duplicate", False)
    return convert_lead(
        org.session,
        org.actor(actor_name),
        lead.id,
        ConvertIn(**data),
        expected_version=lead.version,
        allow_duplicate=allow,
    )


def listed(org, viewer="rep_a1", **flt) -> list[str]:
    page = list_leads(org.session, org.actor(viewer), LeadFilter(**flt))
    return [row["name"] for row in page.rows]


# --- create / validation ------------------------------------------------------


@pytest.mark.parametrize("name", [None, "", "   "])
def test_name_is_required(org, name):
    assert create_errors(org, name=name) == {"name": "Name is required."}


def test_every_field_error_is_reported_at_once(org):
    errors = create_errors(
        org,
        name="x" * 101,
        company="c" * 201,
        mobile="12345",
        phone="12",
        email="nope",
        source="tv",
        status="converted",
        remark="r" * 2001,
        owner_id=org.ids["rep_b1"],
    )

    assert errors == {
        "name": "At most 100 characters.",
        "company": "At most 200 characters.",
        "mobile": "Enter an 11-digit mobile number starting with 1.",
        "phone": "Enter a valid phone number (digits, spaces, +, - and brackets).",
        "email": "Enter a valid email address.",
        "source": "Choose a value from the list.",
        "status": "Choose a value from the list.",
        "remark": "At most 2000 characters.",
        "owner_id": "Choose an active user within your scope.",
    }
    assert org.session.scalar(select(func.count()).select_from(Lead)) == 0


def test_create_defaults_to_the_actor_normalises_and_audits(org, zhang):
    stored = reloaded(org.session, zhang)

    assert stored.owner_id == org.ids["rep_a1"]
    assert stored.status == "new"
    assert stored.name_normalized == "zhangwei"
    assert stored.company_normalized == "harbourtrading"
    assert stored.mobile_normalized == "13800138000"
    [entry] = audit_rows(org.session, "lead.create", zhang.id)
    assert entry.after["name"] == "Zhang Wei"


def test_leader_may_create_a_lead_for_a_team_member(org):
    lead = make_lead(
        org.session, org.actor("leader_a"), "For A2", owner_id=org.ids["rep_a2"]
    )

    assert lead.owner_id == org.ids["rep_a2"]


def test_a_user_without_lead_permissions_cannot_create(org):
    with pytest.raises(PermissionDenied):
        create_lead(org.session, org.actor("exec"), LeadIn(name="X"))


# --- scope --------------------------------------------------------------------


@pytest.mark.parametrize(("viewer", "owner"), OUT_OF_SCOPE)
def test_get_outside_scope_is_not_found(org, lead_per_owner, viewer, owner):
    with pytest.raises(NotFound):
        get_lead(org.session, org.actor(viewer), lead_per_owner[owner].id)


@pytest.mark.parametrize("viewer", sorted(VISIBLE))
def test_list_shows_exactly_the_scope(org, lead_per_owner, viewer):
    assert set(listed(org, viewer, page_size=50)) == {
        f"Lead of {owner}" for owner in VISIBLE[viewer]
    }


def test_a_page_past_the_end_shows_the_last_page(org, lead_per_owner):
    page = list_leads(
        org.session, org.actor("leader_a"), LeadFilter(page=50, page_size=3)
    )
    assert page.page == -(-page.total // 3) > 1
    assert len(page.rows) == page.total - 3 * (page.page - 1)


@pytest.mark.parametrize(("viewer", "owner"), OUT_OF_SCOPE)
def test_update_outside_scope_is_not_found(org, lead_per_owner, viewer, owner):
    with pytest.raises(NotFound):
        edit(org, viewer, lead_per_owner[owner], remark="mine now")


@pytest.mark.parametrize(("viewer", "owner"), OUT_OF_SCOPE)
def test_delete_release_followup_convert_outside_scope_are_not_found(
    org, lead_per_owner, viewer, owner
):
    lead = lead_per_owner[owner]
    actor = org.actor(viewer)
    for attempt in (
        lambda: delete_leads(org.session, actor, [lead.id]),
        lambda: release_leads(org.session, actor, [lead.id]),
        lambda: create_lead_followup(
            org.session,
            actor,
            LeadFollowUpIn(lead.id, followup_type="call", content="hi"),
        ),
        lambda: lead_timeline(org.session, actor, lead.id),
        lambda: lead_log(org.session, actor, lead.id),
        lambda: convert(org, viewer, lead),
    ):
        with pytest.raises(NotFound):
            attempt()
    assert reloaded(org.session, lead).deleted_at is None


def test_claim_of_an_owned_lead_outside_scope_says_already_claimed(org, lead_per_owner):
    # Owned leads are not in the pool; the claim gives away nothing but that.
    with pytest.raises(Conflict):
        claim_lead(org.session, org.actor("rep_a1"), lead_per_owner["rep_b1"].id)


def test_users_without_lead_view_see_no_leads(org, lead_per_owner):
    with pytest.raises(PermissionDenied):
        list_leads(org.session, org.actor("exec"), LeadFilter())


def test_focus_narrows_the_list(org, lead_per_owner):
    page = list_leads(org.session, org.actor("leader_a", focus="me"), LeadFilter())

    assert [row["name"] for row in page.rows] == ["Lead of leader_a"]


# --- list ---------------------------------------------------------------------


def test_search_filters_status_tabs_and_paging(org, zhang):
    rep = org.actor("rep_a1")
    for number in range(25):
        make_lead(org.session, rep, f"Prospect {number:02d}", source="expo")
    lead = make_lead(org.session, rep, "Qualified One", status="qualified")

    assert listed(org, search="harbour") == ["Zhang Wei"]
    assert listed(org, search="138 0013") == ["Zhang Wei"]
    assert listed(org, search="zhang wei") == ["Zhang Wei"]
    page = list_leads(org.session, rep, LeadFilter(source="expo", page=2))
    assert (page.total, len(page.rows), page.page_count) == (25, 5, 2)
    page = list_leads(org.session, rep, LeadFilter(status="qualified"))
    assert [r["name"] for r in page.rows] == [lead.name]
    assert page.extra["status_counts"] == {
        "all": 27,
        "new": 26,
        "contacted": 0,
        "qualified": 1,
        "unqualified": 0,
        "converted": 0,
    }


def test_sorting_by_name_and_deleted_leads_are_gone(org, zhang):
    rep = org.actor("rep_a1")
    make_lead(org.session, rep, "Anna")
    gone = make_lead(org.session, rep, "Bob")
    delete_leads(org.session, rep, [gone.id])

    assert listed(org, sort="name", descending=False) == ["Anna", "Zhang Wei"]
    with pytest.raises(NotFound):
        get_lead(org.session, rep, gone.id)


# --- edit ---------------------------------------------------------------------


def test_edit_saves_and_logs_only_changes(org, zhang):
    edit(org, "rep_a1", zhang, status="qualified", company="Harbour Ltd")

    stored = reloaded(org.session, zhang)
    assert (stored.status, stored.company_normalized) == ("qualified", "harbourltd")
    [entry] = audit_rows(org.session, "lead.update", zhang.id)
    assert entry.before == {"status": "new", "company": "Harbour Trading"}


def test_stale_edit_names_who_changed_it(org, zhang):
    loaded = form_values(zhang, LeadIn)
    version = zhang.version
    edit(org, "rep_a1", zhang, remark="first")

    with pytest.raises(Conflict) as exc:
        update_lead(
            org.session,
            org.actor("rep_a1"),
            zhang.id,
            LeadIn(**loaded | {"remark": "second"}),
            expected_version=version,
        )
    assert exc.value.params["name"] == "Rep A1"


def test_edit_errors_are_field_level(org, zhang):
    with pytest.raises(ValidationFailed) as exc:
        edit(org, "rep_a1", zhang, name="", email="bad")

    assert exc.value.errors == {
        "name": "Name is required.",
        "email": "Enter a valid email address.",
    }


def test_unchanged_owner_who_left_is_kept_on_edit(org, zhang):
    set_user_active(org.session, org.actor("admin"), org.ids["rep_a1"], False)

    edit(org, "leader_a", zhang, remark="still editable")

    assert reloaded(org.session, zhang).owner_id == org.ids["rep_a1"]


# --- delete -------------------------------------------------------------------


def test_delete_is_soft_audited_and_keeps_followups(org, zhang):
    make_lead_followup(org.session, org.actor("rep_a1"), zhang)

    assert delete_leads(org.session, org.actor("rep_a1"), [zhang.id]) == 1

    stored = reloaded(org.session, zhang)
    assert stored.deleted_at is not None
    assert stored.deleted_by_id == org.ids["rep_a1"]
    assert (
        org.session.scalar(select(func.count()).where(FollowUp.lead_id == zhang.id))
        == 1
    )
    assert len(audit_rows(org.session, "lead.delete", zhang.id)) == 1


def test_delete_needs_a_selection(org):
    with pytest.raises(ValidationFailed) as exc:
        delete_leads(org.session, org.actor("rep_a1"), [])
    assert exc.value.errors == {"selection": "Select at least one lead."}


def test_delete_is_all_or_nothing(org, zhang, lead_per_owner):
    with pytest.raises(NotFound):
        delete_leads(
            org.session,
            org.actor("rep_a1"),
            [zhang.id, lead_per_owner["rep_b1"].id],
        )
    assert reloaded(org.session, zhang).deleted_at is None


# --- lead pool ----------------------------------------------------------------


def pool_names(org, viewer="rep_b1", **flt) -> list[str]:
    page = list_lead_pool(org.session, org.actor(viewer), LeadPoolFilter(**flt))
    return [row["name"] for row in page.rows]


def test_release_puts_the_lead_in_the_pool_for_everyone(org, zhang):
    assert release_leads(org.session, org.actor("rep_a1"), [zhang.id]) == 1

    stored = reloaded(org.session, zhang)
    assert stored.owner_id is None
    assert stored.last_owner_id == org.ids["rep_a1"]
    assert stored.pool_entered_at is not None
    assert listed(org) == []
    assert pool_names(org) == ["Zhang Wei"]
    page = list_lead_pool(org.session, org.actor("rep_b1"), LeadPoolFilter())
    assert page.rows[0]["last_owner"] == "Rep A1"
    # Visible to claimers (read-only) although rep_b1 never owned it.
    assert lead_detail(org.session, org.actor("rep_b1"), zhang.id)["in_pool"]
    [entry] = audit_rows(org.session, "lead.release", zhang.id)
    assert entry.before == {"owner_id": org.ids["rep_a1"]}


def test_pool_leads_cannot_be_changed_before_a_claim(org, zhang):
    release_leads(org.session, org.actor("rep_a1"), [zhang.id])
    zhang = reloaded(org.session, zhang)

    for attempt in (
        lambda: edit(org, "rep_b1", zhang, remark="x"),
        lambda: release_leads(org.session, org.actor("rep_b1"), [zhang.id]),
        lambda: delete_leads(org.session, org.actor("rep_b1"), [zhang.id]),
        lambda: make_lead_followup(org.session, org.actor("rep_b1"), zhang),
        lambda: convert(org, "rep_b1", zhang),
    ):
        with pytest.raises(Conflict) as exc:
            attempt()
        assert exc.value.message == (
            "This lead is in the lead pool: claim it before changing it."
        )


def test_admin_may_delete_a_pool_lead(org, zhang):
    release_leads(org.session, org.actor("rep_a1"), [zhang.id])

    delete_leads(org.session, org.actor("admin"), [zhang.id])

    assert pool_names(org) == []


def test_claim_takes_the_lead_once(org, zhang):
    release_leads(org.session, org.actor("rep_a1"), [zhang.id])

    claim_lead(org.session, org.actor("rep_b1"), zhang.id)

    stored = reloaded(org.session, zhang)
    assert (stored.owner_id, stored.pool_entered_at) == (org.ids["rep_b1"], None)
    assert stored.version == 3  # create, release, claim
    assert listed(org, "rep_b1") == ["Zhang Wei"]
    with pytest.raises(Conflict) as exc:
        claim_lead(org.session, org.actor("rep_a2"), zhang.id)
    assert exc.value.message == "Someone else has already claimed this lead."
    assert len(audit_rows(org.session, "lead.claim", zhang.id)) == 1


def test_claim_after_loading_the_lead_sees_the_new_owner(org, zhang):
    release_leads(org.session, org.actor("rep_a1"), [zhang.id])
    loaded = get_lead(org.session, org.actor("rep_b1"), zhang.id)

    claim_lead(org.session, org.actor("rep_b1"), zhang.id)

    assert loaded.owner_id == org.ids["rep_b1"]  # the stale copy was expired


def test_claim_of_missing_or_deleted_lead_is_not_found(org, zhang):
    delete_leads(org.session, org.actor("rep_a1"), [zhang.id])
    for lead_id in (zhang.id, 999_999):
        with pytest.raises(NotFound):
            claim_lead(org.session, org.actor("rep_b1"), lead_id)


def test_claim_needs_the_permission(org, zhang):
    release_leads(org.session, org.actor("rep_a1"), [zhang.id])
    with pytest.raises(PermissionDenied):
        claim_lead(org.session, org.actor("exec"), zhang.id)
    with pytest.raises(PermissionDenied):
        list_lead_pool(org.session, org.actor("exec"), LeadPoolFilter())


def test_claim_several_is_all_or_nothing(org, zhang):
    rep = org.actor("rep_a1")
    other = make_lead(org.session, rep, "Other")
    release_leads(org.session, rep, [zhang.id, other.id])
    claim_lead(org.session, org.actor("rep_a2"), other.id)

    with pytest.raises(Conflict), org.session.begin_nested():
        claim_leads(org.session, org.actor("rep_b1"), [zhang.id, other.id])
    assert reloaded(org.session, zhang).owner_id is None

    assert claim_leads(org.session, org.actor("rep_b1"), [zhang.id]) == 1


def test_pool_search(org, zhang):
    rep = org.actor("rep_a1")
    other = make_lead(org.session, rep, "Other", source="expo")
    release_leads(org.session, rep, [zhang.id, other.id])

    assert pool_names(org, search="harbour") == ["Zhang Wei"]
    assert pool_names(org, source="expo") == ["Other"]


# --- follow-ups ---------------------------------------------------------------


def test_followup_moves_dates_and_marks_a_new_lead_contacted(org, zhang):
    now = utcnow()
    next_time = now + dt.timedelta(days=2)
    make_lead_followup(
        org.session,
        org.actor("rep_a1"),
        zhang,
        "First call",
        occurred_at=now - dt.timedelta(hours=1),
        next_followup_at=next_time,
    )
    make_lead_followup(
        org.session,
        org.actor("rep_a1"),
        zhang,
        "Back-dated note",
        followup_type="email",
        occurred_at=now - dt.timedelta(days=3),
    )

    stored = reloaded(org.session, zhang)
    assert stored.status == "contacted"
    assert stored.next_followup_at == next_time
    entries = lead_timeline(org.session, org.actor("leader_a"), zhang.id)
    assert [e["content"] for e in entries] == ["First call", "Back-dated note"]
    assert entries[0]["author"] == "Rep A1"
    assert audit_rows(org.session, "followup.create", zhang.id)[0].object_type == (
        "lead"
    )


def test_followup_errors_are_field_level(org, zhang):
    with pytest.raises(ValidationFailed) as exc:
        create_lead_followup(
            org.session,
            org.actor("rep_a1"),
            LeadFollowUpIn(
                zhang.id,
                followup_type="fax",
                content=" ",
                occurred_at=utcnow() + dt.timedelta(days=1),
            ),
        )
    assert exc.value.errors == {
        "followup_type": "Choose a follow-up type.",
        "content": "Describe what happened.",
        "occurred_at": "A follow-up cannot be in the future.",
    }


def test_customer_followups_are_unaffected_by_lead_followups(org, zhang):
    customer = make_customer(org.session, org.actor("rep_a1"), "Acme")
    make_followup(org.session, org.actor("rep_a1"), customer, "customer call")
    make_lead_followup(org.session, org.actor("rep_a1"), zhang, "lead call")

    rows = org.session.execute(
        select(FollowUp.content, FollowUp.customer_id, FollowUp.lead_id).order_by(
            FollowUp.id
        )
    ).all()
    assert rows == [
        ("customer call", customer.id, None),
        ("lead call", None, zhang.id),
    ]


def test_a_followup_with_both_or_no_parent_is_rejected(org, zhang):
    customer = make_customer(org.session, org.actor("rep_a1"), "Acme")
    for parents in ({"customer_id": customer.id, "lead_id": zhang.id}, {}):
        with pytest.raises(Exception, match="(?i)check"), org.session.begin_nested():
            org.session.add(
                FollowUp(
                    followup_type="call",
                    content="x",
                    occurred_at=utcnow(),
                    author_id=org.ids["rep_a1"],
                    **parents,
                )
            )
            org.session.flush()


# --- conversion ---------------------------------------------------------------


def test_convert_creates_customer_and_primary_contact(org, zhang):
    customer = convert(
        org,
        "rep_a1",
        zhang,
        industry="it",
        level="A",
        contact_title="Buyer",
        opportunity_name="Catalogue order",
        opportunity_amount="12,000.50",
    )

    assert customer.name == "Harbour Trading"
    assert (customer.mobile, customer.email, customer.source) == (
        "13800138000",
        "zhang@example.com",
        "web",
    )
    assert (customer.owner_id, customer.industry, customer.level) == (
        org.ids["rep_a1"],
        "it",
        "A",
    )
    assert customer.remark == "Met at the expo"
    [contact] = org.session.scalars(
        select(Contact).where(Contact.customer_id == customer.id)
    )
    assert (contact.name, contact.title, contact.is_primary) == (
        "Zhang Wei",
        "Buyer",
        True,
    )
    stored = reloaded(org.session, zhang)
    assert stored.status == "converted"
    assert stored.converted_customer_id == customer.id
    assert stored.converted_by_id == org.ids["rep_a1"]
    assert stored.opportunity_name == "Catalogue order"
    assert stored.opportunity_amount == Decimal("12000.50")
    detail = lead_detail(org.session, org.actor("rep_a1"), zhang.id)
    assert detail["converted_customer"] == "Harbour Trading"
    assert detail["converted_customer_visible"] is True
    assert detail["read_only"] is True
    [entry] = audit_rows(org.session, "lead.convert", zhang.id)
    assert entry.after["converted_customer_id"] == customer.id
    assert len(audit_rows(org.session, "customer.create", customer.id)) == 1


def test_convert_to_another_owner_in_scope(org):
    lead = make_lead(org.session, org.actor("leader_a"), "Li Na")

    customer = convert(org, "leader_a", lead, owner_id=org.ids["rep_a2"])

    assert customer.owner_id == org.ids["rep_a2"]
    assert customer.name == "Li Na"  # no company: the lead's name
    assert customer_detail(org.session, org.actor("rep_a2"), customer.id)


def test_convert_without_contact_and_with_overrides(org, zhang):
    customer = convert(
        org, "rep_a1", zhang, create_contact=False, customer_name="Harbour Group"
    )

    assert customer.name == "Harbour Group"
    assert (
        org.session.scalar(
            select(func.count()).where(Contact.customer_id == customer.id)
        )
        == 0
    )


def test_convert_reports_every_error_and_writes_nothing(org, zhang):
    with pytest.raises(ValidationFailed) as exc:
        convert(
            org,
            "rep_a1",
            zhang,
            owner_id=org.ids["rep_b1"],
            customer_name="",
            level="Z",
            contact_name="n" * 101,
            opportunity_amount="-5",
        )

    assert exc.value.errors == {
        "owner_id": "Choose an active user within your scope.",
        "customer_name": "Name is required.",
        "level": "Choose a value from the list.",
        "contact_name": "At most 100 characters.",
        "opportunity_amount": "Enter an amount between 0 and 999,999,999,999.99.",
    }
    assert org.session.scalar(select(func.count()).select_from(Customer)) == 0
    assert reloaded(org.session, zhang).status == "new"


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"owner_id": None}, {"owner_id": "Choose an owner."}),
        (
            {"opportunity_amount": "1000"},
            {"opportunity_name": "Name the opportunity, or leave the amount empty."},
        ),
        (
            {"opportunity_name": "Deal", "opportunity_amount": "abc"},
            {"opportunity_amount": "Enter an amount such as 12000 or 12000.50."},
        ),
        (
            {"opportunity_name": "Deal", "opportunity_amount": "1.234"},
            {"opportunity_amount": "At most 2 decimal places."},
        ),
    ],
)
def test_convert_field_errors(org, zhang, fields, errors):
    with pytest.raises(ValidationFailed) as exc:
        convert(org, "rep_a1", zhang, **fields)
    assert exc.value.errors == errors


def test_convert_warns_about_duplicate_customers_until_confirmed(org, zhang):
    existing = make_customer(
        org.session, org.actor("rep_b1"), "Other name", mobile="138 0013 8000"
    )

    with pytest.raises(DuplicateFound) as exc:
        convert(org, "rep_a1", zhang)
    assert exc.value.matches == [
        {"id": existing.id, "name": "Other name", "owner": "Rep B1"}
    ]
    assert reloaded(org.session, zhang).status == "new"
    assert org.session.scalar(select(func.count()).select_from(Customer)) == 1

    customer = convert(org, "rep_a1", zhang, allow_duplicate=True)
    assert customer.id != existing.id


def test_converted_lead_is_read_only(org, zhang):
    convert(org, "rep_a1", zhang)
    zhang = reloaded(org.session, zhang)

    for attempt in (
        lambda: edit(org, "rep_a1", zhang, remark="x"),
        lambda: release_leads(org.session, org.actor("rep_a1"), [zhang.id]),
        lambda: delete_leads(org.session, org.actor("rep_a1"), [zhang.id]),
        lambda: make_lead_followup(org.session, org.actor("rep_a1"), zhang),
        lambda: convert(org, "rep_a1", zhang),
    ):
        with pytest.raises(Conflict) as exc:
            attempt()
        assert exc.value.message == (
            "This lead has been converted to a customer and can no longer be changed."
        )
    assert listed(org, status="converted") == ["Zhang Wei"]


def test_convert_with_a_stale_version_is_a_conflict(org, zhang):
    version = zhang.version
    edit(org, "rep_a1", zhang, remark="changed")

    with pytest.raises(Conflict):
        convert_lead(
            org.session,
            org.actor("rep_a1"),
            zhang.id,
            ConvertIn(owner_id=org.ids["rep_a1"]),
            expected_version=version,
        )


def test_convert_needs_the_permission(org, zhang):
    with pytest.raises(PermissionDenied):
        convert_lead(
            org.session,
            org.actor("exec"),
            zhang.id,
            ConvertIn(owner_id=org.ids["exec"]),
            expected_version=zhang.version,
        )


def test_converted_customer_outside_the_viewers_scope_is_named_not_linked(org):
    lead = make_lead(org.session, org.actor("rep_a2"), "Li Na")
    # The leader converts rep_a2's lead for themself: the lead stays rep_a2's.
    convert(org, "leader_a", lead, owner_id=org.ids["leader_a"])

    detail = lead_detail(org.session, org.actor("rep_a2"), lead.id)
    assert detail["converted_customer"] == "Li Na"
    assert detail["converted_customer_visible"] is False
    assert lead_detail(org.session, org.actor("leader_a"), lead.id)[
        "converted_customer_visible"
    ]


def test_operation_log_lists_lead_actions(org, zhang):
    edit(org, "rep_a1", zhang, status="qualified")
    release_leads(org.session, org.actor("rep_a1"), [zhang.id])
    claim_lead(org.session, org.actor("rep_a1"), zhang.id)

    actions = [
        e["action"] for e in lead_log(org.session, org.actor("rep_a1"), zhang.id)
    ]
    assert sorted(actions) == sorted(
        ["lead.create", "lead.update", "lead.release", "lead.claim"]
    )

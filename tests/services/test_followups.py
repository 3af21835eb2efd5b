"""Follow-ups: validation, the customer's last/next follow-up times, timeline."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from models import DictionaryEntry, FollowUp
from models.base import utcnow
from services.errors import NotFound, PermissionDenied, ValidationFailed
from services.followups import FollowUpIn, create_followup, timeline
from services.recycle_bin import delete_customers
from tests.factories import (
    OUT_OF_SCOPE,
    VISIBLE_OWNERS,
    audit_rows,
    customer_per_owner,
    make_contact,
    make_customer,
    make_followup,
    reloaded,
)

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


@pytest.fixture
def acme(org):
    return make_customer(org.session, org.actor("rep_a1"), "Acme")


@pytest.fixture
def beta(org):
    return make_customer(org.session, org.actor("rep_b1"), "Beta")


def log_errors(org, customer=None, actor="rep_a1", **fields) -> dict[str, str]:
    data = {
        "customer_id": customer.id if customer else None,
        "followup_type": "call",
        "content": "Called",
    } | fields
    with pytest.raises(ValidationFailed) as exc:
        create_followup(org.session, org.actor(actor), FollowUpIn(**data))
    return exc.value.errors


def followup_count(org) -> int:
    return org.session.scalar(select(func.count()).select_from(FollowUp))


# --- validation ----------------------------------------------------------------


@pytest.mark.parametrize("followup_type", [None, "", "fax"])
def test_type_must_be_a_dictionary_code(org, acme, followup_type):
    assert log_errors(org, acme, followup_type=followup_type) == {
        "followup_type": "Choose a follow-up type."
    }


def test_disabled_type_is_rejected(org, acme):
    entry = org.session.scalar(
        select(DictionaryEntry).where(
            DictionaryEntry.kind == "followup_type", DictionaryEntry.code == "visit"
        )
    )
    entry.is_active = False

    assert log_errors(org, acme, followup_type="visit") == {
        "followup_type": "Choose a follow-up type."
    }


def test_type_of_another_dictionary_is_rejected(org, acme):
    assert log_errors(org, acme, followup_type="referral") == {
        "followup_type": "Choose a follow-up type."
    }


@pytest.mark.parametrize("content", [None, "", "  \n "])
def test_content_is_required(org, acme, content):
    assert log_errors(org, acme, content=content) == {
        "content": "Describe what happened."
    }


def test_content_is_limited(org, acme):
    assert log_errors(org, acme, content="x" * 5001) == {
        "content": "At most 5000 characters."
    }


def test_future_follow_up_is_rejected(org, acme):
    assert log_errors(org, acme, occurred_at=utcnow() + HOUR) == {
        "occurred_at": "A follow-up cannot be in the future."
    }


def test_a_few_minutes_of_clock_skew_are_tolerated(org, acme):
    followup = make_followup(
        org.session,
        org.actor("rep_a1"),
        acme,
        occurred_at=utcnow() + dt.timedelta(minutes=2),
    )

    assert followup.id is not None


@pytest.mark.parametrize("offset", [dt.timedelta(0), -HOUR])
def test_next_follow_up_must_be_after_this_one(org, acme, offset):
    occurred = utcnow() - DAY

    assert log_errors(
        org, acme, occurred_at=occurred, next_followup_at=occurred + offset
    ) == {"next_followup_at": "The next follow-up must be after this one."}


def test_next_follow_up_must_be_after_now_when_time_is_omitted(org, acme):
    assert log_errors(org, acme, next_followup_at=utcnow() - HOUR) == {
        "next_followup_at": "The next follow-up must be after this one."
    }


def test_every_field_error_is_reported_at_once(org):
    errors = log_errors(
        org,
        followup_type="fax",
        content=" ",
        occurred_at=utcnow() + DAY,
        next_followup_at=utcnow(),
    )

    assert errors == {
        "customer_id": "Choose a customer.",
        "followup_type": "Choose a follow-up type.",
        "content": "Describe what happened.",
        "occurred_at": "A follow-up cannot be in the future.",
        "next_followup_at": "The next follow-up must be after this one.",
    }


def test_contact_must_belong_to_the_customer(org, acme):
    other = make_customer(org.session, org.actor("rep_a1"), "Other")
    stranger = make_contact(org.session, org.actor("rep_a1"), other, "Stranger")

    assert log_errors(org, acme, contact_id=stranger.id) == {
        "contact_id": "Choose a contact of this customer."
    }


def test_unknown_contact_is_rejected(org, acme):
    assert log_errors(org, acme, contact_id=999_999) == {
        "contact_id": "Choose a contact of this customer."
    }


def test_contact_error_is_reported_with_the_other_errors(org, acme):
    assert log_errors(org, acme, contact_id=999_999, content="") == {
        "content": "Describe what happened.",
        "contact_id": "Choose a contact of this customer.",
    }


def test_invalid_follow_up_changes_nothing(org, acme):
    log_errors(org, acme, content="", next_followup_at=utcnow() + DAY)

    stored = reloaded(org.session, acme)
    assert followup_count(org) == 0
    assert (stored.last_followup_at, stored.next_followup_at, stored.version) == (
        None,
        None,
        1,
    )


def test_finance_cannot_log_follow_ups(org, acme):
    org.add_user("fin", "finance", org.company)

    with pytest.raises(PermissionDenied):
        make_followup(org.session, org.actor("fin"), acme)


# --- effect on the customer ----------------------------------------------------


def test_follow_up_sets_the_customers_last_and_next_times(org, acme):
    occurred, next_time = utcnow() - HOUR, utcnow() + DAY

    make_followup(
        org.session,
        org.actor("rep_a1"),
        acme,
        occurred_at=occurred,
        next_followup_at=next_time,
    )

    stored = reloaded(org.session, acme)
    assert (stored.last_followup_at, stored.next_followup_at) == (occurred, next_time)


def test_follow_up_without_time_happened_now(org, acme):
    before = utcnow()

    followup = make_followup(org.session, org.actor("rep_a1"), acme)

    assert before <= reloaded(org.session, followup).occurred_at <= utcnow()


def test_back_dated_follow_up_does_not_move_the_dates_backwards(org, acme):
    rep = org.actor("rep_a1")
    recent, reminder = utcnow() - HOUR, utcnow() + DAY
    make_followup(org.session, rep, acme, occurred_at=recent, next_followup_at=reminder)

    make_followup(
        org.session,
        rep,
        acme,
        occurred_at=recent - 3 * DAY,
        next_followup_at=recent - 2 * DAY,
    )

    stored = reloaded(org.session, acme)
    assert (stored.last_followup_at, stored.next_followup_at) == (recent, reminder)


def test_newest_follow_up_decides_the_reminder(org, acme):
    rep = org.actor("rep_a1")
    make_followup(
        org.session,
        rep,
        acme,
        occurred_at=utcnow() - DAY,
        next_followup_at=utcnow() + DAY,
    )

    make_followup(org.session, rep, acme)

    assert reloaded(org.session, acme).next_followup_at is None


def test_follow_up_is_stored_with_its_author_and_contact(org, acme):
    contact = make_contact(org.session, org.actor("rep_a1"), acme, "Ann")

    followup = make_followup(
        org.session,
        org.actor("leader_a"),
        acme,
        "  Visited  ",
        followup_type="visit",
        contact_id=contact.id,
    )

    stored = reloaded(org.session, followup)
    assert (
        stored.customer_id,
        stored.contact_id,
        stored.author_id,
        stored.followup_type,
        stored.content,
    ) == (acme.id, contact.id, org.ids["leader_a"], "visit", "Visited")


def test_follow_up_writes_an_audit_row_on_the_customer(org, acme):
    followup = make_followup(org.session, org.actor("rep_a1"), acme)

    (row,) = audit_rows(org.session, "followup.create")
    assert (row.actor_id, row.object_type, row.object_id) == (
        org.ids["rep_a1"],
        "customer",
        acme.id,
    )
    assert (row.after["id"], row.after["content"]) == (followup.id, "Called")


# --- timeline ------------------------------------------------------------------


@pytest.fixture
def history(org, acme):
    rep = org.actor("rep_a1")
    ann = make_contact(org.session, rep, acme, "Ann")
    now = utcnow()
    make_followup(org.session, rep, acme, "first", occurred_at=now - 3 * DAY)
    make_followup(
        org.session,
        org.actor("leader_a"),
        acme,
        "third",
        occurred_at=now - DAY,
        contact_id=ann.id,
    )
    make_followup(
        org.session, rep, acme, "second", occurred_at=now - 2 * DAY, contact_id=ann.id
    )
    make_followup(org.session, rep, make_customer(org.session, rep, "Other"), "other")
    return ann


def test_timeline_of_a_customer_is_newest_first(org, acme, history):
    rows = timeline(org.session, org.actor("rep_a1"), customer_id=acme.id)

    assert [(r["content"], r["author"], r["contact"]) for r in rows] == [
        ("third", "Leader A", "Ann"),
        ("second", "Rep A1", "Ann"),
        ("first", "Rep A1", None),
    ]


def test_timeline_of_a_contact_shows_only_that_contact(org, acme, history):
    rows = timeline(org.session, org.actor("rep_a1"), contact_id=history.id)

    assert [r["content"] for r in rows] == ["third", "second"]


def test_timeline_of_a_customer_without_follow_ups_is_empty(org):
    customer = make_customer(org.session, org.actor("rep_a1"), "Quiet")

    assert timeline(org.session, org.actor("rep_a1"), customer_id=customer.id) == []


# --- scope --------------------------------------------------------------------


def test_rep_cannot_log_on_another_reps_customer(org, beta):
    with pytest.raises(NotFound):
        make_followup(org.session, org.actor("rep_a1"), beta)

    stored = reloaded(org.session, beta)
    assert followup_count(org) == 0
    assert (stored.last_followup_at, stored.version) == (None, 1)


def test_rep_cannot_read_another_reps_timeline(org, beta):
    make_followup(org.session, org.actor("rep_b1"), beta)

    with pytest.raises(NotFound):
        timeline(org.session, org.actor("rep_a1"), customer_id=beta.id)


def test_rep_cannot_read_the_timeline_of_another_reps_contact(org, beta):
    contact = make_contact(org.session, org.actor("rep_b1"), beta, "Bob")
    make_followup(org.session, org.actor("rep_b1"), beta, contact_id=contact.id)

    with pytest.raises(NotFound):
        timeline(org.session, org.actor("rep_a1"), contact_id=contact.id)


def test_contact_of_another_reps_customer_is_rejected(org, acme, beta):
    contact = make_contact(org.session, org.actor("rep_b1"), beta, "Bob")

    assert log_errors(org, acme, contact_id=contact.id) == {
        "contact_id": "Choose a contact of this customer."
    }


def test_binned_customer_takes_no_follow_ups(org, acme):
    delete_customers(org.session, org.actor("rep_a1"), [acme.id])

    with pytest.raises(NotFound):
        make_followup(org.session, org.actor("rep_a1"), acme)


def test_leader_logs_on_a_team_members_customer(org, acme):
    make_followup(org.session, org.actor("leader_a"), acme)

    assert reloaded(org.session, acme).last_followup_at is not None


@pytest.fixture
def logged_per_owner(org):
    customers = customer_per_owner(org)
    for owner, customer in customers.items():
        make_followup(org.session, org.actor(owner), customer, f"by {owner}")
    return customers


@pytest.mark.parametrize("viewer", sorted(VISIBLE_OWNERS))
def test_timeline_in_scope_is_readable(org, logged_per_owner, viewer):
    actor = org.actor(viewer)

    contents = {
        row["content"]
        for owner in VISIBLE_OWNERS[viewer]
        for row in timeline(org.session, actor, customer_id=logged_per_owner[owner].id)
    }

    assert contents == {f"by {owner}" for owner in VISIBLE_OWNERS[viewer]}


@pytest.mark.parametrize(("viewer", "owner"), OUT_OF_SCOPE)
def test_timeline_outside_scope_is_not_found(org, logged_per_owner, viewer, owner):
    with pytest.raises(NotFound):
        timeline(org.session, org.actor(viewer), customer_id=logged_per_owner[owner].id)

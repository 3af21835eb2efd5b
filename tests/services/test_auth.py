"""Login, lockout, own password changes and session invalidation."""

import datetime as dt

import pytest
from argon2 import PasswordHasher

from models import User
from models.base import utcnow
from services.auth import (
    FAILURE_WINDOW,
    LOCKOUT,
    LOGIN_FAILED,
    MAX_FAILED_LOGINS,
    LoginResult,
    authenticate,
    change_own_password,
    session_is_current,
    set_user_language,
)
from services.errors import ValidationFailed
from services.passwords import needs_rehash
from services.users import reset_password, set_user_active
from tests.factories import PASSWORD, audit_rows, reloaded

FAILED = LoginResult(None, error=LOGIN_FAILED)
SECOND = dt.timedelta(seconds=1)
NEW_PASSWORD = "Better-456"


def login(org, password=PASSWORD, username="rep_a1", now=None) -> LoginResult:
    return authenticate(org.session, username, password, now=now)


def fail(org, times: int, start: dt.datetime, username="rep_a1") -> dt.datetime:
    """`times` wrong passwords one second apart; returns the time of the last."""
    for attempt in range(times):
        when = start + attempt * SECOND
        assert login(org, "wrong-password", username, when) == FAILED
    return start + (times - 1) * SECOND


def user(org, name="rep_a1") -> User:
    return reloaded(org.session, org.session.get(User, org.ids[name]))


def change_errors(org, current=PASSWORD, new=NEW_PASSWORD, confirm=None) -> dict:
    with pytest.raises(ValidationFailed) as exc:
        change_own_password(
            org.session,
            org.actor("rep_a1"),
            current,
            new,
            new if confirm is None else confirm,
        )
    return exc.value.errors


# --- authenticate -------------------------------------------------------------


def test_correct_credentials_log_in(org):
    result = login(org)

    assert result == LoginResult(org.ids["rep_a1"], session_version=1, language=None)
    assert user(org).last_login_at is not None


def test_a_hash_made_with_other_parameters_is_upgraded_at_login(org):
    older = PasswordHasher(time_cost=1, memory_cost=16, parallelism=1)
    account = user(org)
    account.password_hash = old_hash = older.hash(PASSWORD)
    org.session.flush()

    assert login(org).user_id == account.id
    upgraded = user(org).password_hash
    assert upgraded != old_hash and not needs_rehash(upgraded)
    assert login(org).user_id == account.id
    assert user(org).password_hash == upgraded  # only once


def test_username_is_trimmed(org):
    assert login(org, username="  rep_a1 ").user_id == org.ids["rep_a1"]


def test_wrong_password_fails(org):
    assert login(org, "Secret-124") == FAILED


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(org):
    assert login(org, username="nobody") == login(org, "Secret-124") == FAILED


@pytest.mark.parametrize("username", ["", None])
def test_missing_username_fails(org, username):
    assert login(org, username=username) == FAILED


def test_failures_are_counted(org):
    fail(org, 2, utcnow())

    assert user(org).failed_login_count == 2


def test_success_clears_the_failure_count(org):
    last = fail(org, 3, utcnow())

    login(org, now=last + SECOND)

    stored = user(org)
    assert (stored.failed_login_count, stored.failed_login_window_start) == (0, None)


def test_four_failures_do_not_lock(org):
    last = fail(org, MAX_FAILED_LOGINS - 1, utcnow())

    assert login(org, now=last + SECOND).user_id == org.ids["rep_a1"]


def test_five_failures_lock_even_the_right_password_out(org):
    last = fail(org, MAX_FAILED_LOGINS, utcnow())

    assert login(org, now=last + SECOND) == FAILED


def test_lock_lasts_fifteen_minutes(org):
    last = fail(org, MAX_FAILED_LOGINS, utcnow())

    assert login(org, now=last + LOCKOUT - SECOND) == FAILED


def test_login_works_again_after_the_lock_expires(org):
    last = fail(org, MAX_FAILED_LOGINS, utcnow())

    assert login(org, now=last + LOCKOUT + SECOND).user_id == org.ids["rep_a1"]


def test_attempts_while_locked_do_not_extend_the_lock(org):
    last = fail(org, MAX_FAILED_LOGINS, utcnow())
    fail(org, 3, last + LOCKOUT / 2)

    assert login(org, now=last + LOCKOUT + SECOND).user_id == org.ids["rep_a1"]


def test_failures_older_than_the_window_do_not_count(org):
    start = utcnow()
    fail(org, MAX_FAILED_LOGINS - 1, start)
    fail(org, 1, start + FAILURE_WINDOW + SECOND * 10)

    assert (
        login(org, now=start + FAILURE_WINDOW + SECOND * 11).user_id
        == (org.ids["rep_a1"])
    )


def test_five_failures_spread_within_the_window_lock(org):
    start = utcnow()
    fail(org, MAX_FAILED_LOGINS - 1, start)
    last = fail(org, 1, start + FAILURE_WINDOW - SECOND)

    assert login(org, now=last + SECOND) == FAILED


def test_lockout_is_per_account(org):
    last = fail(org, MAX_FAILED_LOGINS, utcnow())

    assert login(org, username="rep_a2", now=last).user_id == org.ids["rep_a2"]


def test_lockout_is_audited(org):
    fail(org, MAX_FAILED_LOGINS, utcnow())

    (row,) = audit_rows(org.session, "user.locked")
    assert (row.actor_id, row.object_type, row.object_id) == (
        None,
        "user",
        org.ids["rep_a1"],
    )


def test_disabled_user_cannot_log_in(org):
    set_user_active(org.session, org.actor("admin"), org.ids["rep_a1"], False)

    assert login(org) == FAILED


def test_login_returns_the_stored_language(org):
    set_user_language(org.session, org.actor("rep_a1"), "en")

    assert login(org).language == "en"


def test_unknown_language_is_rejected(org):
    with pytest.raises(ValidationFailed) as exc:
        set_user_language(org.session, org.actor("rep_a1"), "fr")

    assert exc.value.errors == {"language": "Unknown language."}


# --- sessions -------------------------------------------------------------------


def test_fresh_login_session_is_current(org):
    version = login(org).session_version

    assert session_is_current(org.session, org.ids["rep_a1"], version)


def test_unknown_user_has_no_session(org):
    assert not session_is_current(org.session, max(org.ids.values()) + 1, 1)


def test_disabling_a_user_ends_their_sessions(org):
    version = login(org).session_version

    set_user_active(org.session, org.actor("admin"), org.ids["rep_a1"], False)

    assert not session_is_current(org.session, org.ids["rep_a1"], version)


def test_re_enabling_a_user_does_not_revive_old_sessions(org):
    version = login(org).session_version
    admin = org.actor("admin")
    set_user_active(org.session, admin, org.ids["rep_a1"], False)

    set_user_active(org.session, admin, org.ids["rep_a1"], True)

    assert not session_is_current(org.session, org.ids["rep_a1"], version)
    assert login(org).user_id == org.ids["rep_a1"]


# --- change own password --------------------------------------------------------


def test_change_own_password(org):
    change_own_password(
        org.session, org.actor("rep_a1"), PASSWORD, NEW_PASSWORD, NEW_PASSWORD
    )

    assert (login(org).user_id, login(org, NEW_PASSWORD).user_id) == (
        None,
        org.ids["rep_a1"],
    )


def test_changing_the_password_ends_other_sessions(org):
    old_version = login(org).session_version

    new_version = change_own_password(
        org.session, org.actor("rep_a1"), PASSWORD, NEW_PASSWORD, NEW_PASSWORD
    )

    assert new_version == old_version + 1
    assert not session_is_current(org.session, org.ids["rep_a1"], old_version)
    assert session_is_current(org.session, org.ids["rep_a1"], new_version)


def test_password_change_is_audited_without_the_hash(org):
    change_own_password(
        org.session, org.actor("rep_a1"), PASSWORD, NEW_PASSWORD, NEW_PASSWORD
    )

    (row,) = audit_rows(org.session, "user.password_change")
    assert (row.actor_id, row.object_id, row.before, row.after) == (
        org.ids["rep_a1"],
        org.ids["rep_a1"],
        None,
        None,
    )


def test_wrong_current_password_is_rejected(org):
    assert change_errors(org, current="Secret-124") == {
        "current": "The current password is wrong."
    }


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("Sh0rt!", "Use at least 8 characters."),
        ("lettersonly", "Mix letters with digits or symbols."),
        ("1234567890", "Mix letters with digits or symbols."),
    ],
)
def test_weak_new_password_is_rejected(org, new, message):
    assert change_errors(org, new=new) == {"new": message}


def test_confirmation_must_match(org):
    assert change_errors(org, confirm="Better-457") == {
        "confirm": "The two passwords differ."
    }


def test_every_password_problem_is_reported_at_once(org):
    assert change_errors(org, current="wrong", new="short") == {
        "current": "The current password is wrong.",
        "new": "Use at least 8 characters.",
    }


def test_failed_change_keeps_password_and_sessions(org):
    change_errors(org, confirm="Better-457")

    assert login(org).session_version == 1


# --- admin reset -------------------------------------------------------------


def test_reset_password_sets_the_new_password(org):
    reset_password(org.session, org.actor("admin"), org.ids["rep_a1"], NEW_PASSWORD)

    assert (login(org).user_id, login(org, NEW_PASSWORD).user_id) == (
        None,
        org.ids["rep_a1"],
    )


def test_reset_password_ends_sessions(org):
    version = login(org).session_version

    reset_password(org.session, org.actor("admin"), org.ids["rep_a1"], NEW_PASSWORD)

    assert not session_is_current(org.session, org.ids["rep_a1"], version)


def test_reset_password_lifts_a_lockout(org):
    last = fail(org, MAX_FAILED_LOGINS, utcnow())

    reset_password(org.session, org.actor("admin"), org.ids["rep_a1"], NEW_PASSWORD)

    assert login(org, NEW_PASSWORD, now=last + SECOND).user_id == org.ids["rep_a1"]


def test_reset_password_is_audited(org):
    reset_password(org.session, org.actor("admin"), org.ids["rep_a1"], NEW_PASSWORD)

    (row,) = audit_rows(org.session, "user.password_reset")
    assert (row.actor_id, row.object_id) == (org.ids["admin"], org.ids["rep_a1"])

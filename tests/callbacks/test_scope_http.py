"""Scope through the callbacks over HTTP: a rep sending another team's customer
id (or a forged id) gets "Record not found." and changes nothing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from dashboard.callback_client import call_callback
from dashboard.callbacks import customer_detail as detail_callbacks
from dashboard.callbacks.customer_detail import (
    delete_customer,
    load_detail,
    save_followup,
)
from dashboard.callbacks.customers import delete_selected
from dashboard.ids import CustomerDetail, Customers, FollowUpForm, Shell
from models import Customer, FollowUp
from tests.callbacks.conftest import SECRETS, dash_response, login, side_updates

NOT_FOUND = "Record not found."
GENERIC_ERROR = "Something went wrong"
FORGED_IDS = ["abc", "", None, "1 OR 1=1", "-1", "1.5", "²", "9" * 30, "0"]


def followup_values(customer_id) -> tuple:
    """save_followup's Input and States: one click, the page's customer id, its
    refresh counter, then type, contact, content, occurred and next."""
    return (1, customer_id, 0, "call", "", "Called about the offer", "", "")


def followup_count(world, customer_id) -> int:
    with world.database.read_only() as session:
        return session.scalar(
            select(func.count())
            .select_from(FollowUp)
            .where(FollowUp.customer_id == customer_id)
        )


def stored_customer(world, customer_id) -> Customer:
    with world.database.read_only() as session:
        return session.get(Customer, customer_id)


def assert_nothing_of(owner: str, response) -> None:
    body = response.get_data(as_text=True)
    assert f"Customer of {owner}" not in body
    for value in SECRETS[owner].values():
        assert value not in body


@pytest.fixture
def rep_a1(client, world):
    login(client, "rep_a1")
    return client


# load_detail -------------------------------------------------------------------


def test_own_customer_detail_loads(rep_a1, app, world):
    response = call_callback(rep_a1, app, load_detail, world.customers["rep_a1"], 0)

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Customer of rep_a1" in body
    assert SECRETS["rep_a1"]["mobile"] in body
    assert NOT_FOUND not in body


def test_other_teams_customer_detail_is_not_found(rep_a1, app, world):
    response = call_callback(rep_a1, app, load_detail, world.customers["rep_b1"], 0)

    outputs = dash_response(response)
    assert outputs[CustomerDetail.HEADER]["children"]["props"]["children"] == NOT_FOUND
    assert outputs[CustomerDetail.INFO]["children"] is None
    assert outputs[FollowUpForm.CONTACT]["options"] == []
    assert_nothing_of("rep_b1", response)


@pytest.mark.parametrize("forged", FORGED_IDS)
def test_forged_customer_id_is_not_found(rep_a1, app, forged):
    response = call_callback(rep_a1, app, load_detail, forged, 0)

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert NOT_FOUND in body
    assert GENERIC_ERROR not in body


def test_team_leader_sees_the_reps_customer(client, app, world):
    login(client, "leader_a")

    response = call_callback(client, app, load_detail, world.customers["rep_a1"], 0)

    assert "Customer of rep_a1" in response.get_data(as_text=True)


# save_followup -----------------------------------------------------------------


def test_followup_on_own_customer_is_saved(rep_a1, app, world):
    customer_id = world.customers["rep_a1"]

    response = call_callback(rep_a1, app, save_followup, *followup_values(customer_id))

    outputs = dash_response(response)
    message = json.dumps(outputs[FollowUpForm.MESSAGE]["children"])
    assert "Follow-up saved." in message
    assert outputs[CustomerDetail.REFRESH]["data"] == 1
    assert followup_count(world, customer_id) == 1
    assert stored_customer(world, customer_id).last_followup_at is not None


def test_followup_on_other_teams_customer_is_refused(rep_a1, app, world):
    customer_id = world.customers["rep_b1"]
    before = stored_customer(world, customer_id)

    response = call_callback(rep_a1, app, save_followup, *followup_values(customer_id))

    outputs = dash_response(response)
    assert outputs[FollowUpForm.MESSAGE]["children"]["props"]["children"] == NOT_FOUND
    assert CustomerDetail.REFRESH not in outputs  # no_update: nothing to reload
    assert_nothing_of("rep_b1", response)
    after = stored_customer(world, customer_id)
    assert followup_count(world, customer_id) == 0
    assert after.last_followup_at == before.last_followup_at
    assert after.version == before.version


@pytest.mark.parametrize("forged", FORGED_IDS)
def test_followup_with_forged_customer_id_is_not_found(rep_a1, app, world, forged):
    response = call_callback(rep_a1, app, save_followup, *followup_values(forged))

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert NOT_FOUND in body
    assert GENERIC_ERROR not in body
    for customer_id in world.customers.values():
        assert followup_count(world, customer_id) == 0


def test_followup_with_other_teams_contact_is_refused(rep_a1, app, world):
    """A contact id from outside the customer is a field error, not a link."""
    values = list(followup_values(world.customers["rep_a1"]))
    values[4] = "999"  # contact_id

    response = call_callback(rep_a1, app, save_followup, *values)

    outputs = dash_response(response)
    assert outputs[FollowUpForm.CONTACT]["invalid"] is True
    assert followup_count(world, world.customers["rep_a1"]) == 0


def test_followup_without_a_click_does_nothing(rep_a1, app, world):
    values = list(followup_values(world.customers["rep_a1"]))
    values[0] = None

    response = call_callback(rep_a1, app, save_followup, *values)

    assert response.status_code == 204
    assert followup_count(world, world.customers["rep_a1"]) == 0


# delete ------------------------------------------------------------------------


def test_delete_selected_other_teams_customer_is_refused(rep_a1, app, world):
    customer_id = world.customers["rep_b1"]

    response = call_callback(rep_a1, app, delete_selected, 1, [{"id": customer_id}], 0)

    outputs = dash_response(response)
    assert outputs[Customers.MESSAGE]["children"]["props"]["children"] == NOT_FOUND
    assert Customers.REFRESH not in outputs
    assert stored_customer(world, customer_id).deleted_at is None


def test_delete_selected_is_all_or_nothing(rep_a1, app, world):
    """Own customer plus a foreign one: neither is deleted."""
    selected = [{"id": world.customers["rep_a1"]}, {"id": world.customers["rep_b1"]}]

    response = call_callback(rep_a1, app, delete_selected, 1, selected, 0)

    assert NOT_FOUND in response.get_data(as_text=True)
    for customer_id in world.customers.values():
        assert stored_customer(world, customer_id).deleted_at is None


@pytest.mark.parametrize(
    "selected",
    [[{"id": "abc"}], [{"id": "²"}], [{"id": "9" * 30}], [{}], [], None],
)
def test_delete_selected_with_forged_ids_deletes_nothing(rep_a1, app, world, selected):
    response = call_callback(rep_a1, app, delete_selected, 1, selected, 0)

    outputs = dash_response(response)
    assert outputs[Customers.MESSAGE]["children"]["props"]["color"] == "danger"
    assert GENERIC_ERROR not in response.get_data(as_text=True)
    for customer_id in world.customers.values():
        assert stored_customer(world, customer_id).deleted_at is None


def test_delete_selected_own_customer_succeeds(rep_a1, app, world):
    customer_id = world.customers["rep_a1"]

    response = call_callback(rep_a1, app, delete_selected, 1, [{"id": customer_id}], 0)

    outputs = dash_response(response)
    assert outputs[Customers.REFRESH]["data"] == 1
    assert outputs[Customers.MESSAGE]["children"]["props"]["color"] == "success"
    assert stored_customer(world, customer_id).deleted_at is not None


def test_delete_from_detail_page_other_teams_customer_is_refused(rep_a1, app, world):
    customer_id = world.customers["rep_b1"]

    response = call_callback(rep_a1, app, delete_customer, 1, customer_id)

    outputs = dash_response(response)
    assert outputs[Shell.FLASH]["children"]["props"]["children"] == NOT_FOUND
    assert Shell.NAV not in outputs
    assert stored_customer(world, customer_id).deleted_at is None


def test_delete_from_detail_page_own_customer_succeeds(rep_a1, app, world):
    customer_id = world.customers["rep_a1"]

    response = call_callback(rep_a1, app, delete_customer, 1, str(customer_id))

    outputs = dash_response(response)
    assert outputs[Shell.NAV]["href"] == "/customers"
    assert stored_customer(world, customer_id).deleted_at is not None


# 7. Friendly errors ------------------------------------------------------------


def test_unexpected_error_shows_the_generic_message(
    rep_a1, app, world, monkeypatch, caplog
):
    def broken(*_args, **_kwargs):
        raise RuntimeError("database exploded: secret internals")

    monkeypatch.setattr(detail_callbacks, "customer_detail", broken)

    response = call_callback(rep_a1, app, load_detail, world.customers["rep_a1"], 0)

    body = response.get_data(as_text=True)
    flash = side_updates(response)[Shell.FLASH]["children"]["props"]
    assert flash["children"].startswith(GENERIC_ERROR)
    assert flash["color"] == "danger"
    assert dash_response(response) == {}  # outputs untouched
    assert "secret internals" not in body
    assert "Traceback" not in body
    assert "secret internals" in caplog.text  # but the traceback is logged


def test_unexpected_error_inside_a_write_rolls_it_back(rep_a1, app, world, monkeypatch):
    customer_id = world.customers["rep_a1"]
    real_create = detail_callbacks.create_followup

    def create_then_fail(*args, **kwargs):
        real_create(*args, **kwargs)
        raise RuntimeError("after the insert")

    monkeypatch.setattr(detail_callbacks, "create_followup", create_then_fail)

    response = call_callback(rep_a1, app, save_followup, *followup_values(customer_id))

    assert GENERIC_ERROR in json.dumps(side_updates(response))
    assert followup_count(world, customer_id) == 0
    assert stored_customer(world, customer_id).last_followup_at is None

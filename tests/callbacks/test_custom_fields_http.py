"""Custom fields over HTTP: a rep calling the admin callbacks gets "no
permission" and changes nothing; the customer form's save sends the custom
inputs (ALL-pattern states) and shows each field's error under it; the detail
page's "More fields" block respects scope."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from dashboard.callback_client import (
    UPDATE_URL,
    call_callback,
    callback_body,
    csrf_header,
)
from dashboard.callbacks.admin_custom_fields import (
    load_fields,
    open_dialog,
    row_action,
    save_field,
)
from dashboard.callbacks.customer_form import save_customer
from dashboard.ids import AdminCustomFields, CustomerForm, CustomFields
from models import AuditLog, Customer, CustomField
from services.custom_fields import CustomFieldIn, create_custom_field
from services.org import build_actor
from tests.callbacks.conftest import dash_response, login

DENIED = "You do not have permission to do this."


@pytest.fixture
def tier(world) -> int:
    """A required single-choice customer field, and a number field after it."""
    with world.database.unit_of_work() as session:
        admin = build_actor(session, world.users["admin"], None, "en")
        field = create_custom_field(
            session,
            admin,
            CustomFieldIn(
                "customer", "Tier", "等级", "single", ("Gold", "Silver"), True
            ),
        )
        create_custom_field(
            session, admin, CustomFieldIn("customer", "Budget", "预算", "number")
        )
        return field.id


def field_ids(world, entity: str = "customer") -> list[int]:
    with world.database.read_only() as session:
        return list(
            session.scalars(
                select(CustomField.id)
                .where(CustomField.entity == entity)
                .order_by(CustomField.sort_order)
            )
        )


def stored_fields(world) -> list[tuple]:
    with world.database.read_only() as session:
        return [
            (f.label_en, f.field_type, f.options, f.required, f.is_active, f.sort_order)
            for f in session.scalars(select(CustomField).order_by(CustomField.id))
        ]


def audit_count(world) -> int:
    with world.database.read_only() as session:
        return session.scalar(select(func.count()).select_from(AuditLog))


def post(client, app, func, *values, patterns=(), changed=None):
    """Call a callback; `patterns` are the field ids its ALL-pattern States and
    Outputs match (the renderer sends one entry per matching component)."""
    body = callback_body(app, func, *values, changed=changed)

    def is_pattern(dep) -> bool:
        return isinstance(dep["id"], dict) or dep["id"].startswith("{")

    def resolved(dep, value=None):
        pattern = dep["id"] if isinstance(dep["id"], dict) else json.loads(dep["id"])
        return [
            {"id": {**pattern, "field": field_id}, "property": dep["property"]}
            | ({"value": value[i]} if value is not None else {})
            for i, field_id in enumerate(patterns)
        ]

    body["state"] = [
        resolved(dep, dep["value"]) if is_pattern(dep) else dep for dep in body["state"]
    ]
    body["outputs"] = [
        resolved(out) if is_pattern(out) else out for out in body["outputs"]
    ]
    return client.post(UPDATE_URL, json=body, headers=csrf_header(client))


@pytest.fixture
def rep(client, world):
    login(client, "rep_a1")
    return client


@pytest.fixture
def admin(client, world):
    login(client, "admin")
    return client


# a rep changes nothing ------------------------------------------------------------


def test_rep_cannot_list_add_edit_or_reorder_fields(rep, app, world, tier):
    before, audits = stored_fields(world), audit_count(world)
    chosen = [{"id": str(tier)}]

    listed = post(rep, app, load_fields, "customer", 0)
    added = post(
        rep,
        app,
        save_field,
        1,
        None,
        0,
        "customer",
        False,
        "传真",
        "Fax",
        "text",
        "",
        "",
    )
    edited = post(
        rep,
        app,
        save_field,
        1,
        tier,
        0,
        "customer",
        False,
        "等",
        "T",
        "single",
        "A",
        "",
    )
    opened = post(
        rep,
        app,
        open_dialog,
        None,
        1,
        None,
        chosen,
        changed=f"{AdminCustomFields.EDIT}.n_clicks",
    )
    moved = post(rep, app, row_action, 1, None, None, None, chosen, 0)
    toggled = post(
        rep,
        app,
        row_action,
        None,
        None,
        1,
        None,
        chosen,
        0,
        changed=f"{AdminCustomFields.TOGGLE}.n_clicks",
    )

    assert dash_response(listed)[AdminCustomFields.GRID]["rowData"] == []
    for response in (listed, added, edited, opened, moved, toggled):
        assert DENIED in response.get_data(as_text=True)
    assert dash_response(opened)[AdminCustomFields.MODAL]["is_open"] is False
    assert stored_fields(world) == before
    assert audit_count(world) == audits


def test_admin_adds_a_field_and_edits_it_in_the_dialog(admin, app, world):
    added = dash_response(
        post(
            admin,
            app,
            save_field,
            1,
            None,
            0,
            "lead",
            True,
            "行业细分",
            "Segment",
            "multi",
            "SMB\nEnterprise\n",
            "",
        )
    )
    assert added[AdminCustomFields.REFRESH]["data"] == 1
    assert added[AdminCustomFields.MODAL]["is_open"] is False
    assert stored_fields(world) == [
        ("Segment", "multi", ["SMB", "Enterprise"], True, True, 0)
    ]

    [segment] = field_ids(world, "lead")
    opened = dash_response(
        post(
            admin,
            app,
            open_dialog,
            None,
            1,
            None,
            [{"id": str(segment)}],
            changed=f"{AdminCustomFields.EDIT}.n_clicks",
        )
    )
    assert opened[AdminCustomFields.field("options")]["value"] == "SMB\nEnterprise"
    assert opened[AdminCustomFields.field("field_type")]["disabled"] is True
    assert opened[AdminCustomFields.REQUIRED]["value"] is True


# the customer form ----------------------------------------------------------------


def customer_form(name: str, owner_id: int) -> list:
    """CustomerForm.FIELDS values of a new customer."""
    values = dict.fromkeys(CustomerForm.FIELDS, "")
    values |= {"name": name, "stage": "potential", "owner_id": str(owner_id)}
    return [values[name] for name in CustomerForm.FIELDS]


def save_new_customer(client, app, world, name: str, custom: list):
    ids = field_ids(world)
    return post(
        client,
        app,
        save_customer,
        1,
        None,
        None,
        None,
        [CustomFields.input("customer", i) for i in ids],
        custom,
        *customer_form(name, world.users["rep_a1"]),
        patterns=ids,
    )


def custom_feedback(response) -> dict[int, str]:
    """{field id: message} of the custom inputs' feedback lines."""
    assert response.status_code == 200, response.get_data(as_text=True)
    return {
        json.loads(key)["field"]: props["children"]
        for key, props in response.get_json()["response"].items()
        if key.startswith("{") and CustomFields.FEEDBACK in key
    }


def customer_named(world, name: str) -> Customer | None:
    with world.database.read_only() as session:
        return session.scalar(select(Customer).where(Customer.name == name))


def test_the_form_shows_each_custom_fields_error_under_it(rep, app, world, tier):
    budget = field_ids(world)[1]

    response = save_new_customer(rep, app, world, "Custom Co", ["-", "lots"])

    assert custom_feedback(response) == {
        tier: "This field is required.",
        budget: "Enter a number (at most 4 decimal places).",
    }
    assert "Please correct the highlighted fields." in response.get_data(as_text=True)
    assert customer_named(world, "Custom Co") is None


def test_the_form_saves_custom_values_and_opens_the_customer(rep, app, world, tier):
    budget = field_ids(world)[1]

    response = save_new_customer(rep, app, world, "Custom Co", ["Gold", "12,000"])

    assert custom_feedback(response) == {tier: "", budget: ""}
    saved = customer_named(world, "Custom Co")
    assert saved.custom_values == {str(tier): "Gold", str(budget): "12000"}
    navigation = dash_response(response)["shell-nav-redirect"]["href"]
    assert navigation == f"/customers/{saved.id}"


def test_more_fields_show_only_for_a_customer_in_scope(rep, app, world, tier):
    with world.database.unit_of_work() as session:
        for owner in ("rep_a1", "rep_b1"):
            customer = session.get(Customer, world.customers[owner])
            customer.custom_values = {str(tier): "Silver"}

    def block(owner: str) -> str:
        response = call_callback(
            rep,
            app,
            CustomFields.detail("customer") + ".children",
            str(world.customers[owner]),
            0,
        )
        return json.dumps(dash_response(response))

    mine = block("rep_a1")
    assert "More fields" in mine and "Tier" in mine and "Silver" in mine
    assert "Silver" not in block("rep_b1")

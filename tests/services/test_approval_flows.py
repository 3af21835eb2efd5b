"""Approval flow administration: create/edit with field errors, thresholds,
activation, optimistic locking, permission; the flow choice by amount."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select, update

from models import ApprovalFlow, Role
from services.approval_flows import (
    SAME_THRESHOLD,
    FlowIn,
    StepIn,
    approver_choices,
    choose_flow,
    create_flow,
    get_flow,
    list_flows,
    set_flow_active,
    update_flow,
)
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.factories import audit_rows


def role_id(session, code: str) -> int:
    return session.scalar(select(Role.id).where(Role.code == code))


def big_contract_flow(session, **overrides) -> FlowIn:
    values = {
        "object_type": "contract",
        "name": "Large contracts",
        "mode": "fixed",
        "min_amount": "1,000,000",
        "steps": (
            StepIn("supervisor", mode="any"),
            StepIn("role", approver_role_id=role_id(session, "executive"), mode="all"),
        ),
    }
    return FlowIn(**(values | overrides))


def test_seeded_flows_are_listed_with_their_steps(session, org):
    flows = list_flows(session, org.actor("admin"), "contract")
    assert [f["name"] for f in flows] == ["Contract approval"]
    assert [(s["approver_kind"], s["approver"]) for s in flows[0]["steps"]] == [
        ("supervisor", ""),
        ("role", "Executive"),
    ]


def test_create_a_fixed_flow_with_a_threshold(session, org):
    admin = org.actor("admin")
    flow = create_flow(session, admin, big_contract_flow(session))
    stored = get_flow(session, admin, flow.id)
    assert (stored["min_amount"], stored["is_active"]) == (Decimal("1000000"), True)
    assert [
        (s["position"], s["approver_kind"], s["mode"]) for s in stored["steps"]
    ] == [
        (1, "supervisor", "any"),
        (2, "role", "all"),
    ]
    assert [a.object_id for a in audit_rows(session, "approval_flow.create")] == [
        flow.id
    ]


def test_every_field_error_is_reported_at_once(session, org):
    data = FlowIn(
        object_type="contract",
        name="  ",
        mode="fixed",
        min_amount="lots",
        steps=(
            StepIn("user", approver_user_id=None),
            StepIn("role", approver_role_id=999999),
            StepIn("nobody"),
            StepIn("supervisor", mode="most"),
        ),
    )
    with pytest.raises(ValidationFailed) as exc:
        create_flow(session, org.actor("admin"), data)
    assert exc.value.errors == {
        "name": "Name is required.",
        "min_amount": "Enter an amount between 0 and 999,999,999,999.99.",
        "step_1": "Choose an active user.",
        "step_2": "Choose a role.",
        "step_3": "Choose who approves this step.",
        "step_4": "Choose whether any one or all approvers must approve.",
    }


def test_a_fixed_flow_needs_a_step(session, org):
    with pytest.raises(ValidationFailed) as exc:
        create_flow(session, org.actor("admin"), big_contract_flow(session, steps=()))
    assert exc.value.errors == {"steps": "Add at least one step."}


def test_a_free_flow_keeps_no_steps(session, org):
    admin = org.actor("admin")
    flow = create_flow(
        session, admin, big_contract_flow(session, mode="free", name="Free")
    )
    assert get_flow(session, admin, flow.id)["steps"] == []


def test_two_active_flows_cannot_share_a_threshold(session, org):
    with pytest.raises(ValidationFailed) as exc:
        # The seeded contract flow starts at 0 too.
        create_flow(
            session, org.actor("admin"), big_contract_flow(session, min_amount="")
        )
    assert exc.value.errors == {"min_amount": SAME_THRESHOLD}


def test_activating_a_clashing_flow_is_refused(session, org):
    admin = org.actor("admin")
    flow = create_flow(session, admin, big_contract_flow(session))
    set_flow_active(session, admin, flow.id, active=False)
    create_flow(session, admin, big_contract_flow(session, name="Replacement"))
    with pytest.raises(ValidationFailed):
        set_flow_active(session, admin, flow.id, active=True)


def test_deactivate_and_activate_are_audited(session, org):
    admin = org.actor("admin")
    flow = create_flow(session, admin, big_contract_flow(session))
    set_flow_active(session, admin, flow.id, active=False)
    set_flow_active(session, admin, flow.id, active=True)
    flow_actions = [
        a.action
        for a in audit_rows(session, object_id=flow.id)
        if a.object_type == "approval_flow"
    ]
    assert flow_actions == [
        "approval_flow.create",
        "approval_flow.deactivate",
        "approval_flow.activate",
    ]


def test_update_replaces_the_steps(session, org):
    admin = org.actor("admin")
    flow = create_flow(session, admin, big_contract_flow(session))
    changed = big_contract_flow(
        session, steps=(StepIn("user", approver_user_id=org.ids["exec"]),)
    )
    update_flow(session, admin, flow.id, changed, expected_version=flow.version)
    stored = get_flow(session, admin, flow.id)
    assert [(s["approver_kind"], s["approver"]) for s in stored["steps"]] == [
        ("user", "Exec")
    ]
    assert stored["version"] == 2
    assert (
        audit_rows(session, "approval_flow.update")[0].after["steps"][0][
            "approver_user_id"
        ]
        == (org.ids["exec"])
    )


def test_update_from_a_stale_version_is_a_conflict(session, org):
    admin = org.actor("admin")
    flow = create_flow(session, admin, big_contract_flow(session))
    data = big_contract_flow(session, name="Renamed")
    update_flow(session, admin, flow.id, data, expected_version=1)
    with pytest.raises(Conflict) as exc:
        update_flow(session, admin, flow.id, data, expected_version=1)
    assert exc.value.params["name"] == "Admin"


def test_flow_admin_needs_the_settings_permission(session, org):
    rep = org.actor("rep_a1")
    with pytest.raises(PermissionDenied):
        list_flows(session, rep)
    with pytest.raises(PermissionDenied):
        create_flow(session, rep, big_contract_flow(session))
    with pytest.raises(PermissionDenied):
        approver_choices(session, rep)


def test_unknown_flows_are_not_found(session, org):
    with pytest.raises(NotFound):
        get_flow(session, org.actor("admin"), 999999)
    with pytest.raises(NotFound):
        set_flow_active(session, org.actor("admin"), 999999, active=False)


def test_the_highest_threshold_not_above_the_amount_wins(session, org):
    admin = org.actor("admin")
    big = create_flow(session, admin, big_contract_flow(session))
    seeded = session.scalar(
        select(ApprovalFlow.id).where(ApprovalFlow.name == "Contract approval")
    )
    assert choose_flow(session, "contract", Decimal("999999.99")).id == seeded
    assert choose_flow(session, "contract", Decimal("1000000")).id == big.id
    assert choose_flow(session, "contract", None).id == seeded
    session.execute(update(ApprovalFlow).values(is_active=False))
    assert choose_flow(session, "contract", Decimal("5")) is None

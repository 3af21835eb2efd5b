"""Approval engine: flow choice, fixed and free flows, approve/reject/withdraw,
forged and repeated requests, state for the panel, log and inbox."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from models import (
    ApprovalAction,
    ApprovalRequest,
    ApprovalStep,
    Notification,
)
from services.approval_inbox import (
    count_my_submissions_in_progress,
    count_pending_approvals,
    my_submissions_in_progress,
    pending_approvals,
)
from services.approvals import (
    ALREADY_DECIDED,
    ALREADY_SUBMITTED,
    NO_FLOW,
    NO_SUPERVISOR,
    NOBODY_LEFT,
    NOT_AN_APPROVER,
    NOT_PENDING,
    NOT_SUBMITTABLE,
    ONLY_SUBMITTER,
    PICK_APPROVERS,
    PICK_FROM_LIST,
    REASON_REQUIRED,
    REQUEST_MOVED_ON,
    STALE_RECORD,
    approval_log,
    approval_state,
    approve,
    reject,
    submit,
    withdraw,
)
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.factories import audit_rows, reloaded
from tests.services.approval_support import (
    HOOK_CALLS,
    contract_subject,  # noqa: F401 - fixture
    make_contract,
    make_flow,
)

pytestmark = pytest.mark.usefixtures("contract_subject")


def actions(session, object_id: int) -> list[str]:
    return list(
        session.scalars(
            select(ApprovalAction.action)
            .where(ApprovalAction.object_id == object_id)
            .order_by(ApprovalAction.id)
        )
    )


def step_statuses(session, request_id: int) -> list[str]:
    return list(
        session.scalars(
            select(ApprovalStep.status)
            .where(ApprovalStep.request_id == request_id)
            .order_by(ApprovalStep.position)
        )
    )


def submitted(org, owner: str = "rep_a1", amount: str = "1000.00"):
    contract = make_contract(org.session, org, owner, amount)
    request = submit(org.session, org.actor(owner), "contract", contract.id)
    return contract, request


# --- submit -------------------------------------------------------------------


def test_submit_runs_the_seeded_flow_supervisor_then_executive(session, org):
    contract = make_contract(session, org, "rep_a1")
    version = contract.version

    request = submit(session, org.actor("rep_a1"), "contract", contract.id)

    state = approval_state(session, org.actor("rep_a1"), "contract", contract.id)
    assert [(s.position, s.status) for s in state.steps] == [
        (1, "active"),
        (2, "waiting"),
    ]
    assert [a.name for a in state.steps[0].approvers] == ["Leader A"]
    assert [a.name for a in state.steps[1].approvers] == ["Exec"]
    stored = reloaded(session, contract)
    assert (stored.status, stored.version) == ("pending", version + 1)
    assert (request.status, request.current_position) == ("pending", 1)
    assert actions(session, contract.id) == ["submit"]
    assert [a.action for a in audit_rows(session, "contract.submit", contract.id)] == [
        "contract.submit"
    ]


def test_submit_notifies_the_first_step_approvers(session, org):
    contract, _request = submitted(org)
    notes = session.scalars(
        select(Notification).where(Notification.kind == "approval_requested")
    ).all()
    assert [(n.user_id, n.link) for n in notes] == [
        (org.ids["leader_a"], f"/contracts/{contract.id}")
    ]
    assert notes[0].params["submitter"] == "Rep A1"


def test_submit_without_an_active_flow_says_an_admin_must_configure_one(session, org):
    flow = make_flow(session, steps=(("supervisor", None, "any"),))
    flow.is_active = False
    session.flush()
    contract = make_contract(session, org, "rep_a1")
    with pytest.raises(ValidationFailed) as exc:
        submit(session, org.actor("rep_a1"), "contract", contract.id)
    assert exc.value.errors == {"flow": NO_FLOW}
    assert reloaded(session, contract).status == "draft"


def test_the_flow_with_the_highest_threshold_not_above_the_amount_applies(session, org):
    make_flow(session, steps=(("supervisor", None, "any"),), name="Small")
    make_flow(
        session,
        steps=(("role", "executive", "any"),),
        min_amount="1000000",
        replace=False,
        name="Large",
    )
    small = make_contract(session, org, "rep_a1", "999999.99")
    large = make_contract(session, org, "rep_a1", "1000000.00")
    rep = org.actor("rep_a1")
    submit(session, rep, "contract", small.id)
    submit(session, rep, "contract", large.id)
    assert approval_state(session, rep, "contract", small.id).request.flow_name == (
        "Small"
    )
    large_state = approval_state(session, rep, "contract", large.id)
    assert large_state.request.flow_name == "Large"
    assert large_state.request.amount == Decimal("1000000.00")


def test_a_submitter_without_supervisor_is_told_which_step(session, org):
    contract = make_contract(session, org, "rep_b1")
    with pytest.raises(ValidationFailed) as exc:
        submit(session, org.actor("rep_b1"), "contract", contract.id)
    assert exc.value.errors == {"flow": NO_SUPERVISOR}
    assert exc.value.params == {"position": 1}


def test_the_submitter_is_not_their_own_approver(session, org):
    make_flow(session, steps=(("role", "leader", "any"),))
    contract = make_contract(session, org, "leader_a")
    with pytest.raises(ValidationFailed) as exc:
        submit(session, org.actor("leader_a"), "contract", contract.id)
    assert exc.value.errors == {"flow": NOBODY_LEFT}
    assert reloaded(session, contract).status == "draft"


def test_a_flow_may_allow_self_approval(session, org):
    make_flow(session, steps=(("role", "leader", "any"),), allow_self_approval=True)
    contract = make_contract(session, org, "leader_a")
    leader = org.actor("leader_a")
    request = submit(session, leader, "contract", contract.id)
    approve(session, leader, request.id, step_position=1)
    assert reloaded(session, contract).status == "approved"


def test_submitting_again_returns_the_pending_request_without_a_new_record(
    session, org
):
    contract, first = submitted(org)
    again = submit(session, org.actor("rep_a1"), "contract", contract.id, version=1)
    assert again.id == first.id
    assert actions(session, contract.id) == ["submit"]
    assert session.scalar(select(func.count()).select_from(ApprovalRequest)) == 1


def test_someone_else_submitting_a_pending_record_gets_a_conflict(session, org):
    contract, _request = submitted(org)
    with pytest.raises(Conflict) as exc:
        submit(session, org.actor("leader_a"), "contract", contract.id)
    assert exc.value.message == ALREADY_SUBMITTED


def test_submit_with_a_stale_version_is_a_conflict(session, org):
    contract = make_contract(session, org, "rep_a1")
    with pytest.raises(Conflict) as exc:
        submit(session, org.actor("rep_a1"), "contract", contract.id, version=7)
    assert exc.value.message == STALE_RECORD
    assert reloaded(session, contract).status == "draft"


def test_an_approved_record_cannot_be_submitted(session, org):
    contract = make_contract(session, org, "rep_a1", status="approved")
    with pytest.raises(Conflict) as exc:
        submit(session, org.actor("rep_a1"), "contract", contract.id)
    assert exc.value.message == NOT_SUBMITTABLE


def test_submit_is_scoped_rep_a2_cannot_submit_rep_a1s_contract(session, org):
    contract = make_contract(session, org, "rep_a1")
    with pytest.raises(NotFound):
        submit(session, org.actor("rep_a2"), "contract", contract.id)


def test_submit_needs_the_edit_permission(session, org):
    contract = make_contract(session, org, "rep_a1")
    with pytest.raises(PermissionDenied):
        submit(session, org.actor("exec"), "contract", contract.id)


# --- approve / reject -----------------------------------------------------------


def test_two_approvals_approve_the_contract_with_owner_and_team(session, org):
    contract, request = submitted(org)
    approve(session, org.actor("leader_a"), request.id, step_position=1, comment="ok")
    assert reloaded(session, request).current_position == 2
    assert reloaded(session, contract).status == "pending"

    approve(session, org.actor("exec"), request.id, step_position=2)

    stored = reloaded(session, contract)
    assert stored.status == "approved"
    assert stored.approved_at is not None
    assert (stored.approved_owner_id, stored.approved_team_id) == (
        org.ids["rep_a1"],
        org.team_a.id,
    )
    assert reloaded(session, request).status == "approved"
    assert step_statuses(session, request.id) == ["approved", "approved"]
    assert actions(session, contract.id) == ["submit", "approve", "approve"]
    assert HOOK_CALLS == [("approved", contract.id)]
    assert (
        session.scalar(
            select(Notification.user_id).where(Notification.kind == "approval_approved")
        )
        == org.ids["rep_a1"]
    )


def test_an_all_step_needs_every_approver(session, org):
    org.add_user("exec2", "executive", org.company)
    make_flow(session, steps=(("role", "executive", "all"),))
    contract, request = submitted(org)

    approve(session, org.actor("exec"), request.id, step_position=1)
    assert reloaded(session, contract).status == "pending"
    assert step_statuses(session, request.id) == ["active"]

    approve(session, org.actor("exec2"), request.id, step_position=1)
    assert reloaded(session, contract).status == "approved"


def test_an_any_step_is_done_after_one_approval(session, org):
    org.add_user("exec2", "executive", org.company)
    make_flow(session, steps=(("role", "executive", "any"),))
    contract, request = submitted(org)
    approve(session, org.actor("exec2"), request.id, step_position=1)
    assert reloaded(session, contract).status == "approved"
    with pytest.raises(Conflict):
        approve(session, org.actor("exec"), request.id, step_position=1)


def test_a_user_step_goes_to_that_user(session, org):
    make_flow(session, steps=(("user", org.ids["admin"], "any"),))
    contract, request = submitted(org)
    with pytest.raises(PermissionDenied):
        approve(session, org.actor("leader_a"), request.id, step_position=1)
    approve(session, org.actor("admin"), request.id, step_position=1)
    assert reloaded(session, contract).status == "approved"


def test_approving_twice_is_a_conflict_with_one_record(session, org):
    org.add_user("exec2", "executive", org.company)
    make_flow(session, steps=(("role", "executive", "all"),))
    contract, request = submitted(org)
    approve(session, org.actor("exec"), request.id, step_position=1)
    with pytest.raises(Conflict) as exc:
        approve(session, org.actor("exec"), request.id, step_position=1)
    assert exc.value.message == ALREADY_DECIDED
    assert actions(session, contract.id) == ["submit", "approve"]


def test_a_forged_later_step_is_a_conflict_and_changes_nothing(session, org):
    contract, request = submitted(org)
    with pytest.raises(Conflict) as exc:
        approve(session, org.actor("exec"), request.id, step_position=2)
    assert exc.value.message == REQUEST_MOVED_ON
    assert reloaded(session, request).current_position == 1
    assert step_statuses(session, request.id) == ["active", "waiting"]
    assert actions(session, contract.id) == ["submit"]


def test_a_visible_non_approver_is_denied(session, org):
    _contract, request = submitted(org)
    # The admin sees every contract but is not an approver of step 1.
    with pytest.raises(PermissionDenied) as exc:
        approve(session, org.actor("admin"), request.id, step_position=1)
    assert exc.value.message == NOT_AN_APPROVER


def test_someone_who_cannot_see_the_request_gets_not_found(session, org):
    _contract, request = submitted(org)
    with pytest.raises(NotFound):
        approve(session, org.actor("rep_b1"), request.id, step_position=1)
    with pytest.raises(NotFound):
        reject(session, org.actor("rep_b1"), request.id, step_position=1, reason="x")


def test_the_submitter_cannot_approve_their_own_request(session, org):
    _contract, request = submitted(org)
    with pytest.raises(PermissionDenied):
        approve(session, org.actor("rep_a1"), request.id, step_position=1)


def test_reject_needs_a_reason(session, org):
    contract, request = submitted(org)
    with pytest.raises(ValidationFailed) as exc:
        reject(session, org.actor("leader_a"), request.id, step_position=1, reason=" ")
    assert exc.value.errors == {"reason": REASON_REQUIRED}
    assert reloaded(session, contract).status == "pending"
    assert actions(session, contract.id) == ["submit"]


def test_reject_sends_the_record_back_to_the_submitter(session, org):
    contract, request = submitted(org)
    reject(
        session, org.actor("leader_a"), request.id, step_position=1, reason="Too cheap"
    )
    assert reloaded(session, contract).status == "rejected"
    assert reloaded(session, request).status == "rejected"
    assert step_statuses(session, request.id) == ["rejected", "cancelled"]
    log = approval_log(session, org.actor("rep_a1"), "contract", contract.id)
    assert [(e["action"], e["comment"]) for e in log] == [
        ("submit", None),
        ("reject", "Too cheap"),
    ]
    assert HOOK_CALLS == [("rejected", contract.id)]
    note = session.scalar(
        select(Notification).where(Notification.kind == "approval_rejected")
    )
    assert (note.user_id, note.params["reason"]) == (org.ids["rep_a1"], "Too cheap")


def test_a_rejected_record_is_resubmitted_as_a_new_request(session, org):
    contract, first = submitted(org)
    reject(session, org.actor("leader_a"), first.id, step_position=1, reason="No")
    second = submit(session, org.actor("rep_a1"), "contract", contract.id)
    assert second.id != first.id
    assert reloaded(session, contract).status == "pending"
    assert actions(session, contract.id) == ["submit", "reject", "submit"]
    # The old request's step cannot be decided any more.
    with pytest.raises(Conflict) as exc:
        approve(session, org.actor("leader_a"), first.id, step_position=1)
    assert exc.value.message == NOT_PENDING


def test_a_flow_edit_does_not_change_a_request_in_progress(session, org):
    contract, request = submitted(org)
    make_flow(session, steps=(("user", org.ids["admin"], "any"),))
    approve(session, org.actor("leader_a"), request.id, step_position=1)
    state = approval_state(session, org.actor("rep_a1"), "contract", contract.id)
    assert [a.name for a in state.steps[1].approvers] == ["Exec"]


# --- withdraw -----------------------------------------------------------------


def test_withdraw_returns_the_record_to_draft(session, org):
    contract, request = submitted(org)
    withdraw(session, org.actor("rep_a1"), request.id)
    assert reloaded(session, contract).status == "draft"
    assert reloaded(session, request).status == "withdrawn"
    assert step_statuses(session, request.id) == ["cancelled", "cancelled"]
    assert actions(session, contract.id) == ["submit", "withdraw"]
    assert HOOK_CALLS == [("withdrawn", contract.id)]


def test_only_the_submitter_may_withdraw(session, org):
    _contract, request = submitted(org)
    with pytest.raises(PermissionDenied) as exc:
        withdraw(session, org.actor("leader_a"), request.id)
    assert exc.value.message == ONLY_SUBMITTER
    with pytest.raises(NotFound):
        withdraw(session, org.actor("rep_b1"), request.id)


def test_withdrawing_twice_is_a_conflict(session, org):
    contract, request = submitted(org)
    withdraw(session, org.actor("rep_a1"), request.id)
    with pytest.raises(Conflict):
        withdraw(session, org.actor("rep_a1"), request.id)
    assert actions(session, contract.id) == ["submit", "withdraw"]


# --- free flow ----------------------------------------------------------------


def test_free_flow_submit_needs_approvers(session, org):
    make_flow(session, mode="free")
    contract = make_contract(session, org, "rep_a1")
    with pytest.raises(ValidationFailed) as exc:
        submit(session, org.actor("rep_a1"), "contract", contract.id)
    assert exc.value.errors == {"approver_ids": PICK_APPROVERS}


def test_free_flow_approvers_must_hold_the_approve_permission(session, org):
    make_flow(session, mode="free")
    contract = make_contract(session, org, "rep_a1")
    with pytest.raises(ValidationFailed) as exc:
        submit(
            session,
            org.actor("rep_a1"),
            "contract",
            contract.id,
            approver_ids=[org.ids["rep_a2"]],
        )
    assert exc.value.errors == {"approver_ids": PICK_FROM_LIST}


def test_free_flow_submitter_cannot_pick_themselves(session, org):
    make_flow(session, mode="free")
    contract = make_contract(session, org, "leader_a")
    with pytest.raises(ValidationFailed):
        submit(
            session,
            org.actor("leader_a"),
            "contract",
            contract.id,
            approver_ids=[org.ids["leader_a"]],
        )


def test_free_flow_each_approver_may_pick_the_next(session, org):
    make_flow(session, mode="free")
    contract = make_contract(session, org, "rep_a1")
    request = submit(
        session,
        org.actor("rep_a1"),
        "contract",
        contract.id,
        approver_ids=[org.ids["leader_a"]],
    )
    approve(
        session,
        org.actor("leader_a"),
        request.id,
        step_position=1,
        next_approver_ids=[org.ids["exec"]],
    )
    assert reloaded(session, request).current_position == 2
    assert reloaded(session, contract).status == "pending"
    approve(session, org.actor("exec"), request.id, step_position=2)
    assert reloaded(session, contract).status == "approved"
    log = approval_log(session, org.actor("rep_a1"), "contract", contract.id)
    assert [e["next_approvers"] for e in log] == [["Leader A"], ["Exec"], []]


# --- state, log and inbox -------------------------------------------------------


def test_state_tells_the_submitter_and_the_approver_what_they_may_do(session, org):
    contract = make_contract(session, org, "rep_a1")
    draft = approval_state(session, org.actor("rep_a1"), "contract", contract.id)
    assert (draft.request, draft.can_submit, draft.submit_flow_mode) == (
        None,
        True,
        "fixed",
    )
    request = submit(session, org.actor("rep_a1"), "contract", contract.id)
    mine = approval_state(session, org.actor("rep_a1"), "contract", contract.id)
    assert (mine.can_submit, mine.can_withdraw, mine.can_approve) == (
        False,
        True,
        False,
    )
    theirs = approval_state(session, org.actor("leader_a"), "contract", contract.id)
    assert (theirs.can_approve, theirs.can_reject, theirs.can_withdraw) == (
        True,
        True,
        False,
    )
    assert theirs.request.id == request.id
    assert theirs.request.submitter == "Rep A1"
    assert [(e.actor, e.action) for e in theirs.log] == [("Rep A1", "submit")]


def test_state_offers_approver_candidates_in_a_free_flow(session, org):
    make_flow(session, mode="free")
    contract = make_contract(session, org, "rep_a1")
    state = approval_state(session, org.actor("rep_a1"), "contract", contract.id)
    assert state.needs_next_approver
    assert [name for _id, name in state.approver_candidates] == [
        "Admin",
        "Exec",
        "Leader A",
    ]


def test_an_approver_out_of_scope_still_sees_the_approval(session, org):
    org.add_user("leader_b", "leader", org.team_b)
    make_flow(session, mode="free")
    contract = make_contract(session, org, "rep_a1")
    submit(
        session,
        org.actor("rep_a1"),
        "contract",
        contract.id,
        approver_ids=[org.ids["leader_b"]],
    )
    state = approval_state(session, org.actor("leader_b"), "contract", contract.id)
    assert state.can_approve and not state.can_submit


def test_state_and_log_are_scoped(session, org):
    contract = make_contract(session, org, "rep_a1")
    with pytest.raises(NotFound):
        approval_state(session, org.actor("rep_b1"), "contract", contract.id)
    with pytest.raises(NotFound):
        approval_log(session, org.actor("rep_a2"), "contract", contract.id)


def test_unknown_object_types_are_not_found(session, org):
    with pytest.raises(NotFound):
        approval_state(session, org.actor("admin"), "spaceship", 1)


def test_inbox_lists_what_waits_for_me(session, org):
    contract, request = submitted(org)
    leader = org.actor("leader_a")
    page = pending_approvals(session, leader)
    assert page.total == 1
    row = page.rows[0]
    assert (row["request_id"], row["object_id"], row["step_position"]) == (
        request.id,
        contract.id,
        1,
    )
    assert row["title"] == f"{contract.number} {contract.name}"
    assert (row["url"], row["submitter"]) == (f"/contracts/{contract.id}", "Rep A1")
    assert count_pending_approvals(session, leader)["contract"] == 1
    # The executive's step is not active yet.
    assert pending_approvals(session, org.actor("exec")).total == 0


def test_inbox_moves_to_the_next_approver(session, org):
    _contract, request = submitted(org)
    approve(session, org.actor("leader_a"), request.id, step_position=1)
    assert pending_approvals(session, org.actor("leader_a")).total == 0
    assert count_pending_approvals(session, org.actor("exec"))["contract"] == 1
    assert (
        pending_approvals(session, org.actor("exec"), object_type="payment").total == 0
    )


def test_my_submissions_in_progress_name_who_they_wait_for(session, org):
    submitted(org)
    page = my_submissions_in_progress(session, org.actor("rep_a1"))
    assert page.total == 1
    assert page.rows[0]["waiting_for"] == ["Leader A"]
    assert count_my_submissions_in_progress(session, org.actor("rep_a1")) == 1
    # Scope: another rep's submissions are not mine.
    assert count_my_submissions_in_progress(session, org.actor("rep_a2")) == 0
    assert my_submissions_in_progress(session, org.actor("rep_a2")).rows == []

"""Contract detail callbacks: load (again after every approval action), log a
follow-up, void, delete."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from dashboard.callbacks.modals import register_modal_toggle
from dashboard.components import contract_views as views
from dashboard.components import customer_views
from dashboard.components.feedback import error_alert, field_feedback, toast
from dashboard.components.followup_form import FIELDS as FOLLOWUP_FIELDS
from dashboard.components.followup_form import default_times
from dashboard.components.line_items import line_items_table
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, current_language
from dashboard.ids import ApprovalPanel, ContractFollowUpForm, Shell
from dashboard.ids import ContractDetail as ids
from dashboard.parsing import parse_int, parse_local_datetimes, require_click
from services import dictionaries
from services.contacts import customer_contacts
from services.contracts import (
    contract_detail,
    contract_log,
    delete_contract,
    get_contract,
    void_contract,
)
from services.errors import NotFound, ServiceError, ValidationFailed
from services.followups import FollowUpIn, create_followup, timeline
from services.permissions import FOLLOWUP_CREATE

SHOWN, HIDDEN = {}, {"display": "none"}
BUTTONS = (ids.EDIT, ids.RECORD_PAYMENT, ids.VOID, ids.DELETE, ids.FOLLOWUP_CARD)
fids = ContractFollowUpForm
FOLLOWUP_IDS = {
    "followup_type": fids.TYPE,
    "contact_id": fids.CONTACT,
    "content": fids.CONTENT,
    "occurred_at": fids.OCCURRED,
    "next_followup_at": fids.NEXT,
}
APPROVAL_CHANGED = {"type": ApprovalPanel.CHANGED, "index": "contract"}


def _contract_id(value) -> int:
    """The id in the URL, as an int. Raises NotFound when it is not one."""
    contract_id = parse_int(value)
    if contract_id is None:
        raise NotFound()
    return contract_id


def _visibility(detail: dict, actor) -> list[dict]:
    shown = {
        ids.EDIT: detail["can_edit"],
        ids.RECORD_PAYMENT: detail["can_record_payment"],
        ids.VOID: detail["can_void"],
        ids.DELETE: detail["can_delete"],
        ids.FOLLOWUP_CARD: detail["in_scope"]
        and detail["customer_visible"]
        and actor.can(FOLLOWUP_CREATE),
    }
    return [SHOWN if shown[key] else HIDDEN for key in BUTTONS]


def load_detail(contract_id, _refresh, _approval_changed):
    """Header and tabs of one contract, re-checked against the actor's scope."""
    language = current_language()
    try:
        with read_session() as session:
            actor = current_actor()
            cid = _contract_id(contract_id)
            detail = contract_detail(session, actor, cid)
            log = contract_log(session, actor, cid)
            entries, contacts = [], []
            if detail["in_scope"]:
                entries = timeline(session, actor, contract_id=cid)
            if detail["customer_visible"]:
                contacts = customer_contacts(session, actor, detail["customer_id"])
            labels = dictionaries.labels(session, language)
    except ServiceError as error:
        hidden = [HIDDEN] * len(BUTTONS)
        return (error_alert(error), None, None, None, None, None, [], *hidden)
    return (
        views.header(detail),
        views.info(detail),
        line_items_table(detail["lines"]),
        customer_views.timeline(entries, labels),
        views.operation_log(log),
        detail["version"],
        customer_views.contact_options(contacts),
        *_visibility(detail, actor),
    )


def save_followup(n_clicks, contract_id, refresh, *values):
    """Log a follow-up about the contract, filed under its customer; the
    service re-checks the contract, customer and contact."""
    require_click(n_clicks)
    form = dict(zip(FOLLOWUP_FIELDS, values, strict=True))
    times, errors = parse_local_datetimes(form, ("occurred_at", "next_followup_at"))
    try:
        if errors:
            raise ValidationFailed(errors)
        with unit_of_work() as session:
            actor = current_actor()
            contract = get_contract(session, actor, _contract_id(contract_id))
            data = FollowUpIn(
                customer_id=contract.customer_id,
                contract_id=contract.id,
                contact_id=parse_int(form["contact_id"]),
                followup_type=form["followup_type"] or None,
                content=form["content"],
                **times,
            )
            create_followup(session, actor, data)
    except ServiceError as error:
        found = error.errors if isinstance(error, ValidationFailed) else {}
        kept = (no_update,) * 3  # the user's input stays on failure
        return (
            *field_feedback(found, FOLLOWUP_FIELDS),
            error_alert(error),
            no_update,
            *kept,
        )
    saved = (toast(_("Follow-up saved.")), (refresh or 0) + 1, "", *default_times())
    return (*field_feedback({}, FOLLOWUP_FIELDS), *saved)


def confirm_void(n_clicks, contract_id, version, reason, refresh):
    """Void with the reason given; the dialog stays open on a field error."""
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            void_contract(
                session,
                current_actor(),
                _contract_id(contract_id),
                reason=reason,
                expected_version=parse_int(version),
            )
    except ValidationFailed as error:
        return True, _(error.errors.get("reason", "")), True, None, no_update
    except ServiceError as error:
        return False, "", False, error_alert(error), (refresh or 0) + 1
    return False, "", False, toast(_("Contract voided.")), (refresh or 0) + 1


def confirm_delete(n_clicks, contract_id, version):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            delete_contract(
                session,
                current_actor(),
                _contract_id(contract_id),
                expected_version=parse_int(version),
            )
    except ServiceError as error:
        return no_update, no_update, False, error_alert(error)
    return toast(_("Contract deleted.")), "/contracts", False, no_update


def register(app: Dash) -> None:
    app.callback(
        Output(ids.HEADER, "children"),
        Output(ids.INFO, "children"),
        Output(ids.LINES, "children"),
        Output(ids.TIMELINE, "children"),
        Output(ids.LOG, "children"),
        Output(ids.VERSION, "data"),
        Output(fids.CONTACT, "options"),
        *[Output(button, "style") for button in BUTTONS],
        Input(ids.CONTRACT_ID, "data"),
        Input(ids.REFRESH, "data"),
        Input(APPROVAL_CHANGED, "data"),
    )(load_detail)
    app.callback(
        *[Output(FOLLOWUP_IDS[n], "invalid") for n in FOLLOWUP_FIELDS],
        *[Output(fids.feedback(n), "children") for n in FOLLOWUP_FIELDS],
        Output(fids.MESSAGE, "children"),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Output(fids.CONTENT, "value"),
        Output(fids.OCCURRED, "value"),
        Output(fids.NEXT, "value"),
        Input(fids.SAVE, "n_clicks"),
        State(ids.CONTRACT_ID, "data"),
        State(ids.REFRESH, "data"),
        *[State(FOLLOWUP_IDS[n], "value") for n in FOLLOWUP_FIELDS],
        prevent_initial_call=True,
    )(save_followup)
    register_modal_toggle(app, ids.VOID_MODAL, ids.VOID, ids.VOID_CANCEL)
    app.callback(
        Output(ids.VOID_REASON, "invalid"),
        Output(ids.VOID_REASON_FEEDBACK, "children"),
        Output(ids.VOID_MODAL, "is_open", allow_duplicate=True),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Input(ids.VOID_CONFIRM, "n_clicks"),
        State(ids.CONTRACT_ID, "data"),
        State(ids.VERSION, "data"),
        State(ids.VOID_REASON, "value"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(confirm_void)
    register_modal_toggle(app, ids.DELETE_MODAL, ids.DELETE, ids.DELETE_CANCEL)
    app.callback(
        Output(Shell.FLASH, "children", allow_duplicate=True),
        Output(Shell.NAV, "href", allow_duplicate=True),
        Output(ids.DELETE_MODAL, "is_open", allow_duplicate=True),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Input(ids.DELETE_CONFIRM, "n_clicks"),
        State(ids.CONTRACT_ID, "data"),
        State(ids.VERSION, "data"),
        prevent_initial_call=True,
    )(confirm_delete)

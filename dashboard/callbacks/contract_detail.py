"""Contract detail callbacks: load (again after every approval action), log a
follow-up, void, delete."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from dashboard.callbacks.detail_page import (
    register_followup_save,
    save_followup_for,
    url_id,
)
from dashboard.callbacks.modals import register_modal_toggle
from dashboard.components import contract_views as views
from dashboard.components import customer_views
from dashboard.components.feedback import error_alert, toast
from dashboard.components.followup_form import FIELDS as FOLLOWUP_FIELDS
from dashboard.components.line_items import line_items_table
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, current_language
from dashboard.ids import ApprovalPanel, ContractFollowUpForm, Shell
from dashboard.ids import ContractDetail as ids
from dashboard.parsing import parse_int, require_click
from services import dictionaries
from services.contacts import customer_contacts
from services.contracts import (
    contract_detail,
    contract_log,
    delete_contract,
    get_contract,
    void_contract,
)
from services.errors import ServiceError, ValidationFailed
from services.followups import FollowUpIn, create_followup, timeline
from services.permissions import FOLLOWUP_CREATE

SHOWN, HIDDEN = {}, {"display": "none"}
BUTTONS = (ids.EDIT, ids.RECORD_PAYMENT, ids.VOID, ids.DELETE, ids.FOLLOWUP_CARD)
fids = ContractFollowUpForm
APPROVAL_CHANGED = {"type": ApprovalPanel.CHANGED, "index": "contract"}


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
            cid = url_id(contract_id)
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

    def create(session, actor, form, times):
        contract = get_contract(session, actor, url_id(contract_id))
        data = FollowUpIn(
            customer_id=contract.customer_id,
            contract_id=contract.id,
            contact_id=parse_int(form["contact_id"]),
            followup_type=form["followup_type"] or None,
            content=form["content"],
            **times,
        )
        create_followup(session, actor, data)

    return save_followup_for(
        n_clicks, refresh, values, fields=FOLLOWUP_FIELDS, create=create
    )


def confirm_void(n_clicks, contract_id, version, reason, refresh):
    """Void with the reason given; the dialog stays open on a field error."""
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            void_contract(
                session,
                current_actor(),
                url_id(contract_id),
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
                url_id(contract_id),
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
    register_followup_save(
        app,
        save_followup,
        form_ids=fids,
        fields=FOLLOWUP_FIELDS,
        record_store=ids.CONTRACT_ID,
        refresh_store=ids.REFRESH,
        allow_duplicate=True,
    )
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

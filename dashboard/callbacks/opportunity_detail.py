"""Opportunity detail callbacks: load every tab, move stage, win/lose with a
reason, reopen, delete and log a follow-up about the opportunity."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard.callbacks.detail_page import (
    register_followup_save,
    save_followup_for,
    url_id,
)
from dashboard.callbacks.modals import register_modal_toggle
from dashboard.components import customer_views
from dashboard.components import opportunity_views as views
from dashboard.components.feedback import error_alert, toast
from dashboard.components.followup_form import FIELDS as FOLLOWUP_FIELDS
from dashboard.components.line_items import line_items_table
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, current_language
from dashboard.ids import OpportunityDetail as ids
from dashboard.ids import OpportunityFollowUpForm as fids
from dashboard.ids import Shell
from dashboard.parsing import parse_int, require_click
from services import dictionaries
from services.errors import ServiceError, ValidationFailed
from services.followups import FollowUpIn, create_followup, timeline
from services.opportunities import (
    close_opportunity,
    delete_opportunity,
    get_opportunity,
    move_opportunity_stage,
    opportunity_detail,
    opportunity_log,
    reopen_opportunity,
    stage_history,
)
from services.opportunity_stages import list_stages
from services.permissions import CONTRACT_CREATE, FOLLOWUP_CREATE

SHOWN, HIDDEN = {}, {"display": "none"}
BUTTONS = (
    ids.EDIT,
    ids.NEW_CONTRACT,
    ids.DELETE,
    ids.WIN,
    ids.LOSE,
    ids.REOPEN,
    ids.FOLLOWUP_CARD,
)


def _visibility(detail: dict, actor) -> list[dict]:
    is_open = detail["status"] == "open"
    shown = {
        ids.EDIT: detail["can_edit"],
        ids.NEW_CONTRACT: actor.can(CONTRACT_CREATE) and detail["status"] != "lost",
        ids.DELETE: detail["can_delete"],
        ids.WIN: is_open and detail["can_edit"],
        ids.LOSE: is_open and detail["can_edit"],
        ids.REOPEN: not is_open and detail["can_reopen"],
        ids.FOLLOWUP_CARD: actor.can(FOLLOWUP_CREATE) and detail["customer_visible"],
    }
    return [SHOWN if shown[key] else HIDDEN for key in BUTTONS]


def load_detail(opportunity_id, _refresh):
    """Every tab of one opportunity, re-checked against the actor's scope."""
    language = current_language()
    try:
        with read_session() as session:
            actor = current_actor()
            oid = url_id(opportunity_id)
            detail = opportunity_detail(session, actor, oid)
            entries = timeline(session, actor, opportunity_id=oid)
            changes = stage_history(session, actor, oid)
            log = opportunity_log(session, actor, oid)
            stages = views.stage_infos(
                list_stages(session, active_only=False), language
            )
            labels = dictionaries.labels(session, language)
    except ServiceError as error:
        empty = (None,) * 7
        return (error_alert(error), *empty, None, [], [], *[HIDDEN] * len(BUTTONS))
    reopen_options = [
        {"label": s.label, "value": str(s.id)}
        for s in stages.values()
        if s.outcome == "open" and s.is_active
    ]
    return (
        views.header(detail, stages),
        views.stage_bar(detail, stages),
        views.info(detail, stages),
        line_items_table(detail["lines"], detail["lines_total"]),
        customer_views.contacts(detail["contacts"]),
        customer_views.timeline(entries, labels),
        views.history(changes, stages),
        views.operation_log(log, stages),
        detail["version"],
        customer_views.contact_options(detail["customer_contacts"]),
        reopen_options,
        *_visibility(detail, actor),
    )


def _bump(refresh) -> int:
    return (refresh or 0) + 1


def move_stage(_clicks, opportunity_id, version, refresh):
    """A click on a stage of the stage bar (re-rendered bars fire with no click)."""
    if not ctx.triggered_id or not any(t["value"] for t in ctx.triggered):
        raise PreventUpdate
    stage_id = ctx.triggered_id["index"]
    try:
        with unit_of_work() as session:
            move_opportunity_stage(
                session,
                current_actor(),
                url_id(opportunity_id),
                int(stage_id),
                expected_version=parse_int(version),
            )
    except ServiceError as error:
        return error_alert(error), _bump(refresh)
    return toast(_("Stage changed.")), _bump(refresh)


def open_close_dialog(win_clicks, lose_clicks, cancel_clicks):
    """Win or lose: the same dialog asks for the reason."""
    require_click(win_clicks, lose_clicks, cancel_clicks)
    if ctx.triggered_id == ids.CLOSE_CANCEL:
        return False, no_update, no_update, no_update, False, ""
    won = ctx.triggered_id == ids.WIN
    title = _("Mark as won") if won else _("Mark as lost")
    return True, title, "won" if won else "lost", "", False, ""


def confirm_close(n_clicks, opportunity_id, version, outcome, reason, refresh):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            close_opportunity(
                session,
                current_actor(),
                url_id(opportunity_id),
                outcome=outcome or "",
                reason=reason,
                expected_version=parse_int(version),
            )
    except ValidationFailed as error:
        message = error.errors.get("reason")
        if message is None:
            return False, "", True, error_alert(error), no_update
        return True, _(message), True, no_update, no_update
    except ServiceError as error:
        return False, "", False, error_alert(error), _bump(refresh)
    done = _("Marked as won.") if outcome == "won" else _("Marked as lost.")
    return False, "", False, toast(done), _bump(refresh)


def confirm_reopen(n_clicks, opportunity_id, version, stage_id, refresh):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            reopen_opportunity(
                session,
                current_actor(),
                url_id(opportunity_id),
                stage_id=parse_int(stage_id),
                expected_version=parse_int(version),
            )
    except ValidationFailed as error:
        return _(error.errors.get("stage_id", "")), True, no_update, no_update
    except ServiceError as error:
        return "", False, error_alert(error), _bump(refresh)
    return "", False, toast(_("Opportunity reopened.")), _bump(refresh)


def confirm_delete(n_clicks, opportunity_id):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            delete_opportunity(session, current_actor(), url_id(opportunity_id))
    except ServiceError as error:
        return no_update, no_update, False, error_alert(error)
    return toast(_("Opportunity deleted.")), "/opportunities", False, no_update


def save_followup(n_clicks, opportunity_id, refresh, *values):
    """Log a follow-up about the opportunity; its customer comes from the
    database, the service re-checks the contact."""

    def create(session, actor, form, times):
        opportunity = get_opportunity(session, actor, url_id(opportunity_id))
        data = FollowUpIn(
            customer_id=opportunity.customer_id,
            opportunity_id=opportunity.id,
            contact_id=parse_int(form["contact_id"]),
            followup_type=form["followup_type"] or None,
            content=form["content"],
            **times,
        )
        create_followup(session, actor, data)

    return save_followup_for(
        n_clicks, refresh, values, fields=FOLLOWUP_FIELDS, create=create
    )


def register(app: Dash) -> None:
    app.callback(
        Output(ids.HEADER, "children"),
        Output(ids.STAGE_BAR, "children"),
        Output(ids.INFO, "children"),
        Output(ids.LINES, "children"),
        Output(ids.CONTACTS_TAB, "children"),
        Output(ids.TIMELINE, "children"),
        Output(ids.HISTORY, "children"),
        Output(ids.LOG, "children"),
        Output(ids.VERSION, "data"),
        Output(fids.CONTACT, "options"),
        Output(ids.REOPEN_STAGE, "options"),
        *[Output(button, "style") for button in BUTTONS],
        Input(ids.OPPORTUNITY_ID, "data"),
        Input(ids.REFRESH, "data"),
    )(load_detail)
    app.callback(
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Input({"type": ids.STAGE, "index": ALL}, "n_clicks"),
        State(ids.OPPORTUNITY_ID, "data"),
        State(ids.VERSION, "data"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(move_stage)
    app.callback(
        Output(ids.CLOSE_MODAL, "is_open"),
        Output(ids.CLOSE_TITLE, "children"),
        Output(ids.CLOSE_OUTCOME, "data"),
        Output(ids.CLOSE_REASON, "value"),
        Output(ids.CLOSE_REASON, "invalid"),
        Output(ids.CLOSE_REASON_FEEDBACK, "children"),
        Input(ids.WIN, "n_clicks"),
        Input(ids.LOSE, "n_clicks"),
        Input(ids.CLOSE_CANCEL, "n_clicks"),
        prevent_initial_call=True,
    )(open_close_dialog)
    app.callback(
        Output(ids.CLOSE_REASON, "invalid", allow_duplicate=True),
        Output(ids.CLOSE_REASON_FEEDBACK, "children", allow_duplicate=True),
        Output(ids.CLOSE_MODAL, "is_open", allow_duplicate=True),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Input(ids.CLOSE_CONFIRM, "n_clicks"),
        State(ids.OPPORTUNITY_ID, "data"),
        State(ids.VERSION, "data"),
        State(ids.CLOSE_OUTCOME, "data"),
        State(ids.CLOSE_REASON, "value"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(confirm_close)
    register_modal_toggle(app, ids.REOPEN_MODAL, ids.REOPEN, ids.REOPEN_CANCEL)
    app.callback(
        Output(ids.REOPEN_STAGE_FEEDBACK, "children"),
        Output(ids.REOPEN_MODAL, "is_open", allow_duplicate=True),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Input(ids.REOPEN_CONFIRM, "n_clicks"),
        State(ids.OPPORTUNITY_ID, "data"),
        State(ids.VERSION, "data"),
        State(ids.REOPEN_STAGE, "value"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(confirm_reopen)
    register_modal_toggle(app, ids.DELETE_MODAL, ids.DELETE, ids.DELETE_CANCEL)
    app.callback(
        Output(Shell.FLASH, "children", allow_duplicate=True),
        Output(Shell.NAV, "href", allow_duplicate=True),
        Output(ids.DELETE_MODAL, "is_open", allow_duplicate=True),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Input(ids.DELETE_CONFIRM, "n_clicks"),
        State(ids.OPPORTUNITY_ID, "data"),
        prevent_initial_call=True,
    )(confirm_delete)
    register_followup_save(
        app,
        save_followup,
        form_ids=fids,
        fields=FOLLOWUP_FIELDS,
        record_store=ids.OPPORTUNITY_ID,
        refresh_store=ids.REFRESH,
        allow_duplicate=True,
    )

"""Lead detail callbacks: load, follow-up, release, claim, delete, convert."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, html, no_update

from dashboard.callbacks.detail_page import (
    register_followup_save,
    save_followup_for,
    url_id,
)
from dashboard.callbacks.modals import register_modal_toggle
from dashboard.components import customer_views
from dashboard.components import lead_views as views
from dashboard.components.feedback import error_alert, field_feedback, toast
from dashboard.context import current_actor, unit_of_work
from dashboard.i18n import _, current_language
from dashboard.ids import LeadConvert, LeadFollowUpForm, Shell
from dashboard.ids import LeadDetail as ids
from dashboard.parsing import (
    parse_choice,
    parse_int,
    require_click,
)
from services import dictionaries
from services.customers import DuplicateFound
from services.errors import ServiceError, ValidationFailed
from services.lead_followups import (
    LeadFollowUpIn,
    create_lead_followup,
    lead_timeline,
)
from services.leads import (
    ConvertIn,
    claim_lead,
    convert_lead,
    delete_leads,
    lead_detail,
    lead_log,
    release_leads,
)
from services.permissions import (
    FOLLOWUP_CREATE,
    LEAD_CONVERT,
    LEAD_DELETE,
    LEAD_EDIT,
    LEAD_POOL_CLAIM,
)

SHOWN, HIDDEN = {}, {"display": "none"}
BUTTONS = (ids.EDIT, ids.CONVERT, ids.RELEASE, ids.CLAIM, ids.DELETE)
FOLLOWUP_FIELDS = views.FOLLOWUP_FIELDS
CONVERT_FIELDS = LeadConvert.FIELDS


def _visibility(detail: dict, actor) -> list[dict]:
    """Styles of BUTTONS and the follow-up card: only actions that can work."""
    owned = not detail["read_only"]
    shown = {
        ids.EDIT: owned and actor.can(LEAD_EDIT),
        ids.CONVERT: owned and actor.can(LEAD_CONVERT),
        ids.RELEASE: owned and actor.can(LEAD_EDIT),
        ids.CLAIM: detail["in_pool"]
        and detail["status"] != "converted"
        and actor.can(LEAD_POOL_CLAIM),
        ids.DELETE: detail["status"] != "converted"
        and actor.can(LEAD_DELETE)
        and (owned or actor.visible_user_ids is None),
        ids.FOLLOWUP_CARD: owned and actor.can(FOLLOWUP_CREATE),
    }
    return [SHOWN if shown[key] else HIDDEN for key in (*BUTTONS, ids.FOLLOWUP_CARD)]


def load_detail(lead_id, _refresh):
    """Every tab of one lead, re-checked against the actor's scope."""
    language = current_language()
    try:
        with unit_of_work() as session:
            actor = current_actor()
            lid = url_id(lead_id)
            detail = lead_detail(session, actor, lid)
            entries = lead_timeline(session, actor, lid)
            log = lead_log(session, actor, lid)
            labels = dictionaries.labels(session, language)
    except ServiceError as error:
        hidden = [HIDDEN] * (len(BUTTONS) + 1)
        return (error_alert(error), None, None, None, *hidden, "", "", None)
    return (
        views.header(detail, labels),
        views.info(detail, labels),
        customer_views.timeline(entries, labels),
        views.operation_log(log),
        *_visibility(detail, actor),
        detail["company"] or detail["name"],
        detail["name"],
        detail["version"],
    )


def save_followup(n_clicks, lead_id, refresh, *values):
    """Log a follow-up; the service re-checks the lead."""

    def create(session, actor, form, times):
        data = LeadFollowUpIn(
            lead_id=url_id(lead_id),
            followup_type=form["followup_type"] or None,
            content=form["content"],
            **times,
        )
        create_lead_followup(session, actor, data)

    return save_followup_for(
        n_clicks, refresh, values, fields=FOLLOWUP_FIELDS, create=create
    )


def release_or_claim(release_clicks, claim_clicks, lead_id, refresh):
    require_click(release_clicks, claim_clicks)
    try:
        with unit_of_work() as session:
            actor = current_actor()
            if ctx.triggered_id == ids.RELEASE:
                release_leads(session, actor, [url_id(lead_id)])
                message = _("Released to the lead pool.")
            else:
                claim_lead(session, actor, url_id(lead_id))
                message = _("Lead claimed: it is yours now.")
    except ServiceError as error:
        return error_alert(error), (refresh or 0) + 1
    return toast(message), (refresh or 0) + 1


def delete_lead(n_clicks, lead_id):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            delete_leads(session, current_actor(), [url_id(lead_id)])
    except ServiceError as error:
        return error_alert(error), no_update, False
    return toast(_("Lead deleted.")), "/leads", False


def _duplicate_items(matches: list[dict]) -> list[html.Li]:
    return [html.Li(f"{m['name']} · {m['owner'] or _('No owner')}") for m in matches]


def convert(save_clicks, anyway_clicks, lead_id, version, create_contact, *values):
    """Convert; on success open the new customer. Nothing is written on error."""
    require_click(save_clicks, anyway_clicks)
    form = dict(zip(CONVERT_FIELDS, values, strict=True))
    data = ConvertIn(
        owner_id=parse_int(form["owner_id"]),
        customer_name=form["customer_name"] or "",
        industry=parse_choice(form["industry"]),
        level=parse_choice(form["level"]),
        create_contact=bool(create_contact),
        contact_name=form["contact_name"] or "",
        contact_title=form["contact_title"] or None,
        opportunity_name=form["opportunity_name"] or None,
        opportunity_amount=form["opportunity_amount"] or None,
    )
    no_errors = field_feedback({}, CONVERT_FIELDS)
    try:
        with unit_of_work() as session:
            customer = convert_lead(
                session,
                current_actor(),
                url_id(lead_id),
                data,
                expected_version=int(version or 0),
                allow_duplicate=ctx.triggered_id == LeadConvert.SAVE_ANYWAY,
            )
            target = f"/customers/{customer.id}"
    except ValidationFailed as error:
        return (
            *field_feedback(error.errors, CONVERT_FIELDS),
            error_alert(error),
            [],
            False,
            no_update,
            no_update,
        )
    except DuplicateFound as error:
        matches = _duplicate_items(error.matches)
        return (*no_errors, None, matches, True, no_update, no_update)
    except ServiceError as error:
        return (*no_errors, error_alert(error), [], False, no_update, no_update)
    flash = toast(_("Lead converted to a customer."))
    return (*no_errors, None, [], False, target, flash)


def register(app: Dash) -> None:
    app.callback(
        Output(ids.HEADER, "children"),
        Output(ids.INFO, "children"),
        Output(ids.TIMELINE, "children"),
        Output(ids.LOG, "children"),
        *[Output(button, "style") for button in (*BUTTONS, ids.FOLLOWUP_CARD)],
        Output(LeadConvert.field("customer_name"), "value"),
        Output(LeadConvert.field("contact_name"), "value"),
        Output(LeadConvert.VERSION, "data"),
        Input(ids.LEAD_ID, "data"),
        Input(ids.REFRESH, "data"),
    )(load_detail)
    register_followup_save(
        app,
        save_followup,
        form_ids=LeadFollowUpForm,
        fields=FOLLOWUP_FIELDS,
        record_store=ids.LEAD_ID,
        refresh_store=ids.REFRESH,
    )
    app.callback(
        Output(ids.MESSAGE, "children"),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Input(ids.RELEASE, "n_clicks"),
        Input(ids.CLAIM, "n_clicks"),
        State(ids.LEAD_ID, "data"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(release_or_claim)
    register_modal_toggle(app, ids.DELETE_MODAL, ids.DELETE, ids.DELETE_CANCEL)
    app.callback(
        Output(Shell.FLASH, "children", allow_duplicate=True),
        Output(Shell.NAV, "href", allow_duplicate=True),
        Output(ids.DELETE_MODAL, "is_open", allow_duplicate=True),
        Input(ids.DELETE_CONFIRM, "n_clicks"),
        State(ids.LEAD_ID, "data"),
        prevent_initial_call=True,
    )(delete_lead)
    register_modal_toggle(app, LeadConvert.MODAL, ids.CONVERT, LeadConvert.CANCEL)
    app.callback(
        *[Output(LeadConvert.field(n), "invalid") for n in CONVERT_FIELDS],
        *[Output(LeadConvert.feedback(n), "children") for n in CONVERT_FIELDS],
        Output(LeadConvert.MESSAGE, "children"),
        Output(LeadConvert.DUPLICATE_LIST, "children"),
        Output(LeadConvert.DUPLICATES, "is_open"),
        Output(Shell.NAV, "href", allow_duplicate=True),
        Output(Shell.FLASH, "children", allow_duplicate=True),
        Input(LeadConvert.SAVE, "n_clicks"),
        Input(LeadConvert.SAVE_ANYWAY, "n_clicks"),
        State(ids.LEAD_ID, "data"),
        State(LeadConvert.VERSION, "data"),
        State(LeadConvert.CREATE_CONTACT, "value"),
        *[State(LeadConvert.field(n), "value") for n in CONVERT_FIELDS],
        prevent_initial_call=True,
    )(convert)

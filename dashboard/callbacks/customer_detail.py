"""Customer detail callbacks: load every tab, log a follow-up, delete."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from dashboard.callbacks.modals import register_modal_toggle
from dashboard.components import customer_views as views
from dashboard.components.feedback import error_alert, field_feedback, toast
from dashboard.components.followup_form import FIELD_IDS, FIELDS, default_times
from dashboard.context import current_actor, unit_of_work
from dashboard.i18n import _, current_language
from dashboard.ids import CustomerDetail as ids
from dashboard.ids import FollowUpForm, Shell
from dashboard.parsing import parse_int, parse_local_datetimes, require_click
from services import dictionaries
from services.contacts import customer_contacts
from services.customers import customer_detail
from services.errors import NotFound, ServiceError, ValidationFailed
from services.followups import FollowUpIn, create_followup, timeline
from services.operation_log import customer_log
from services.recycle_bin import delete_customers

EMPTY_TABS = (None, None, None, None, [])


def _customer_id(value) -> int:
    """The id in the URL, as an int. Raises NotFound when it is not one."""
    customer_id = parse_int(value)
    if customer_id is None:
        raise NotFound()
    return customer_id


def load_detail(customer_id, _refresh):
    """Every tab of one customer, re-checked against the actor's scope."""
    language = current_language()
    try:
        with unit_of_work() as session:  # records the view: a write
            actor = current_actor()
            cid = _customer_id(customer_id)
            detail = customer_detail(session, actor, cid)
            contacts = customer_contacts(session, actor, cid)
            entries = timeline(session, actor, customer_id=cid)
            log = customer_log(session, actor, cid)
            labels = dictionaries.labels(session, language)
    except ServiceError as error:
        return (error_alert(error), *EMPTY_TABS)
    return (
        views.header(detail, labels),
        views.info(detail, labels, language),
        views.contacts(contacts),
        views.timeline(entries, labels),
        views.operation_log(log),
        views.contact_options(contacts),
    )


def save_followup(n_clicks, customer_id, refresh, *values):
    """Log a follow-up; the service re-checks the customer and contact ids."""
    require_click(n_clicks)
    form = dict(zip(FIELDS, values, strict=True))
    times, errors = parse_local_datetimes(form, ("occurred_at", "next_followup_at"))
    keep = (no_update,) * 3  # the user's input stays on failure
    try:
        if errors:
            raise ValidationFailed(errors)
        with unit_of_work() as session:
            create_followup(
                session,
                current_actor(),
                FollowUpIn(
                    customer_id=_customer_id(customer_id),
                    contact_id=parse_int(form["contact_id"]),
                    followup_type=form["followup_type"] or None,
                    content=form["content"],
                    **times,
                ),
            )
    except ValidationFailed as error:
        return (
            *field_feedback(error.errors, FIELDS),
            error_alert(error),
            no_update,
            *keep,
        )
    except ServiceError as error:
        return (*field_feedback({}, FIELDS), error_alert(error), no_update, *keep)
    return (
        *field_feedback({}, FIELDS),
        toast(_("Follow-up saved.")),
        (refresh or 0) + 1,
        "",
        *default_times(),
    )


def delete_customer(n_clicks, customer_id):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            delete_customers(session, current_actor(), [_customer_id(customer_id)])
    except ServiceError as error:
        return error_alert(error), no_update, False
    return toast(_("Customer moved to the recycle bin.")), "/customers", False


def register(app: Dash) -> None:
    app.callback(
        Output(ids.HEADER, "children"),
        Output(ids.INFO, "children"),
        Output(ids.CONTACTS, "children"),
        Output(ids.TIMELINE, "children"),
        Output(ids.LOG, "children"),
        Output(FollowUpForm.CONTACT, "options"),
        Input(ids.CUSTOMER_ID, "data"),
        Input(ids.REFRESH, "data"),
    )(load_detail)
    app.callback(
        *[Output(FIELD_IDS[name], "invalid") for name in FIELDS],
        *[Output(FollowUpForm.feedback(name), "children") for name in FIELDS],
        Output(FollowUpForm.MESSAGE, "children"),
        Output(ids.REFRESH, "data"),
        Output(FollowUpForm.CONTENT, "value"),
        Output(FollowUpForm.OCCURRED, "value"),
        Output(FollowUpForm.NEXT, "value"),
        Input(FollowUpForm.SAVE, "n_clicks"),
        State(ids.CUSTOMER_ID, "data"),
        State(ids.REFRESH, "data"),
        *[State(FIELD_IDS[name], "value") for name in FIELDS],
        prevent_initial_call=True,
    )(save_followup)
    register_modal_toggle(app, ids.DELETE_MODAL, ids.DELETE, ids.DELETE_CANCEL)
    app.callback(
        Output(Shell.FLASH, "children", allow_duplicate=True),
        Output(Shell.NAV, "href", allow_duplicate=True),
        Output(ids.DELETE_MODAL, "is_open", allow_duplicate=True),
        Input(ids.DELETE_CONFIRM, "n_clicks"),
        State(ids.CUSTOMER_ID, "data"),
        prevent_initial_call=True,
    )(delete_customer)

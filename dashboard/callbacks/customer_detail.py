"""Customer detail callbacks: load every tab, log a follow-up, delete."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from dashboard.callbacks.detail_page import (
    register_followup_save,
    save_followup_for,
    url_id,
)
from dashboard.callbacks.modals import register_modal_toggle
from dashboard.components import customer_views as views
from dashboard.components.feedback import error_alert, toast
from dashboard.components.followup_form import FIELDS
from dashboard.context import current_actor, unit_of_work
from dashboard.i18n import _, current_language
from dashboard.ids import CustomerDetail as ids
from dashboard.ids import FollowUpForm, Shell
from dashboard.parsing import parse_int, require_click
from services import dictionaries
from services.contacts import customer_contacts
from services.customers import customer_detail
from services.errors import ServiceError
from services.followups import FollowUpIn, create_followup, timeline
from services.operation_log import customer_log
from services.recycle_bin import delete_customers

EMPTY_TABS = (None, None, None, None, [])


def load_detail(customer_id, _refresh):
    """Every tab of one customer, re-checked against the actor's scope."""
    language = current_language()
    try:
        with unit_of_work() as session:  # records the view: a write
            actor = current_actor()
            cid = url_id(customer_id)
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

    def create(session, actor, form, times):
        data = FollowUpIn(
            customer_id=url_id(customer_id),
            contact_id=parse_int(form["contact_id"]),
            followup_type=form["followup_type"] or None,
            content=form["content"],
            **times,
        )
        create_followup(session, actor, data)

    return save_followup_for(n_clicks, refresh, values, fields=FIELDS, create=create)


def delete_customer(n_clicks, customer_id):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            delete_customers(session, current_actor(), [url_id(customer_id)])
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
    register_followup_save(
        app,
        save_followup,
        form_ids=FollowUpForm,
        fields=FIELDS,
        record_store=ids.CUSTOMER_ID,
        refresh_store=ids.REFRESH,
    )
    register_modal_toggle(app, ids.DELETE_MODAL, ids.DELETE, ids.DELETE_CANCEL)
    app.callback(
        Output(Shell.FLASH, "children", allow_duplicate=True),
        Output(Shell.NAV, "href", allow_duplicate=True),
        Output(ids.DELETE_MODAL, "is_open", allow_duplicate=True),
        Input(ids.DELETE_CONFIRM, "n_clicks"),
        State(ids.CUSTOMER_ID, "data"),
        prevent_initial_call=True,
    )(delete_customer)

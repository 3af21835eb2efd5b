"""The "log a follow-up" card on customer and lead detail."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.forms import make_field
from dashboard.context import read_session
from dashboard.i18n import _, current_language, datetime_local_value
from dashboard.ids import FollowUpForm as ids
from models.base import utcnow
from services import dictionaries

FIELDS = ("followup_type", "contact_id", "content", "occurred_at", "next_followup_at")
# The id class attribute holding each field's input.
FIELD_ATTRS = {
    "followup_type": "TYPE",
    "contact_id": "CONTACT",
    "content": "CONTENT",
    "occurred_at": "OCCURRED",
    "next_followup_at": "NEXT",
}


def field_ids(form_ids=ids, fields: tuple[str, ...] = FIELDS) -> dict[str, str]:
    """Input id per field of a follow-up form with the ids of `form_ids`."""
    return {name: getattr(form_ids, FIELD_ATTRS[name]) for name in fields}


FIELD_IDS = field_ids()


def now_local_input() -> str:
    return datetime_local_value(utcnow())


def make_followup_form(ids=ids, *, with_contact: bool = True, **card_props) -> dbc.Card:
    """The follow-up card for customers (`FollowUpForm` ids, with a contact
    picker) or leads (`LeadFollowUpForm` ids, no contacts)."""
    with read_session() as session:
        types = dictionaries.options(session, "followup_type", current_language())
    width = 3 if with_contact else 4
    contact = (
        make_field(
            _("Contact"),
            dbc.Select(id=ids.CONTACT, options=[], value=""),
            ids.feedback("contact_id"),
            width=width,
        )
        if with_contact
        else None
    )
    return dbc.Card(
        dbc.CardBody(
            [
                html.H6(_("Log a follow-up"), className="card-title"),
                dbc.Row(
                    [
                        make_field(
                            _("Type"),
                            dbc.Select(
                                id=ids.TYPE,
                                options=types,
                                value=types[0]["value"] if types else "",
                            ),
                            ids.feedback("followup_type"),
                            required=True,
                            width=width,
                        ),
                        contact,
                        make_field(
                            _("Time"),
                            dbc.Input(
                                id=ids.OCCURRED,
                                type="datetime-local",
                                value=now_local_input(),
                            ),
                            ids.feedback("occurred_at"),
                            width=width,
                        ),
                        make_field(
                            _("Next follow-up"),
                            dbc.Input(id=ids.NEXT, type="datetime-local"),
                            ids.feedback("next_followup_at"),
                            width=width,
                        ),
                        make_field(
                            _("Content"),
                            dbc.Textarea(
                                id=ids.CONTENT,
                                rows=3,
                                maxLength=5000,
                                placeholder=_("What happened?"),
                            ),
                            ids.feedback("content"),
                            required=True,
                            width=12,
                        ),
                    ]
                ),
                html.Div(id=ids.MESSAGE),
                dbc.Button(
                    [html.I(className="bi bi-send me-1"), _("Save follow-up")],
                    id=ids.SAVE,
                    color="primary",
                    size="sm",
                ),
            ]
        ),
        className="mb-3 followup-form",
        **card_props,
    )


def default_times() -> tuple[str, str]:
    """Values the form returns to after a save: now, and no next follow-up."""
    return now_local_input(), ""

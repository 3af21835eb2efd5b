"""Edit a contact."""

import dash
from dash import html

from dashboard.components.contact_form import make_contact_form
from dashboard.components.feedback import error_alert
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.parsing import parse_int
from services.contacts import contact_detail
from services.errors import NotFound, ServiceError

dash.register_page(
    __name__,
    path_template="/contacts/<contact_id>/edit",
    order=22,
    title=lambda **_kw: f"{_('Edit contact')} · Pelago",
)


def layout(contact_id: str = "", **_query):
    try:
        if parse_int(contact_id) is None:
            raise NotFound()
        with read_session() as session:
            values = contact_detail(session, current_actor(), int(contact_id))
    except ServiceError as error:
        return error_alert(error)
    return html.Div(
        [
            html.H2(_("Edit contact"), className="page-title mb-3"),
            make_contact_form(values),
        ]
    )

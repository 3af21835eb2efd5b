"""Contact detail: who, how to reach them (tel:/mailto:), their follow-ups."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.custom_fields import make_more_fields
from dashboard.components.send_message import make_send_message
from dashboard.i18n import _
from dashboard.ids import ContactDetail as ids

dash.register_page(
    __name__,
    path_template="/contacts/<contact_id>",
    order=23,
    title=lambda **_kw: f"{_('Contact')} · Pelago",
)


def layout(contact_id: str = "", **_query):
    return html.Div(
        [
            dcc.Store(id=ids.CONTACT_ID, data=contact_id),
            dcc.Store(id=ids.REFRESH, data=0),
            html.Div(
                make_send_message("contact", contact_id),
                className="d-flex justify-content-end mb-2",
            ),
            html.Div(id=ids.BODY),
            make_more_fields("contact"),
            dbc.Card(
                [
                    dbc.CardHeader(_("Follow-ups")),
                    dbc.CardBody(html.Div(id=ids.TIMELINE)),
                ],
                className="mt-3",
            ),
        ]
    )

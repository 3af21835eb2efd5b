"""Contact detail: who, how to reach them (tel:/mailto:), their follow-ups."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

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
            html.Div(id=ids.BODY),
            dbc.Card(
                [
                    dbc.CardHeader(_("Follow-ups")),
                    dbc.CardBody(html.Div(id=ids.TIMELINE)),
                ],
                className="mt-3",
            ),
        ]
    )

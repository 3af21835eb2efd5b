"""Edit an opportunity (the form carries the version it was loaded with)."""

import dash
from dash import html

from dashboard.components.feedback import error_alert
from dashboard.components.opportunity_form import make_opportunity_form
from dashboard.context import current_actor, unit_of_work
from dashboard.i18n import _
from dashboard.parsing import parse_int
from services.errors import NotFound, ServiceError
from services.opportunities import opportunity_detail

dash.register_page(
    __name__,
    path_template="/opportunities/<opportunity_id>/edit",
    order=42,
    title=lambda **_kw: f"{_('Edit opportunity')} · Pelago",
)


def layout(opportunity_id: str = "", **_query):
    try:
        if (oid := parse_int(opportunity_id)) is None:
            raise NotFound()
        with unit_of_work() as session:
            values = opportunity_detail(session, current_actor(), oid)
    except ServiceError as error:
        return error_alert(error)
    return html.Div(
        [
            html.H2(
                [
                    _("Edit opportunity"),
                    html.Small(f" · {values['name']}", className="text-muted"),
                ],
                className="page-title mb-3",
            ),
            make_opportunity_form(values),
        ]
    )

"""Edit a lead (the form carries the version it was loaded with)."""

import dash
from dash import html

from dashboard.components.feedback import alert, error_alert
from dashboard.components.lead_form import make_lead_form
from dashboard.context import current_actor, unit_of_work
from dashboard.i18n import _
from dashboard.parsing import parse_int
from services.errors import NotFound, ServiceError
from services.leads import CONVERTED_READ_ONLY, IN_POOL, lead_detail

dash.register_page(
    __name__,
    path_template="/leads/<lead_id>/edit",
    order=32,
    title=lambda **_kw: f"{_('Edit lead')} · Pelago",
)


def layout(lead_id: str = "", **_query):
    try:
        if (lid := parse_int(lead_id)) is None:
            raise NotFound()
        with unit_of_work() as session:
            values = lead_detail(session, current_actor(), lid)
    except ServiceError as error:
        return error_alert(error)
    if values["read_only"]:
        reason = IN_POOL if values["in_pool"] else CONVERTED_READ_ONLY
        return alert(_(reason), "warning")
    return html.Div(
        [
            html.H2(
                [
                    _("Edit lead"),
                    html.Small(f" · {values['name']}", className="text-muted"),
                ],
                className="page-title mb-3",
            ),
            make_lead_form(values),
        ]
    )

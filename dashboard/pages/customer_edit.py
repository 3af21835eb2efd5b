"""Edit a customer (the form carries the version it was loaded with)."""

import dash
from dash import html

from dashboard.components.customer_form import make_customer_form
from dashboard.components.feedback import error_alert
from dashboard.context import current_actor, unit_of_work
from dashboard.i18n import _
from dashboard.parsing import parse_int
from services.customers import customer_detail
from services.errors import NotFound, ServiceError

dash.register_page(
    __name__,
    path_template="/customers/<customer_id>/edit",
    order=12,
    title=lambda **_kw: f"{_('Edit customer')} · Pelago",
)


def layout(customer_id: str = "", **_query):
    try:
        if (cid := parse_int(customer_id)) is None:
            raise NotFound()
        with unit_of_work() as session:
            values = customer_detail(session, current_actor(), cid)
    except ServiceError as error:
        return error_alert(error)
    return html.Div(
        [
            html.H2(
                [
                    _("Edit customer"),
                    html.Small(f" · {values['name']}", className="text-muted"),
                ],
                className="page-title mb-3",
            ),
            make_customer_form(values),
        ]
    )

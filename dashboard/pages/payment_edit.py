"""Edit a draft or rejected payment (the form carries the version it was loaded
with; customer and contract stay fixed)."""

import dash
from dash import html

from dashboard.components.feedback import alert, error_alert
from dashboard.components.payment_form import make_payment_form
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.parsing import parse_int
from services.errors import NotFound, ServiceError
from services.payments import NOT_EDITABLE, payment_detail

dash.register_page(
    __name__,
    path_template="/payments/<payment_id>/edit",
    order=62,
    title=lambda **_kw: f"{_('Edit payment')} · Pelago",
)


def layout(payment_id: str = "", **_query):
    try:
        if (pid := parse_int(payment_id)) is None:
            raise NotFound()
        with read_session() as session:
            values = payment_detail(session, current_actor(), pid)
    except ServiceError as error:
        return error_alert(error)
    if not values["editable"]:
        return alert(_(NOT_EDITABLE), "warning")
    return html.Div(
        [
            html.H2(
                [
                    _("Edit payment"),
                    html.Small(f" · {values['number']}", className="text-muted"),
                ],
                className="page-title mb-3",
            ),
            make_payment_form(values),
        ]
    )

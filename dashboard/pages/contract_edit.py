"""Edit a draft or rejected contract (the form carries the version it was
loaded with)."""

import dash
from dash import html

from dashboard.components.contract_form import make_contract_form
from dashboard.components.feedback import alert, error_alert
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.parsing import parse_int
from services.contracts import NOT_EDITABLE, contract_detail
from services.errors import NotFound, ServiceError

dash.register_page(
    __name__,
    path_template="/contracts/<contract_id>/edit",
    order=52,
    title=lambda **_kw: f"{_('Edit contract')} · Pelago",
)


def layout(contract_id: str = "", **_query):
    try:
        if (cid := parse_int(contract_id)) is None:
            raise NotFound()
        with read_session() as session:
            values = contract_detail(session, current_actor(), cid)
    except ServiceError as error:
        return error_alert(error)
    if not values["can_edit"]:
        return alert(_(NOT_EDITABLE), "warning")
    return html.Div(
        [
            html.H2(
                [
                    _("Edit contract"),
                    html.Small(f" · {values['number']}", className="text-muted"),
                ],
                className="page-title mb-3",
            ),
            make_contract_form(values),
        ]
    )

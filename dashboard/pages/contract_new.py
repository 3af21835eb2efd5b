"""Create a contract; ?customer_id= or ?opportunity_id= fill in the customer (and
the opportunity's name and product lines)."""

import dash
from dash import html

from dashboard.components.contract_form import make_contract_form
from dashboard.components.feedback import error_alert
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.parsing import parse_int
from services.contracts import contract_prefill
from services.errors import PermissionDenied
from services.permissions import CONTRACT_CREATE

dash.register_page(
    __name__,
    path="/contracts/new",
    order=51,
    title=lambda **_kw: f"{_('New contract')} · Pelago",
)


def layout(customer_id: str | None = None, opportunity_id: str | None = None, **_q):
    actor = current_actor()
    if not actor.can(CONTRACT_CREATE):
        return error_alert(PermissionDenied())
    with read_session() as session:
        values = contract_prefill(
            session,
            actor,
            customer_id=parse_int(customer_id),
            opportunity_id=parse_int(opportunity_id),
        )
    return html.Div(
        [
            html.H2(_("New contract"), className="page-title mb-3"),
            make_contract_form(values),
        ]
    )

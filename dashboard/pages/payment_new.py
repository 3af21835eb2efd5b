"""Record a payment; ?contract_id= or ?customer_id= preselects (the contract and
customer detail pages link here)."""

import dash
from dash import html

from dashboard.components.payment_form import make_payment_form
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.parsing import parse_int
from services.errors import ServiceError
from services.payment_plans import contract_in_scope

dash.register_page(
    __name__,
    path="/payments/new",
    order=61,
    title=lambda **_kw: f"{_('Record payment')} · Pelago",
)


def layout(contract_id: str | None = None, customer_id: str | None = None, **_q):
    contract = parse_int(contract_id)
    customer = parse_int(customer_id)
    if contract is not None:
        try:
            with read_session() as session:
                customer = contract_in_scope(
                    session, current_actor(), contract
                ).customer_id
        except ServiceError:
            contract = None
    return html.Div(
        [
            html.H2(_("Record payment"), className="page-title mb-3"),
            make_payment_form(customer_id=customer, contract_id=contract),
        ]
    )

"""The customer detail page's "contracts" tab, filled when opened (the
opportunity page's tab reuses `render_related`)."""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output, no_update

from dashboard.components.contract_views import related_table
from dashboard.components.feedback import error_alert
from dashboard.context import current_actor, read_session
from dashboard.ids import ContractTabs, CustomerDetail
from dashboard.parsing import parse_int
from services.contracts import customer_contracts
from services.errors import NotFound, ServiceError
from services.permissions import CONTRACT_CREATE


def render_related(active_tab, raw_id, *, load: Callable, new_query: str, new_id: str):
    """Contracts of the page's record (`load(session, actor, id)`) with a "New
    contract" button opening /contracts/new?<new_query>=<id>."""
    if active_tab != "contracts":
        return no_update
    try:
        record_id = parse_int(raw_id)
        if record_id is None:
            raise NotFound()
        with read_session() as session:
            actor = current_actor()
            rows = load(session, actor, record_id)
    except ServiceError as error:
        return error_alert(error)
    new_href = (
        f"/contracts/new?{new_query}={record_id}"
        if actor.can(CONTRACT_CREATE)
        else None
    )
    return related_table(rows, new_href, new_id)


def render_tab(active_tab, customer_id):
    return render_related(
        active_tab,
        customer_id,
        load=customer_contracts,
        new_query="customer_id",
        new_id=ContractTabs.CUSTOMER_NEW,
    )


def register(app: Dash) -> None:
    app.callback(
        Output(CustomerDetail.CONTRACTS_TAB, "children"),
        Input(CustomerDetail.TABS, "active_tab"),
        Input(CustomerDetail.CUSTOMER_ID, "data"),
    )(render_tab)

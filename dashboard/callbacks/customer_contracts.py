"""The customer detail page's "contracts" tab, filled when opened (the
opportunity page's tab reuses `render_related`)."""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, no_update

from dashboard.callbacks.detail_page import register_tab, url_id
from dashboard.components.contract_views import related_table
from dashboard.components.feedback import error_alert
from dashboard.context import current_actor, read_session
from dashboard.ids import ContractTabs, CustomerDetail
from services.contracts import customer_contracts
from services.errors import ServiceError
from services.permissions import CONTRACT_CREATE


def render_related(active_tab, raw_id, *, load: Callable, new_query: str, new_id: str):
    """Contracts of the page's record (`load(session, actor, id)`) with a "New
    contract" button opening /contracts/new?<new_query>=<id>."""
    if active_tab != "contracts":
        return no_update
    try:
        record_id = url_id(raw_id)
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
    register_tab(
        app,
        render_tab,
        body_id=CustomerDetail.CONTRACTS_TAB,
        tabs_id=CustomerDetail.TABS,
        record_store=CustomerDetail.CUSTOMER_ID,
    )

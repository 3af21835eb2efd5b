"""The opportunity detail page's "contracts" tab, filled when opened."""

from __future__ import annotations

from dash import Dash, Input, Output

from dashboard.callbacks.customer_contracts import render_related
from dashboard.ids import ContractTabs, OpportunityDetail
from services.contracts import opportunity_contracts


def render_tab(active_tab, opportunity_id):
    """Contracts signed for the opportunity, with a "New contract" button."""
    return render_related(
        active_tab,
        opportunity_id,
        load=opportunity_contracts,
        new_query="opportunity_id",
        new_id=ContractTabs.OPPORTUNITY_NEW,
    )


def register(app: Dash) -> None:
    app.callback(
        Output(OpportunityDetail.CONTRACTS, "children"),
        Input(OpportunityDetail.TABS, "active_tab"),
        Input(OpportunityDetail.OPPORTUNITY_ID, "data"),
    )(render_tab)

"""The opportunity detail page's "contracts" tab, filled when opened."""

from __future__ import annotations

from dash import Dash

from dashboard.callbacks.customer_contracts import render_related
from dashboard.callbacks.detail_page import register_tab
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
    register_tab(
        app,
        render_tab,
        body_id=OpportunityDetail.CONTRACTS,
        tabs_id=OpportunityDetail.TABS,
        record_store=OpportunityDetail.OPPORTUNITY_ID,
    )

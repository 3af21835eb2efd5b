"""The opportunities tab of the customer detail page, loaded when it is opened."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, html
from dash.exceptions import PreventUpdate

from dashboard.callbacks.detail_page import register_tab, url_id
from dashboard.components.feedback import error_alert
from dashboard.components.opportunity_views import opportunity_table, stage_infos
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, current_language
from dashboard.ids import CustomerDetail, CustomerOpportunities
from services.errors import ServiceError
from services.opportunities import customer_opportunities
from services.opportunity_stages import list_stages
from services.permissions import OPPORTUNITY_CREATE


def load_tab(active_tab, customer_id):
    """The customer's opportunities in scope and a "New opportunity" button."""
    if active_tab != "opportunities":
        raise PreventUpdate
    try:
        cid = url_id(customer_id)
        with read_session() as session:
            actor = current_actor()
            rows = customer_opportunities(session, actor, cid)
            stages = stage_infos(
                list_stages(session, active_only=False), current_language()
            )
    except ServiceError as error:
        return error_alert(error)
    new = dbc.Button(
        [html.I(className="bi bi-plus-lg me-1"), _("New opportunity")],
        href=f"/opportunities/new?customer_id={cid}",
        color="primary",
        size="sm",
        id=CustomerOpportunities.NEW,
        className="mb-2" if actor.can(OPPORTUNITY_CREATE) else "d-none",
    )
    return html.Div([new, opportunity_table(rows, stages)])


def register(app: Dash) -> None:
    register_tab(
        app,
        load_tab,
        body_id=CustomerDetail.OPPORTUNITIES,
        tabs_id=CustomerDetail.TABS,
        record_store=CustomerDetail.CUSTOMER_ID,
    )

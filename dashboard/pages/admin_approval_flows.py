"""Administration · approval flows: per record type, the flows that decide who
approves (fixed steps or free), their amount thresholds, activation."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.admin import forbidden, page_header
from dashboard.components.approval_flow_form import make_flow_modal
from dashboard.context import current_actor
from dashboard.i18n import _
from dashboard.ids import AdminApprovalFlows as ids
from dashboard.labels import APPROVAL_OBJECT_TYPE_LABELS
from models.approval import APPROVAL_OBJECT_TYPES
from services.permissions import ADMIN_SETTINGS

dash.register_page(
    __name__,
    path="/admin/approval-flows",
    order=91,
    title=lambda **_kw: f"{_('Approval flows')} · Pelago",
)


def layout(object_type: str | None = None, **_query):
    if not current_actor().can(ADMIN_SETTINGS):
        return forbidden()
    active = (
        object_type
        if object_type in APPROVAL_OBJECT_TYPES
        else APPROVAL_OBJECT_TYPES[0]
    )
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            page_header(_("Approval flows"), ids.NEW, _("New flow")),
            html.P(
                _(
                    "Who approves contracts and payments. A record uses the active "
                    "flow with the highest amount threshold not above its amount; "
                    "requests already submitted keep the steps they started with."
                ),
                className="text-muted",
            ),
            dbc.Tabs(
                id=ids.TYPE_TABS,
                active_tab=active,
                className="mb-3",
                children=[
                    dbc.Tab(
                        label=_(APPROVAL_OBJECT_TYPE_LABELS.get(t, t)),
                        tab_id=t,
                    )
                    for t in APPROVAL_OBJECT_TYPES
                ],
            ),
            html.Div(id=ids.MESSAGE),
            html.Div(id=ids.LIST),
            make_flow_modal(),
        ]
    )

"""My customers returning to the public pool soon (the warning's link)."""

import dash
from dash import html

from dashboard.components.grid import link_column, make_grid
from dashboard.i18n import _
from dashboard.ids import PoolExpiring as ids

dash.register_page(
    __name__,
    path="/pool-expiring",
    order=18,
    title=lambda **_kw: f"{_('Returning to the pool')} · Pelago",
)


def layout(**_query):
    return html.Div(
        [
            html.H2(_("Returning to the pool"), className="page-title mb-1"),
            html.P(
                _(
                    "Your customers that return to the public pool soon unless you "
                    "follow up (or sign). A leader can extend the deadline."
                ),
                className="text-muted",
            ),
            make_grid(
                ids.GRID,
                [
                    link_column("name", _("Customer")),
                    {"field": "stage_label", "headerName": _("Stage")},
                    {"field": "returns", "headerName": _("Returns on")},
                    {"field": "reason_label", "headerName": _("Reason")},
                    {"field": "last_followup", "headerName": _("Last follow-up")},
                ],
                selectable=False,
                height="460px",
            ),
        ]
    )

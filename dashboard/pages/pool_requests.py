"""Pool requests: cross-team claims waiting for my approval (leaders), and the
requests I sent."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.grid import make_grid, make_pager
from dashboard.components.pool_views import REQUEST_STATUS_LABELS
from dashboard.i18n import _
from dashboard.ids import PoolRequests as ids

dash.register_page(
    __name__,
    path="/pool-requests",
    order=17,
    title=lambda **_kw: f"{_('Pool requests')} · Pelago",
)


def columns() -> list[dict]:
    return [
        {
            "field": "customer",
            "headerName": _("Customer"),
            "minWidth": 180,
            "cellClass": "grid-link",
        },
        {"field": "kind_label", "headerName": _("Type"), "minWidth": 80},
        {"field": "requester", "headerName": _("Requested by"), "minWidth": 100},
        {"field": "target", "headerName": _("New owner"), "minWidth": 100},
        {"field": "last_owner", "headerName": _("Last owner"), "minWidth": 100},
        {"field": "team", "headerName": _("Reviewing team"), "minWidth": 110},
        {"field": "requested", "headerName": _("Requested at"), "minWidth": 140},
        {"field": "status_label", "headerName": _("Status"), "minWidth": 90},
        {"field": "review_reason", "headerName": _("Review note"), "minWidth": 140},
    ]


def layout(box: str = "review", **_query):
    box = box if box in ("review", "mine") else "review"
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            html.H2(_("Pool requests"), className="page-title mb-1"),
            html.P(
                _(
                    "Claims of customers your team owned last wait here for your "
                    "decision. Approving assigns the customer; rejecting keeps it "
                    "in the pool."
                ),
                className="text-muted",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.RadioItems(
                            id=ids.BOX,
                            value=box,
                            inline=True,
                            options=[
                                {"label": _("To review"), "value": "review"},
                                {"label": _("Sent by me"), "value": "mine"},
                            ],
                        ),
                        md=4,
                    ),
                    dbc.Col(
                        dbc.Select(
                            id=ids.STATUS,
                            value="pending",
                            size="sm",
                            options=[{"label": _("All"), "value": "all"}]
                            + [
                                {"label": _(label), "value": key}
                                for key, label in REQUEST_STATUS_LABELS.items()
                            ],
                        ),
                        md=2,
                    ),
                    dbc.Col(
                        [
                            dbc.Button(
                                [html.I(className="bi bi-check-lg me-1"), _("Approve")],
                                id=ids.APPROVE,
                                color="success",
                                size="sm",
                                className="me-2",
                                disabled=True,
                            ),
                            dbc.Button(
                                [html.I(className="bi bi-x-lg me-1"), _("Reject")],
                                id=ids.REJECT,
                                color="outline-danger",
                                size="sm",
                                disabled=True,
                            ),
                        ],
                        md=6,
                        className="text-end",
                    ),
                ],
                className="mb-2 align-items-center",
            ),
            html.Div(id=ids.MESSAGE),
            make_grid(ids.GRID, columns(), height="460px"),
            make_pager(ids.PAGER, ids.TOTAL),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle(_("Reject the selected requests"))),
                    dbc.ModalBody(
                        [
                            dbc.Label(_("Reason"), html_for=ids.REJECT_REASON),
                            dbc.Textarea(id=ids.REJECT_REASON, maxLength=200, rows=3),
                            dbc.FormFeedback(id=ids.REJECT_FEEDBACK, type="invalid"),
                        ]
                    ),
                    dbc.ModalFooter(
                        [
                            dbc.Button(
                                _("Cancel"), id=ids.REJECT_CANCEL, color="secondary"
                            ),
                            dbc.Button(
                                _("Reject"), id=ids.REJECT_CONFIRM, color="danger"
                            ),
                        ]
                    ),
                ],
                id=ids.REJECT_MODAL,
                is_open=False,
            ),
        ]
    )

"""Recycle bin: customers I deleted (admins: everyone's); restore, purge."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.grid import make_grid, make_pager
from dashboard.context import current_actor
from dashboard.i18n import _
from dashboard.ids import RecycleBin as ids
from services.permissions import CUSTOMER_PURGE

dash.register_page(
    __name__,
    path="/recycle-bin",
    order=30,
    title=lambda **_kw: f"{_('Recycle bin')} · Pelago",
)


def columns() -> list[dict]:
    return [
        {"field": "name", "headerName": _("Customer"), "minWidth": 200},
        {"field": "mobile", "headerName": _("Mobile"), "minWidth": 120},
        {"field": "owner", "headerName": _("Owner"), "minWidth": 100},
        {"field": "deleted_by", "headerName": _("Deleted by"), "minWidth": 100},
        {"field": "deleted", "headerName": _("Deleted at"), "minWidth": 140},
    ]


def layout(**_query):
    can_purge = current_actor().can(CUSTOMER_PURGE)
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            html.H2(_("Recycle bin"), className="page-title mb-1"),
            html.P(
                _("Everyone's deleted customers.")
                if can_purge
                else _("Customers you deleted. Restoring returns them to their owner."),
                className="text-muted",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.Input(
                            id=ids.SEARCH,
                            type="search",
                            debounce=True,
                            size="sm",
                            placeholder=_("Customer name"),
                        ),
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Button(
                                [
                                    html.I(
                                        className="bi bi-arrow-counterclockwise me-1"
                                    ),
                                    _("Restore"),
                                ],
                                id=ids.RESTORE,
                                color="primary",
                                size="sm",
                                className="me-2",
                            ),
                            dbc.Button(
                                [html.I(className="bi bi-x-octagon me-1"), _("Purge")],
                                id=ids.PURGE,
                                color="danger",
                                outline=True,
                                size="sm",
                                style=None if can_purge else {"display": "none"},
                            ),
                        ],
                        md=8,
                        className="text-end",
                    ),
                ],
                className="mb-2",
            ),
            html.Div(id=ids.MESSAGE),
            make_grid(ids.GRID, columns()),
            make_pager(ids.PAGER, ids.TOTAL),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle(_("Purge for good?"))),
                    dbc.ModalBody(
                        _(
                            "The selected customers, their contacts and follow-ups are "
                            "deleted permanently. This cannot be undone."
                        )
                    ),
                    dbc.ModalFooter(
                        [
                            dbc.Button(
                                _("Cancel"), id=ids.PURGE_CANCEL, color="secondary"
                            ),
                            dbc.Button(
                                _("Purge"), id=ids.PURGE_CONFIRM, color="danger"
                            ),
                        ]
                    ),
                ],
                id=ids.PURGE_MODAL,
                is_open=False,
            ),
        ]
    )

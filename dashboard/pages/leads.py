"""Lead list: search, filters, status tabs with counts, server paging, bulk
release to the lead pool and delete, export and import."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.export_menu import make_export_menu
from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, current_language
from dashboard.ids import Leads as ids
from dashboard.labels import LEAD_STATUS_LABELS, SORT_LABELS
from models.lead import LEAD_STATUSES
from services import dictionaries
from services.lead_exports import LEAD_SPEC
from services.lead_imports import LEAD_IMPORT_PERMISSIONS
from services.leads import SORT_COLUMNS
from services.org import assignable_users

dash.register_page(
    __name__,
    path="/leads",
    order=30,
    title=lambda **_kw: f"{_('Leads')} · Pelago",
)


def columns() -> list[dict]:
    return [
        link_column("name", _("Lead")),
        {"field": "company", "headerName": _("Company"), "minWidth": 160},
        {"field": "mobile", "headerName": _("Mobile"), "minWidth": 120},
        {"field": "status_label", "headerName": _("Status"), "minWidth": 90},
        {"field": "source_label", "headerName": _("Source"), "minWidth": 100},
        {"field": "owner", "headerName": _("Owner"), "minWidth": 90},
        {"field": "last_followup", "headerName": _("Last follow-up"), "minWidth": 140},
        {"field": "next_followup", "headerName": _("Next follow-up"), "minWidth": 140},
        {"field": "created", "headerName": _("Created"), "minWidth": 140},
    ]


def filter_bar(actor, language: str) -> dbc.Card:
    with read_session() as session:
        sources = dictionaries.options(session, "customer_source", language)
        owners = [
            {"label": name, "value": str(uid)}
            for uid, name in assignable_users(session, actor)
        ]
    return dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(
                        dbc.InputGroup(
                            [
                                dbc.InputGroupText(html.I(className="bi bi-search")),
                                dbc.Input(
                                    id=ids.SEARCH,
                                    type="search",
                                    debounce=True,
                                    placeholder=_("Name, company or mobile"),
                                ),
                            ],
                            size="sm",
                        ),
                        md=4,
                    ),
                    dbc.Col(
                        dcc.Dropdown(
                            id=ids.SOURCE,
                            options=sources,
                            placeholder=_("All sources"),
                            className="filter-select",
                        ),
                        md=2,
                    ),
                    dbc.Col(
                        dcc.Dropdown(
                            id=ids.OWNER,
                            options=owners,
                            placeholder=_("All owners"),
                            className="filter-select",
                        ),
                        md=2,
                    ),
                    dbc.Col(
                        dbc.InputGroup(
                            [
                                dbc.Select(
                                    id=ids.SORT,
                                    value="updated",
                                    size="sm",
                                    options=[
                                        {"label": _(SORT_LABELS[k]), "value": k}
                                        for k in SORT_COLUMNS
                                    ],
                                ),
                                dbc.Select(
                                    id=ids.DIRECTION,
                                    value="desc",
                                    size="sm",
                                    className="sort-direction",
                                    options=[
                                        {"label": "↓", "value": "desc"},
                                        {"label": "↑", "value": "asc"},
                                    ],
                                ),
                            ],
                            size="sm",
                        ),
                        md=3,
                    ),
                ],
                className="g-2",
            )
        ),
        className="mb-3 filter-bar",
    )


def layout(**_query):
    actor = current_actor()
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            html.Div(
                [
                    html.H2(_("Leads"), className="page-title"),
                    dbc.Button(
                        [html.I(className="bi bi-plus-lg me-1"), _("New lead")],
                        href="/leads/new",
                        color="primary",
                        id="leads-new",
                    ),
                ],
                className="d-flex justify-content-between align-items-center mb-3",
            ),
            filter_bar(actor, current_language()),
            dbc.Tabs(
                id=ids.STATUS_TABS,
                active_tab="all",
                className="mb-2",
                children=[
                    dbc.Tab(label=_(LEAD_STATUS_LABELS[key]), tab_id=key)
                    for key in ("all", *LEAD_STATUSES)
                ],
            ),
            html.Div(
                [
                    html.Span(id=ids.SELECTION, className="text-muted small me-2"),
                    dbc.Button(
                        [html.I(className="bi bi-inboxes me-1"), _("Release to pool")],
                        id=ids.RELEASE,
                        color="outline-secondary",
                        size="sm",
                        className="me-2",
                        disabled=True,
                    ),
                    dbc.Button(
                        [html.I(className="bi bi-trash me-1"), _("Delete")],
                        id=ids.DELETE,
                        color="outline-danger",
                        size="sm",
                        disabled=True,
                    ),
                    make_export_menu(
                        "leads",
                        import_href="/leads/import",
                        permission=LEAD_SPEC.permission,
                        import_permissions=LEAD_IMPORT_PERMISSIONS,
                    ),
                ],
                className="bulk-bar mb-2",
            ),
            html.Div(id=ids.MESSAGE),
            make_grid(ids.GRID, columns()),
            make_pager(ids.PAGER, ids.TOTAL, ids.PAGE_SIZE),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle(_("Delete the selected leads?"))),
                    dbc.ModalBody(
                        _("The lead disappears from the lists; its history is kept.")
                    ),
                    dbc.ModalFooter(
                        [
                            dbc.Button(
                                _("Cancel"), id=ids.DELETE_CANCEL, color="secondary"
                            ),
                            dbc.Button(
                                _("Delete"), id=ids.DELETE_CONFIRM, color="danger"
                            ),
                        ]
                    ),
                ],
                id=ids.DELETE_MODAL,
                is_open=False,
            ),
        ]
    )

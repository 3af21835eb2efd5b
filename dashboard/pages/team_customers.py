"""Team customers (本组客户, seed 001 §2.3): a leader's view of the customers of
the team and its sub-teams: query, create, view, release, assign, extend the
deadline, delete."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.assign_dialog import assign_modal
from dashboard.components.export_menu import make_export_menu
from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.components.release_dialog import release_controls
from dashboard.components.transfer_dialog import make_transfer_control
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, current_language
from dashboard.ids import TeamCustomers as ids
from dashboard.labels import SORT_LABELS, STAGE_LABELS, STAGES
from services import dictionaries
from services.customers import SORT_COLUMNS
from services.org import assignable_users

dash.register_page(
    __name__,
    path="/team-customers",
    order=12,
    title=lambda **_kw: f"{_('Team customers')} · Pelago",
)
RELEASE_PREFIX = "team-customers"
TRANSFER_PAGE = "team-customers"
EXPORT_ENTITY = "team-customers"


def columns() -> list[dict]:
    return [
        link_column("name", _("Customer")),
        {"field": "mobile", "headerName": _("Mobile"), "minWidth": 120},
        {"field": "stage_label", "headerName": _("Stage"), "minWidth": 90},
        {"field": "level", "headerName": _("Level"), "minWidth": 70},
        {"field": "owner", "headerName": _("Owner"), "minWidth": 90},
        {"field": "last_followup", "headerName": _("Last follow-up"), "minWidth": 140},
        {
            "field": "returns",
            "headerName": _("Returns to pool"),
            "minWidth": 140,
            "cellClassRules": {"text-danger fw-semibold": "params.data.returns_soon"},
        },
        {
            "field": "extension_days",
            "headerName": _("Extended (days)"),
            "minWidth": 100,
        },
        {"field": "created", "headerName": _("Created"), "minWidth": 140},
    ]


def _button(component_id, icon, label, color="outline-primary"):
    return dbc.Button(
        [html.I(className=f"bi bi-{icon} me-1"), label],
        id=component_id,
        color=color,
        size="sm",
        disabled=True,
        className="me-2",
    )


def layout(**_query):
    actor = current_actor()
    language = current_language()
    with read_session() as session:
        levels = dictionaries.options(session, "customer_level", language)
        members = [
            {"label": name, "value": str(uid)}
            for uid, name in assignable_users(session, actor)
        ]
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            html.Div(
                [
                    html.H2(_("Team customers"), className="page-title"),
                    dbc.Button(
                        [html.I(className="bi bi-plus-lg me-1"), _("New customer")],
                        href="/customers/new",
                        color="primary",
                        id="team-customers-new",
                    ),
                ],
                className="d-flex justify-content-between align-items-center mb-3",
            ),
            dbc.Card(
                dbc.CardBody(
                    dbc.Row(
                        [
                            dbc.Col(
                                dbc.Input(
                                    id=ids.SEARCH,
                                    type="search",
                                    debounce=True,
                                    size="sm",
                                    placeholder=_("Name, phone or contact"),
                                ),
                                md=4,
                            ),
                            dbc.Col(
                                dcc.Dropdown(
                                    id=ids.OWNER,
                                    options=members,
                                    placeholder=_("All owners"),
                                ),
                                md=3,
                            ),
                            dbc.Col(
                                dcc.Dropdown(
                                    id=ids.LEVEL,
                                    options=levels,
                                    placeholder=_("All levels"),
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
            ),
            dbc.Tabs(
                id=ids.STAGE_TABS,
                active_tab="all",
                className="mb-2",
                children=[
                    dbc.Tab(label=_(STAGE_LABELS[key]), tab_id=key)
                    for key in ("all", *STAGES)
                ],
            ),
            html.Div(
                [
                    html.Span(id=ids.SELECTION, className="text-muted small me-2"),
                    release_controls(RELEASE_PREFIX),
                    _button(ids.ASSIGN, "person-check", _("Assign")),
                    _button(ids.EXTEND, "calendar-plus", _("Extend deadline")),
                    _button(ids.DELETE, "trash", _("Delete"), "outline-danger"),
                    make_transfer_control(TRANSFER_PAGE),
                    make_export_menu(EXPORT_ENTITY),
                ],
                id=ids.BULK,
                className="bulk-bar mb-2",
            ),
            html.Div(id=ids.MESSAGE),
            make_grid(ids.GRID, columns()),
            make_pager(ids.PAGER, ids.TOTAL, ids.PAGE_SIZE),
            assign_modal(
                actor,
                ids.ASSIGN_MODAL,
                ids.ASSIGN_USER,
                ids.ASSIGN_FEEDBACK,
                ids.ASSIGN_CANCEL,
                ids.ASSIGN_CONFIRM,
            ),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle(_("Extend the deadline"))),
                    dbc.ModalBody(
                        [
                            html.P(
                                _(
                                    "Adds days to the signing deadline; for "
                                    "cooperating customers, to the dormancy deadline."
                                ),
                                className="text-muted small",
                            ),
                            dbc.Label(_("Days"), html_for=ids.EXTEND_DAYS),
                            dbc.Input(
                                id=ids.EXTEND_DAYS,
                                type="number",
                                min=1,
                                max=365,
                                step=1,
                            ),
                            dbc.FormFeedback(id=ids.EXTEND_FEEDBACK, type="invalid"),
                        ]
                    ),
                    dbc.ModalFooter(
                        [
                            dbc.Button(
                                _("Cancel"), id=ids.EXTEND_CANCEL, color="secondary"
                            ),
                            dbc.Button(
                                _("Extend"), id=ids.EXTEND_CONFIRM, color="primary"
                            ),
                        ]
                    ),
                ],
                id=ids.EXTEND_MODAL,
                is_open=False,
            ),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle(_("Move to the recycle bin?"))),
                    dbc.ModalBody(
                        _(
                            "The selected customers go to the recycle bin. "
                            "You can restore them from there."
                        )
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

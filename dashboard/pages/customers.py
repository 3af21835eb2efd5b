"""Customer list: search, filters, stage tabs, server paging, bulk delete."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.export_menu import make_export_menu
from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.components.release_dialog import release_controls
from dashboard.components.transfer_dialog import make_transfer_control
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, current_language
from dashboard.ids import Customers as ids
from dashboard.ids import CustomersFollowUpDue
from dashboard.labels import SORT_LABELS, STAGE_LABELS, STAGES
from services import dictionaries
from services.customers import FOLLOWUP_DUE, SORT_COLUMNS
from services.msgid import N_
from services.org import assignable_users
from services.regions import province_options

dash.register_page(
    __name__,
    path="/customers",
    order=10,
    title=lambda **_kw: f"{_('Customers')} · Pelago",
)


def columns() -> list[dict]:
    return [
        link_column("name", _("Customer")),
        {"field": "mobile", "headerName": _("Mobile"), "minWidth": 120},
        {"field": "stage_label", "headerName": _("Stage"), "minWidth": 90},
        {"field": "level", "headerName": _("Level"), "minWidth": 70},
        {"field": "source_label", "headerName": _("Source"), "minWidth": 100},
        {"field": "industry_label", "headerName": _("Industry"), "minWidth": 100},
        {"field": "region", "headerName": _("Region"), "minWidth": 120},
        {"field": "owner", "headerName": _("Owner"), "minWidth": 90},
        {"field": "last_followup", "headerName": _("Last follow-up"), "minWidth": 140},
        {"field": "next_followup", "headerName": _("Next follow-up"), "minWidth": 140},
        {"field": "created", "headerName": _("Created"), "minWidth": 140},
    ]


def _select(
    component_id: str, placeholder: str, options: list[dict], value=None
) -> dcc.Dropdown:
    return dcc.Dropdown(
        id=component_id,
        options=options,
        value=value,
        placeholder=placeholder,
        clearable=True,
        className="filter-select",
    )


def _date_range(label: str, from_id: str, to_id: str) -> html.Div:
    return dbc.InputGroup(
        [
            dbc.InputGroupText(label),
            dbc.Input(id=from_id, type="date", debounce=True),
            dbc.InputGroupText("–"),
            dbc.Input(id=to_id, type="date", debounce=True),
        ],
        size="sm",
    )


def filter_bar(actor, language: str, *, sort_by_next_followup: bool) -> dbc.Card:
    with read_session() as session:
        sources = dictionaries.options(session, "customer_source", language)
        industries = dictionaries.options(session, "industry", language)
        levels = dictionaries.options(session, "customer_level", language)
        owners = [
            {"label": name, "value": str(uid)}
            for uid, name in assignable_users(session, actor)
        ]
    return dbc.Card(
        dbc.CardBody(
            [
                dbc.Row(
                    [
                        dbc.Col(
                            dbc.InputGroup(
                                [
                                    dbc.InputGroupText(
                                        html.I(className="bi bi-search")
                                    ),
                                    dbc.Input(
                                        id=ids.SEARCH,
                                        type="search",
                                        debounce=True,
                                        placeholder=_("Name, phone or contact"),
                                    ),
                                ],
                                size="sm",
                            ),
                            md=4,
                        ),
                        dbc.Col(_select(ids.LEVEL, _("All levels"), levels), md=2),
                        dbc.Col(_select(ids.SOURCE, _("All sources"), sources), md=2),
                        dbc.Col(
                            _select(ids.INDUSTRY, _("All industries"), industries), md=2
                        ),
                        dbc.Col(_select(ids.OWNER, _("All owners"), owners), md=2),
                    ],
                    className="g-2 mb-2",
                ),
                dbc.Row(
                    [
                        dbc.Col(
                            _select(
                                ids.PROVINCE,
                                _("All provinces"),
                                province_options(language),
                            ),
                            md=2,
                        ),
                        dbc.Col(_select(ids.CITY, _("All cities"), []), md=2),
                        dbc.Col(
                            _date_range(_("Created"), ids.CREATED_FROM, ids.CREATED_TO),
                            md=3,
                        ),
                        dbc.Col(
                            _date_range(
                                _("Last follow-up"), ids.FOLLOWUP_FROM, ids.FOLLOWUP_TO
                            ),
                            md=3,
                        ),
                        dbc.Col(
                            dbc.InputGroup(
                                [
                                    dbc.Select(
                                        id=ids.SORT,
                                        value="next_followup"
                                        if sort_by_next_followup
                                        else "updated",
                                        size="sm",
                                        options=[
                                            {"label": _(SORT_LABELS[k]), "value": k}
                                            for k in SORT_COLUMNS
                                        ],
                                    ),
                                    dbc.Select(
                                        id=ids.DIRECTION,
                                        value="asc"
                                        if sort_by_next_followup
                                        else "desc",
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
                            md=2,
                        ),
                    ],
                    className="g-2",
                ),
            ]
        ),
        className="mb-3 filter-bar",
    )


FOLLOWUP_DUE_LABELS = {
    "today": N_("Follow-up due today"),
    "overdue": N_("Follow-up overdue"),
}


def layout(followup: str | None = None, **_query):
    actor = current_actor()
    language = current_language()
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            html.Div(
                [
                    html.H2(_("Customers"), className="page-title"),
                    dbc.Button(
                        [html.I(className="bi bi-plus-lg me-1"), _("New customer")],
                        href="/customers/new",
                        color="primary",
                        id="customers-new",
                    ),
                ],
                className="d-flex justify-content-between align-items-center mb-3",
            ),
            # Follow-ups due: most overdue first.
            filter_bar(actor, language, sort_by_next_followup=followup in FOLLOWUP_DUE),
            html.Div(
                [
                    dbc.Tabs(
                        id=ids.STAGE_TABS,
                        active_tab="all",
                        className="flex-grow-1",
                        children=[
                            dbc.Tab(label=_(STAGE_LABELS[key]), tab_id=key)
                            for key in ("all", *STAGES)
                        ],
                    ),
                    # The to-do's "follow-ups due" links land here (?followup=).
                    html.Div(
                        _select(
                            CustomersFollowUpDue.SELECT,
                            _("Any next follow-up"),
                            [
                                {"label": _(label), "value": due}
                                for due, label in FOLLOWUP_DUE_LABELS.items()
                            ],
                            value=followup if followup in FOLLOWUP_DUE else None,
                        ),
                        className="followup-due-filter",
                        style={"minWidth": "200px"},
                    ),
                ],
                className="d-flex align-items-end gap-2 mb-2",
            ),
            html.Div(
                [
                    html.Span(id=ids.SELECTION, className="text-muted small me-2"),
                    dbc.Button(
                        [html.I(className="bi bi-trash me-1"), _("Delete")],
                        id=ids.DELETE,
                        color="outline-danger",
                        size="sm",
                        disabled=True,
                    ),
                    release_controls("customers"),
                    make_transfer_control("customers"),
                    make_export_menu("customers", import_href="/customers/import"),
                ],
                className="bulk-bar mb-2",
            ),
            html.Div(id=ids.MESSAGE),
            make_grid(ids.GRID, columns()),
            make_pager(ids.PAGER, ids.TOTAL, ids.PAGE_SIZE),
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

"""Team customers (本组客户, seed 001 §2.3): a leader's view of the customers of
the team and its sub-teams: query, create, view, release, assign, extend the
deadline, delete."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.assign_dialog import assign_modal, confirm_modal
from dashboard.components.export_menu import make_export_menu
from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.components.list_page import (
    make_bulk_bar,
    make_bulk_button,
    make_filter_bar,
    make_filter_select,
    make_new_button,
    make_page_header,
    make_search,
    make_sort_controls,
    make_tabs,
)
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


def layout(**_query):
    actor = current_actor()
    language = current_language()
    with read_session() as session:
        levels = dictionaries.options(session, "customer_level", language)
        members = [
            {"label": name, "value": str(uid)}
            for uid, name in assignable_users(session, actor)
        ]
    sort_options = [{"label": _(SORT_LABELS[k]), "value": k} for k in SORT_COLUMNS]
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            make_page_header(
                _("Team customers"),
                make_new_button(
                    _("New customer"), "/customers/new", "team-customers-new"
                ),
            ),
            make_filter_bar(
                [
                    dbc.Col(
                        make_search(
                            ids.SEARCH, _("Name, phone or contact"), icon=False
                        ),
                        md=4,
                    ),
                    dbc.Col(
                        make_filter_select(
                            ids.OWNER, _("All owners"), members, class_name=None
                        ),
                        md=3,
                    ),
                    dbc.Col(
                        make_filter_select(
                            ids.LEVEL, _("All levels"), levels, class_name=None
                        ),
                        md=2,
                    ),
                    dbc.Col(
                        make_sort_controls(ids.SORT, ids.DIRECTION, sort_options),
                        md=3,
                    ),
                ]
            ),
            make_tabs(ids.STAGE_TABS, ("all", *STAGES), STAGE_LABELS),
            make_bulk_bar(
                ids.SELECTION,
                release_controls(RELEASE_PREFIX),
                make_bulk_button(ids.ASSIGN, "person-check", _("Assign")),
                make_bulk_button(ids.EXTEND, "calendar-plus", _("Extend deadline")),
                make_bulk_button(ids.DELETE, "trash", _("Delete"), "outline-danger"),
                make_transfer_control(TRANSFER_PAGE),
                make_export_menu(EXPORT_ENTITY),
                id=ids.BULK,
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
            confirm_modal(
                _("Extend the deadline"),
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
                        id=ids.EXTEND_DAYS, type="number", min=1, max=365, step=1
                    ),
                    dbc.FormFeedback(id=ids.EXTEND_FEEDBACK, type="invalid"),
                ],
                ids.EXTEND_MODAL,
                ids.EXTEND_CANCEL,
                ids.EXTEND_CONFIRM,
                _("Extend"),
                "primary",
            ),
            confirm_modal(
                _("Move to the recycle bin?"),
                _(
                    "The selected customers go to the recycle bin. "
                    "You can restore them from there."
                ),
                ids.DELETE_MODAL,
                ids.DELETE_CANCEL,
                ids.DELETE_CONFIRM,
                _("Delete"),
                "danger",
            ),
        ]
    )

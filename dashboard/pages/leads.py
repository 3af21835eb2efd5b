"""Lead list: search, filters, status tabs with counts, server paging, bulk
release to the lead pool and delete, export and import."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.assign_dialog import confirm_modal
from dashboard.components.custom_fields import make_custom_list_controls
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
    sort_options = [{"label": _(SORT_LABELS[k]), "value": k} for k in SORT_COLUMNS]
    return make_filter_bar(
        [
            dbc.Col(make_search(ids.SEARCH, _("Name, company or mobile")), md=4),
            dbc.Col(make_filter_select(ids.SOURCE, _("All sources"), sources), md=2),
            dbc.Col(make_filter_select(ids.OWNER, _("All owners"), owners), md=2),
            dbc.Col(make_sort_controls(ids.SORT, ids.DIRECTION, sort_options), md=3),
        ]
    )


def layout(**_query):
    actor = current_actor()
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            make_page_header(
                _("Leads"), make_new_button(_("New lead"), "/leads/new", "leads-new")
            ),
            filter_bar(actor, current_language()),
            make_custom_list_controls("lead"),
            make_tabs(ids.STATUS_TABS, ("all", *LEAD_STATUSES), LEAD_STATUS_LABELS),
            make_bulk_bar(
                ids.SELECTION,
                make_bulk_button(
                    ids.RELEASE, "inboxes", _("Release to pool"), "outline-secondary"
                ),
                make_bulk_button(
                    ids.DELETE, "trash", _("Delete"), "outline-danger", spaced=False
                ),
                make_export_menu(
                    "leads",
                    import_href="/leads/import",
                    permission=LEAD_SPEC.permission,
                    import_permissions=LEAD_IMPORT_PERMISSIONS,
                ),
            ),
            html.Div(id=ids.MESSAGE),
            make_grid(ids.GRID, columns()),
            make_pager(ids.PAGER, ids.TOTAL, ids.PAGE_SIZE),
            confirm_modal(
                _("Delete the selected leads?"),
                _("The lead disappears from the lists; its history is kept."),
                ids.DELETE_MODAL,
                ids.DELETE_CANCEL,
                ids.DELETE_CONFIRM,
                _("Delete"),
                "danger",
            ),
        ]
    )

"""Administration · operation log: who changed what and when, with before/after
values; search, server paging and CSV export. Read-only."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.admin import forbidden
from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.ids import AdminLog as ids
from dashboard.labels import ACTION_LABELS, OBJECT_TYPE_LABELS
from services.operation_log import log_user_options
from services.permissions import AUDIT_VIEW

dash.register_page(
    __name__,
    path="/admin/operation-log",
    order=88,
    title=lambda **_kw: f"{_('Operation log')} · Pelago",
)


def columns() -> list[dict]:
    return [
        {"field": "time", "headerName": _("Time"), "minWidth": 150},
        {"field": "actor", "headerName": _("User"), "minWidth": 110},
        {"field": "action_label", "headerName": _("Action"), "minWidth": 160},
        {"field": "object_label", "headerName": _("Object type"), "minWidth": 110},
        {"field": "object_id", "headerName": _("Object ID"), "minWidth": 90},
        link_column("changes_label", _("Changes"), minWidth=120),
    ]


def _dropdown(component_id: str, placeholder: str, options: list[dict]):
    return dcc.Dropdown(
        id=component_id,
        options=options,
        placeholder=placeholder,
        clearable=True,
        className="filter-select",
    )


def filter_bar(actor) -> dbc.Card:
    with read_session() as session:
        users = [
            {"label": name, "value": str(user_id)}
            for user_id, name in log_user_options(session, actor)
        ]
    object_types = [
        {"label": _(label), "value": code} for code, label in OBJECT_TYPE_LABELS.items()
    ]
    actions = sorted(
        (
            {"label": f"{_(label)} · {code}", "value": code}
            for code, label in ACTION_LABELS.items()
        ),
        key=lambda option: option["value"],
    )
    return dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(_dropdown(ids.USER, _("All users"), users), md=2),
                    dbc.Col(
                        _dropdown(ids.OBJECT_TYPE, _("All object types"), object_types),
                        md=2,
                    ),
                    dbc.Col(
                        dbc.Input(
                            id=ids.OBJECT_ID,
                            type="number",
                            min=1,
                            step=1,
                            debounce=True,
                            size="sm",
                            placeholder=_("Object ID"),
                        ),
                        md=1,
                    ),
                    dbc.Col(_dropdown(ids.ACTION, _("All actions"), actions), md=3),
                    dbc.Col(
                        dbc.InputGroup(
                            [
                                dbc.InputGroupText(_("Period")),
                                dbc.Input(id=ids.DATE_FROM, type="date", debounce=True),
                                dbc.InputGroupText("–"),
                                dbc.Input(id=ids.DATE_TO, type="date", debounce=True),
                            ],
                            size="sm",
                        ),
                        md=4,
                    ),
                ],
                className="g-2",
            )
        ),
        className="mb-3 filter-bar",
    )


def layout(**_query):
    actor = current_actor()
    if not actor.can(AUDIT_VIEW):
        return forbidden()
    return html.Div(
        [
            html.Div(
                [
                    html.H2(_("Operation log"), className="page-title"),
                    dbc.Button(
                        [html.I(className="bi bi-download me-1"), _("Export CSV")],
                        id=ids.EXPORT,
                        color="secondary",
                        outline=True,
                    ),
                ],
                className="d-flex justify-content-between align-items-center mb-3",
            ),
            filter_bar(actor),
            html.Div(id=ids.MESSAGE),
            make_grid(ids.GRID, columns(), selectable=False),
            make_pager(ids.PAGER, ids.TOTAL, ids.PAGE_SIZE),
            dcc.Download(id=ids.DOWNLOAD),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle(id=ids.DIFF_TITLE)),
                    dbc.ModalBody(id=ids.DIFF_BODY),
                ],
                id=ids.DIFF_MODAL,
                is_open=False,
                size="lg",
                scrollable=True,
            ),
        ]
    )

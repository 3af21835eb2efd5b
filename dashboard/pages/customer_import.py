"""Customer import wizard: upload → map columns → check (preview + per-row report)
→ import all rows or none."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import _
from dashboard.ids import CustomerImport as ids
from services.import_files import MAX_FILE_BYTES, MAX_ROWS

dash.register_page(
    __name__,
    path="/customers/import",
    # Before /customers/<customer_id>: Dash matches pages in registry order.
    order=12,
    title=lambda **_kw: f"{_('Import customers')} · Pelago",
)


def _step(number: int, title: str, body) -> dbc.Card:
    return dbc.Card(
        [
            dbc.CardHeader(f"{number}. {title}"),
            dbc.CardBody(body),
        ],
        className="mb-3",
    )


def layout(**_query):
    limits = _(
        ".xlsx or .csv, at most {size} MB and {rows} rows; the first row holds "
        "the column names.",
        size=MAX_FILE_BYTES // (1024 * 1024),
        rows=f"{MAX_ROWS:,}",
    )
    return html.Div(
        [
            dcc.Store(id=ids.TOKEN),
            dcc.Download(id=ids.REPORT_DOWNLOAD),
            html.Div(
                [
                    html.H2(_("Import customers"), className="page-title"),
                    dbc.Button(
                        [html.I(className="bi bi-arrow-left me-1"), _("Customers")],
                        href="/customers",
                        color="link",
                    ),
                ],
                className="d-flex justify-content-between align-items-center mb-3",
            ),
            html.Div(id=ids.MESSAGE),
            _step(
                1,
                _("Upload a file"),
                [
                    dcc.Upload(
                        id=ids.UPLOAD,
                        children=html.Div(
                            [
                                html.I(className="bi bi-cloud-upload me-2"),
                                _("Drag a file here or click to choose one"),
                            ]
                        ),
                        accept=".xlsx,.csv",
                        multiple=False,
                        className="import-upload border rounded p-4 text-center",
                    ),
                    html.Div(limits, className="text-muted small mt-2"),
                    html.Div(id=ids.FILE_INFO, className="mt-2"),
                ],
            ),
            _step(2, _("Match the columns"), html.Div(id=ids.MAPPING)),
            _step(
                3,
                _("Check and import"),
                [
                    dbc.Label(_("Rows that match an existing customer")),
                    dbc.RadioItems(
                        id=ids.DUPLICATES,
                        value="skip",
                        options=[
                            {"label": _("Skip them"), "value": "skip"},
                            {
                                "label": _("Update the existing customer"),
                                "value": "update",
                            },
                            {
                                "label": _("Create a new customer anyway"),
                                "value": "create",
                            },
                        ],
                        className="mb-3",
                    ),
                    html.Div(
                        [
                            dbc.Button(
                                [
                                    html.I(className="bi bi-check2-square me-1"),
                                    _("Check"),
                                ],
                                id=ids.CHECK,
                                color="secondary",
                                disabled=True,
                                className="me-2",
                            ),
                            dbc.Button(
                                [html.I(className="bi bi-upload me-1"), _("Import")],
                                id=ids.COMMIT,
                                color="primary",
                                disabled=True,
                            ),
                        ],
                        className="mb-3",
                    ),
                    html.Div(id=ids.REPORT),
                    html.Div(id=ids.PREVIEW),
                ],
            ),
        ]
    )

"""The import wizard's layout (upload → map columns → check → import), shared by
the customer and lead import pages. Callbacks: dashboard/callbacks/import_wizard.py."""

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import _
from dashboard.ids import ImportWizard
from services.import_files import MAX_FILE_BYTES, MAX_ROWS


def _step(number: int, title: str, body) -> dbc.Card:
    return dbc.Card(
        [
            dbc.CardHeader(f"{number}. {title}"),
            dbc.CardBody(body),
        ],
        className="mb-3",
    )


def make_import_wizard(
    ids: ImportWizard,
    *,
    title: str,
    back_href: str,
    back_label: str,
    duplicates_label: str,
    duplicate_options: dict[str, str],
) -> html.Div:
    """The wizard; labels are already translated. `duplicate_options`: mode →
    label for "skip", "update", "create"."""
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
                    html.H2(title, className="page-title"),
                    dbc.Button(
                        [html.I(className="bi bi-arrow-left me-1"), back_label],
                        href=back_href,
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
                    dbc.Label(duplicates_label),
                    dbc.RadioItems(
                        id=ids.DUPLICATES,
                        value="skip",
                        options=[
                            {"label": label, "value": mode}
                            for mode, label in duplicate_options.items()
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

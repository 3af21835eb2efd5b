"""The "Export" dropdown of a list page (selected rows / all filtered, .xlsx /
.csv) with its download target, and an optional "Import" button."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.context import current_actor
from dashboard.i18n import _
from dashboard.ids import Exports
from services.permissions import CUSTOMER_EXPORT, CUSTOMER_IMPORT

FORMAT_LABELS = {"xlsx": "Excel (.xlsx)", "csv": "CSV (.csv)"}


def make_export_menu(
    entity: str,
    *,
    selectable: bool = True,
    import_href: str | None = None,
    permission: str = CUSTOMER_EXPORT,
    import_permissions: tuple[str, ...] = (CUSTOMER_IMPORT,),
) -> html.Div:
    """Nothing for users who may neither export nor import."""
    actor = current_actor()
    children = []
    if actor.can(permission):
        items = []
        sections = [("filtered", _("All filtered rows"))]
        if selectable:
            sections.insert(0, ("selected", _("Selected rows")))
        for selection, label in sections:
            if items:
                items.append(dbc.DropdownMenuItem(divider=True))
            items.append(dbc.DropdownMenuItem(label, header=True))
            items += [
                dbc.DropdownMenuItem(
                    text, id=Exports.item(entity, selection, fmt), n_clicks=0
                )
                for fmt, text in FORMAT_LABELS.items()
            ]
        children += [
            dbc.DropdownMenu(
                items,
                label=[html.I(className="bi bi-download me-1"), _("Export")],
                id=Exports.menu(entity),
                size="sm",
                color="outline-secondary",
                className="d-inline-block",
            ),
            dcc.Download(id=Exports.download(entity)),
        ]
    if import_href and all(actor.can(p) for p in import_permissions):
        children.append(
            dbc.Button(
                [html.I(className="bi bi-upload me-1"), _("Import")],
                href=import_href,
                id=Exports.import_link(entity),
                size="sm",
                color="outline-secondary",
                className="ms-2",
            )
        )
    return html.Div(children, className="d-inline-flex align-items-center ms-2")

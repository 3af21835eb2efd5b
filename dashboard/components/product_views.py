"""Read-only renderings of a product: status badge, header, information and
attributes, and the detail page's action buttons."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.detail_page import action_button, facts_row, info_grid
from dashboard.i18n import _, format_datetime, format_money
from dashboard.ids import ProductDetail as ids


def sale_badge(on_sale: bool) -> dbc.Badge:
    return dbc.Badge(
        _("On sale") if on_sale else _("Off sale"),
        color="success" if on_sale else "secondary",
        className="ms-2",
    )


def sale_label(on_sale: bool) -> str:
    return _("On sale") if on_sale else _("Off sale")


def actions(product_id: str) -> html.Div:
    """Every action button, hidden; the load callback shows those that apply to
    a product manager (the services re-check the permission)."""
    return html.Div(
        [
            action_button(
                ids.EDIT,
                "pencil",
                _("Edit"),
                "primary",
                href=f"/products/{product_id}/edit",
            ),
            action_button(ids.PUT_ON_SALE, "bag-check", _("Put on sale"), "success"),
            action_button(
                ids.TAKE_OFF_SALE,
                "bag-x",
                _("Take off sale"),
                "secondary",
                outline=True,
            ),
            action_button(ids.DELETE, "trash", _("Delete"), "danger", outline=True),
        ],
        className="detail-actions",
    )


def header(detail: dict) -> html.Div:
    facts = [
        (_("Code"), detail["code"] or "—"),
        (_("Category"), detail["category"] or "—"),
        (_("Unit"), detail["unit_label"] or "—"),
        (
            _("Price (CNY)"),
            format_money(detail["price"]) if detail["price"] is not None else "—",
        ),
    ]
    return html.Div(
        [
            html.H2(
                [detail["name"], sale_badge(detail["on_sale"])],
                className="page-title mb-0",
                id="product-detail-name",
            ),
            facts_row(facts),
        ]
    )


def info(detail: dict) -> html.Div:
    usage = detail["usage"]
    rows = [
        (_("Description"), detail["description"]),
        (
            _("Used by"),
            _(
                "{opportunities} opportunity lines, {contracts} contract lines",
                opportunities=usage["opportunity_lines"],
                contracts=usage["contract_lines"],
            ),
        ),
        (
            _("Created by"),
            f"{detail['created_by']} · {format_datetime(detail['created_at'])}",
        ),
        (_("Modified"), format_datetime(detail["updated_at"])),
    ]
    attributes = detail["attributes"]
    return html.Div(
        [
            info_grid(rows, width=6),
            html.H5(_("Attributes"), className="mt-3"),
            dbc.Table(
                html.Tbody(
                    [
                        html.Tr(
                            [
                                html.Th(a["name"], className="w-25"),
                                html.Td(a["value"] or "—"),
                            ]
                        )
                        for a in attributes
                    ]
                ),
                size="sm",
                className="product-attribute-table",
                id="product-detail-attributes",
            )
            if attributes
            else html.P(
                _("This category defines no attributes."), className="text-muted"
            ),
        ]
    )

"""Read-only renderings of a customer: header, info grid, contacts, timeline, log."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.detail_page import (
    audit_items,
    facts_row,
    info_grid,
    log_table,
)
from dashboard.i18n import _, format_datetime
from dashboard.ids import CustomerDetail as ids
from dashboard.labels import FIELD_LABELS, STAGE_LABELS
from services.regions import region_label

STAGE_COLORS = {
    "potential": "secondary",
    "intention": "info",
    "cooperating": "success",
    "dormant": "warning",
}
TYPE_ICONS = {
    "call": "telephone",
    "visit": "geo-alt",
    "wechat": "chat-dots",
    "email": "envelope",
    "meeting": "people",
    "sms": "phone",
    "note": "journal",
}


def stage_badge(stage: str) -> dbc.Badge:
    return dbc.Badge(
        _(STAGE_LABELS.get(stage, stage)),
        color=STAGE_COLORS.get(stage, "secondary"),
        className="ms-2",
    )


def actions(customer_id: str) -> html.Div:
    """Action buttons; ids come from the URL, the callbacks re-check scope."""
    return html.Div(
        [
            dbc.Button(
                [html.I(className="bi bi-pencil me-1"), _("Edit")],
                href=f"/customers/{customer_id}/edit",
                color="primary",
                size="sm",
                className="me-2",
                id="customer-detail-edit",
            ),
            dbc.Button(
                [html.I(className="bi bi-person-plus me-1"), _("Add contact")],
                href=f"/contacts/new?customer_id={customer_id}",
                color="secondary",
                outline=True,
                size="sm",
                className="me-2",
                id="customer-detail-add-contact",
            ),
            dbc.Button(
                [html.I(className="bi bi-trash me-1"), _("Delete")],
                id=ids.DELETE,
                color="danger",
                outline=True,
                size="sm",
            ),
        ],
        className="detail-actions",
    )


def header(detail: dict, labels: dict) -> html.Div:
    facts = [
        (_("Owner"), detail["owner"] or _("No owner")),
        (_("Mobile"), detail["mobile"] or "—"),
        (_("Level"), labels.get(("customer_level", detail["level"]), "—")),
        (_("Last follow-up"), format_datetime(detail["last_followup_at"]) or "—"),
        (_("Next follow-up"), format_datetime(detail["next_followup_at"]) or "—"),
    ]
    return html.Div(
        [
            html.H2(
                [detail["name"], stage_badge(detail["stage"])],
                className="page-title mb-0",
                id="customer-detail-name",
            ),
            facts_row((label, html.Span(value)) for label, value in facts),
        ]
    )


def info(detail: dict, labels: dict, language: str) -> dbc.Row:
    rows = [
        ("name", detail["name"]),
        ("mobile", detail["mobile"]),
        ("phone", detail["phone"]),
        ("email", detail["email"]),
        ("source", labels.get(("customer_source", detail["source"]), "")),
        ("industry", labels.get(("industry", detail["industry"]), "")),
        ("level", labels.get(("customer_level", detail["level"]), "")),
        ("stage", _(STAGE_LABELS.get(detail["stage"], detail["stage"]))),
        ("province", region_label(detail["province"], detail["city"], language)),
        ("district", detail["district"]),
        ("address", detail["address"]),
        ("tags", ", ".join(detail["tags"])),
        ("remark", detail["remark"]),
    ]
    items = [
        (_(FIELD_LABELS[k]) if k != "province" else _("Region"), v) for k, v in rows
    ]
    return info_grid(items + audit_items(detail))


def contacts(rows: list[dict]) -> html.Div:
    if not rows:
        return html.P(_("No contacts yet."), className="text-muted")
    return dbc.Table(
        [
            html.Thead(
                html.Tr(
                    [
                        html.Th(_(h))
                        for h in ("Name", "Title", "Mobile", "Email", "Primary contact")
                    ]
                )
            ),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Td(html.A(r["name"], href=f"/contacts/{r['id']}")),
                            html.Td(r["title"] or ""),
                            html.Td(
                                html.A(r["mobile"], href=f"tel:{r['mobile']}")
                                if r["mobile"]
                                else ""
                            ),
                            html.Td(
                                html.A(r["email"], href=f"mailto:{r['email']}")
                                if r["email"]
                                else ""
                            ),
                            html.Td(
                                html.I(className="bi bi-star-fill text-warning")
                                if r["is_primary"]
                                else ""
                            ),
                        ]
                    )
                    for r in rows
                ]
            ),
        ],
        hover=True,
        size="sm",
        className="contacts-table",
    )


def timeline(entries: list[dict], labels: dict) -> html.Div:
    if not entries:
        return html.P(_("No follow-ups yet."), className="text-muted")
    return html.Ul(
        [
            html.Li(
                [
                    html.I(
                        className=f"bi bi-{TYPE_ICONS.get(e['type'], 'chat')}"
                        " timeline-icon"
                    ),
                    html.Div(
                        [
                            html.Div(
                                [
                                    html.Strong(
                                        labels.get(
                                            ("followup_type", e["type"]), e["type"]
                                        )
                                    ),
                                    html.Span(
                                        f" · {e['author']}", className="text-muted"
                                    ),
                                    html.Span(
                                        f" · {e['contact']}", className="text-muted"
                                    )
                                    if e["contact"]
                                    else None,
                                    html.Span(
                                        format_datetime(e["occurred_at"]),
                                        className="text-muted float-end small",
                                    ),
                                ]
                            ),
                            html.Div(e["content"], className="timeline-content"),
                            html.Small(
                                _(
                                    "Next follow-up: {when}",
                                    when=format_datetime(e["next_followup_at"]),
                                ),
                                className="text-primary",
                            )
                            if e["next_followup_at"]
                            else None,
                        ],
                        className="timeline-body",
                    ),
                ],
                className="timeline-item",
            )
            for e in entries
        ],
        className="timeline",
        id="customer-timeline",
    )


def change_lines(before: dict, after: dict) -> list:
    lines = []
    for key in sorted(set(before) | set(after)):
        label = _(FIELD_LABELS.get(key, key))
        lines.append(
            html.Div(
                f"{label}: {before.get(key, '') or '—'} → {after.get(key, '') or '—'}",
                className="small",
            )
        )
    return lines


def operation_log(entries: list[dict]) -> html.Div:
    return log_table(
        entries,
        lambda e: (
            change_lines(e["before"], e["after"])
            if e["action"] in ("customer.update", "contact.update")
            else ""
        ),
    )


def contact_options(rows: list[dict]) -> list[dict]:
    return [
        {"label": _("No contact"), "value": ""},
        *({"label": r["name"], "value": str(r["id"])} for r in rows),
    ]

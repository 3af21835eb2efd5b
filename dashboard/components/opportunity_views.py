"""Read-only renderings of opportunities: stage labels, header with the stage bar,
info grid, stage history, operation log, and the table of a customer's
opportunities."""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.customer_views import change_lines
from dashboard.components.detail_page import (
    audit_items,
    facts_row,
    info_grid,
    log_table,
)
from dashboard.i18n import _, format_date, format_datetime, format_money
from dashboard.ids import CustomerOpportunities
from dashboard.ids import OpportunityDetail as ids
from dashboard.labels import OPPORTUNITY_STATUS_LABELS
from models import OpportunityStage
from services.opportunity_stages import stage_label

STATUS_COLORS = {"open": "primary", "won": "success", "lost": "secondary"}
STAGE_ACTIONS = (
    "opportunity.stage",
    "opportunity.win",
    "opportunity.lose",
    "opportunity.reopen",
)


@dataclass(frozen=True)
class StageInfo:
    id: int
    label: str
    probability: int
    outcome: str
    is_active: bool


def stage_infos(stages: list[OpportunityStage], language: str) -> dict[int, StageInfo]:
    """Every stage (disabled ones too: records still show them) by id, in order."""
    return {
        s.id: StageInfo(
            s.id, stage_label(s, language), s.probability, s.outcome, s.is_active
        )
        for s in stages
    }


def stage_name(stages: dict[int, StageInfo], stage_id: int | None) -> str:
    stage = stages.get(stage_id or 0)
    return stage.label if stage else "—"


def money(value) -> str:
    return format_money(value) or "—"


def status_badge(status: str) -> dbc.Badge:
    return dbc.Badge(
        _(OPPORTUNITY_STATUS_LABELS.get(status, status)),
        color=STATUS_COLORS.get(status, "secondary"),
        className="ms-2",
    )


def header(detail: dict, stages: dict[int, StageInfo]) -> html.Div:
    customer = (
        html.A(
            detail["customer"],
            href=f"/customers/{detail['customer_id']}",
            id="opportunity-detail-customer-link",
        )
        if detail["customer_visible"]
        else detail["customer"]
    )
    facts = [
        (_("Customer"), customer),
        (_("Amount"), money(detail["amount"])),
        (
            _("Weighted amount"),
            f"{money(detail['weighted_amount'])} ({detail['probability']}%)",
        ),
        (_("Stage"), stage_name(stages, detail["stage_id"])),
        (_("Expected close date"), format_date(detail["expected_close_date"]) or "—"),
        (_("Owner"), detail["owner"] or "—"),
    ]
    closed = None
    if detail["status"] != "open":
        closed = dbc.Alert(
            [
                html.Strong(
                    _("Won") if detail["status"] == "won" else _("Lost"),
                    className="me-2",
                ),
                html.Span(format_datetime(detail["closed_at"]), className="me-2"),
                html.Span(detail["close_reason"] or ""),
            ],
            color="success" if detail["status"] == "won" else "secondary",
            className="mt-3 mb-0",
            id="opportunity-detail-closed",
        )
    return html.Div(
        [
            html.H2(
                [detail["name"], status_badge(detail["status"])],
                className="page-title mb-0",
                id="opportunity-detail-name",
            ),
            facts_row(facts),
            closed,
        ]
    )


def stage_bar(detail: dict, stages: dict[int, StageInfo]) -> html.Div:
    """Open stages in order (the current one highlighted, earlier ones marked as
    passed); clickable while the opportunity is open and the actor may edit."""
    current = detail["stage_id"]
    shown = [
        s
        for s in stages.values()
        if s.outcome == "open" and (s.is_active or s.id == current)
    ]
    position = next((i for i, s in enumerate(shown) if s.id == current), len(shown))
    clickable = detail["status"] == "open" and detail["can_edit"]
    buttons = []
    for index, stage in enumerate(shown):
        if stage.id == current:
            color, outline = "primary", False
        elif index < position:
            color, outline = "primary", True
        else:
            color, outline = "secondary", True
        buttons.append(
            dbc.Button(
                [stage.label, html.Small(f" {stage.probability}%", className="ms-1")],
                id={"type": ids.STAGE, "index": stage.id},
                color=color,
                outline=outline,
                size="sm",
                disabled=not clickable or stage.id == current,
                className="stage-step" + (" current" if stage.id == current else ""),
            )
        )
    if detail["status"] != "open":
        closing = stages.get(current)
        buttons.append(
            dbc.Button(
                closing.label if closing else _("Closed"),
                color="success" if detail["status"] == "won" else "secondary",
                size="sm",
                disabled=True,
                className="stage-step current",
            )
        )
    return dbc.ButtonGroup(buttons, className="stage-bar flex-wrap")


def info(detail: dict, stages: dict[int, StageInfo]) -> dbc.Row:
    items = [
        (_("Name"), detail["name"]),
        (_("Customer"), detail["customer"]),
        (_("Amount"), money(detail["amount"])),
        (_("Win probability"), f"{detail['probability']}%"),
        (_("Weighted amount"), money(detail["weighted_amount"])),
        (_("Stage"), stage_name(stages, detail["stage_id"])),
        (_("Status"), _(OPPORTUNITY_STATUS_LABELS.get(detail["status"], ""))),
        (_("Expected close date"), format_date(detail["expected_close_date"])),
        (_("Owner"), detail["owner"]),
        (_("Stage since"), format_datetime(detail["stage_changed_at"])),
        (_("Closed"), format_datetime(detail["closed_at"])),
        (_("Reason"), detail["close_reason"]),
        (_("Remark"), detail["remark"]),
        *audit_items(detail),
    ]
    return info_grid(items)


def history(rows: list[dict], stages: dict[int, StageInfo]) -> html.Div:
    if not rows:
        return html.P(_("No stage changes yet."), className="text-muted")
    return dbc.Table(
        [
            html.Thead(
                html.Tr([html.Th(_(h)) for h in ("Time", "From", "To", "Changed by")])
            ),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Td(format_datetime(r["at"]), className="text-nowrap"),
                            html.Td(
                                stage_name(stages, r["from_stage_id"])
                                if r["from_stage_id"]
                                else _("(created)")
                            ),
                            html.Td(stage_name(stages, r["to_stage_id"])),
                            html.Td(r["by"] or _("System")),
                        ]
                    )
                    for r in rows
                ]
            ),
        ],
        size="sm",
        className="stage-history",
        id="opportunity-stage-history",
    )


def _changes(entry: dict, stages: dict[int, StageInfo]) -> list:
    if entry["action"] == "opportunity.update":
        before = dict(entry["before"])
        after = dict(entry["after"])
        for values in (before, after):
            if values.get("stage_id"):
                values["stage_id"] = stage_name(stages, values["stage_id"])
        return change_lines(before, after)
    if entry["action"] in STAGE_ACTIONS:
        text = (
            f"{stage_name(stages, entry['before'].get('stage_id'))} → "
            f"{stage_name(stages, entry['after'].get('stage_id'))}"
        )
        reason = entry["after"].get("close_reason")
        return [html.Div(text, className="small"), html.Div(reason, className="small")]
    return []


def operation_log(entries: list[dict], stages: dict[int, StageInfo]) -> html.Div:
    return log_table(entries, lambda e: _changes(e, stages))


def opportunity_table(rows: list[dict], stages: dict[int, StageInfo]) -> html.Div:
    """A customer's opportunities (the customer detail tab)."""
    if not rows:
        return html.P(_("No opportunities yet."), className="text-muted")
    headers = (
        "Opportunity",
        "Stage",
        "Amount",
        "Expected close date",
        "Owner",
        "Status",
    )
    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(_(h)) for h in headers])),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Td(
                                html.A(r["name"], href=f"/opportunities/{r['id']}")
                            ),
                            html.Td(stage_name(stages, r["stage_id"])),
                            html.Td(money(r["amount"]), className="text-end"),
                            html.Td(format_date(r["expected_close_date"])),
                            html.Td(r["owner"]),
                            html.Td(status_badge(r["status"])),
                        ]
                    )
                    for r in rows
                ]
            ),
        ],
        hover=True,
        size="sm",
        id=CustomerOpportunities.TABLE,
    )

"""The sales funnel page: opportunities by stage as a funnel, stage-to-stage
movement as bars, lead → customer conversion as a table."""

from __future__ import annotations

from dashboard.figures import (
    Figure,
    bar_figure,
    colours_for,
    figure,
    funnel_layout,
    trace,
)
from dashboard.i18n import _, format_money
from dashboard.reports import ReportView
from services.analytics.funnel import REPORT
from services.analytics.report import DRILL_KEY, Table


def stages_figure(table: Table, title: str) -> Figure:
    """Open stages and won, top to bottom, by count (lost deals leave the
    funnel); the hover adds amount and weighted amount."""
    rows = [row for row in table.rows if row["outcome"] != "lost"]
    labels = [row["stage"] for row in rows]
    stages = trace(
        "funnel",
        y=labels,
        x=[row["count"] for row in rows],
        marker={"color": colours_for(labels)},
        customdata=[[row[DRILL_KEY], "count"] for row in rows],
        text=[format_money(row["amount"]) for row in rows],
        hovertext=[format_money(row["weighted"]) for row in rows],
        textinfo="value",
        hovertemplate=(
            f"%{{y}}: %{{x:,}}<br>{_('Amount')}: %{{text}}"
            f"<br>{_('Weighted amount')}: %{{hovertext}}<extra></extra>"
        ),
    )
    return figure([stages], funnel_layout(title))


def conversion_figure(table: Table, title: str) -> Figure:
    """Per step: opportunities that reached it and those that moved on (the
    last pair: closed and won)."""
    return bar_figure(table, title, category="stage", values=("entered", "moved_on"))


VIEW = ReportView(
    report=REPORT,
    path="/analytics/funnel",
    figures={"stages": stages_figure, "conversion": conversion_figure},
    icon="bi-funnel",
)

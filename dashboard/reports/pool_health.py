"""The pool health page: the pool's size over time with the moves in and out,
the moves by reason, today's pool by age, customers returning to it soon per
owner and the customers taken from it that were signed."""

from __future__ import annotations

from dashboard.figures import (
    Figure,
    bar_figure,
    base_layout,
    colour_for,
    figure,
    trace,
)
from dashboard.i18n import _
from dashboard.reports import ReportView
from services.analytics.pool_health import REPORT, RULE_REASONS
from services.analytics.report import DRILL_KEY, Table


def size_figure(table: Table, title: str) -> Figure:
    """The pool's size as a line over the moves in and out as bars (a click on
    a bar lists those moves)."""
    days = [row["day"].isoformat() for row in table.rows]
    bars = [
        trace(
            "bar",
            name=_(table.column(key).label),
            x=days,
            y=[row[key] for row in table.rows],
            yaxis="y2",
            marker={"color": colour_for(table.column(key).label)},
            opacity=0.6,
            customdata=[[row[DRILL_KEY], key] for row in table.rows],
            hovertemplate="%{y:,}",
        )
        for key in ("inflow", "outflow")
    ]
    size = trace(
        "scatter",
        name=_(table.column("size").label),
        x=days,
        y=[row["size"] for row in table.rows],
        mode="lines+markers",
        line={"color": colour_for(table.column("size").label), "width": 2},
        hovertemplate="%{y:,}",
    )
    layout = base_layout(title) | {"barmode": "group"}
    layout["yaxis2"] = {
        "overlaying": "y",
        "side": "right",
        "showgrid": False,
        "rangemode": "tozero",
        "tickformat": ",~f",
    }
    return figure([*bars, size], layout)


def flows_figure(table: Table, title: str) -> Figure:
    return bar_figure(
        table,
        title,
        category="reason",
        values=("moves",),
        horizontal=True,
        colour_by_category=True,
    )


def aging_figure(table: Table, title: str) -> Figure:
    return bar_figure(
        table,
        title,
        category="bucket",
        values=("customers",),
        colour_by_category=True,
    )


def returning_figure(table: Table, title: str) -> Figure:
    return bar_figure(table, title, category="owner", values=RULE_REASONS, stacked=True)


def conversion_figure(table: Table, title: str) -> Figure:
    return bar_figure(table, title, category="owner", values=("taken", "signed"))


VIEW = ReportView(
    report=REPORT,
    path="/analytics/pool-health",
    figures={
        "size": size_figure,
        "flows": flows_figure,
        "aging": aging_figure,
        "returning": returning_figure,
        "conversion": conversion_figure,
    },
    icon="bi-water",
)

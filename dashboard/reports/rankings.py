"""Rankings (排行榜): the ranked members as horizontal bars, best on top, each in
its member's colour; the viewer's own bar is outlined and their row in the
table highlighted (`is_me`)."""

from __future__ import annotations

from dashboard.figures import Figure, base_layout, colour_for, figure, trace
from dashboard.i18n import _
from dashboard.reports import ReportView
from services.analytics.rankings import REPORT
from services.analytics.report import DRILL_KEY, Table

ME_OUTLINE = "#111827"


def ranking_figure(table: Table, title: str) -> Figure:
    """A bar per ranked member labelled "rank. name"; a click drills into the
    member's records."""
    value = table.columns[-1]
    rows = table.rows
    money = value.kind == "money"
    bars = trace(
        "bar",
        name=_(value.label),
        x=[float(row[value.key]) for row in rows],
        y=[f"{row['rank']}. {row['name']}" for row in rows],
        orientation="h",
        marker={
            "color": [colour_for(row["name"]) for row in rows],
            "line": {
                "color": ME_OUTLINE,
                "width": [3 if row.get("is_me") else 0 for row in rows],
            },
        },
        customdata=[[row[DRILL_KEY], value.key] for row in rows],
        texttemplate="%{x:,.2f}" if money else "%{x:,}",
        textposition="auto",
        hovertemplate=("%{x:,.2f}" if money else "%{x:,}") + "<extra>%{y}</extra>",
    )
    layout = base_layout(title) | {
        "yaxis": {"autorange": "reversed", "automargin": True},
        "xaxis": {"gridcolor": "#e5e7eb", "tickformat": ",~f"},
        "hovermode": "closest",
        "showlegend": False,
    }
    return figure([bars], layout)


VIEW = ReportView(
    report=REPORT,
    path="/analytics/rankings",
    figures={"ranking": ranking_figure},
    icon="bi-trophy",
)

"""The receivables page: contract amount against collected per member,
overdue installments per member by age, the aging of the overdue amount and
days to collect per rep."""

from __future__ import annotations

from dashboard.figures import Figure, bar_figure
from dashboard.reports import ReportView
from services.analytics.receivables import BUCKET_KEYS, REPORT
from services.analytics.report import DRILL_KEY, Table


def collection_figure(table: Table, title: str) -> Figure:
    return bar_figure(
        table, title, category="member", values=("amount", "collected", "outstanding")
    )


def overdue_figure(table: Table, title: str) -> Figure:
    return bar_figure(table, title, category="member", values=BUCKET_KEYS, stacked=True)


def aging_figure(table: Table, title: str) -> Figure:
    return bar_figure(
        table,
        title,
        category="bucket",
        values=("overdue",),
        colour_by_category=True,
    )


def days_figure(table: Table, title: str) -> Figure:
    """Days per rep; a click lists the payments they are averaged over."""
    figure = bar_figure(
        table, title, category="member", values=("days",), colour_by_category=True
    )
    figure["data"][0]["customdata"] = [
        [row[DRILL_KEY], "payments"] for row in table.rows
    ]
    return figure


VIEW = ReportView(
    report=REPORT,
    path="/analytics/receivables",
    figures={
        "collection": collection_figure,
        "overdue": overdue_figure,
        "aging": aging_figure,
        "days_to_collect": days_figure,
    },
    icon="bi-cash-coin",
)

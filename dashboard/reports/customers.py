"""The customer analytics page: a donut per customer field (a bar chart for the
many provinces) and, per owner, the customers without follow-up. Labels arrive
translated (their columns are of kind "label")."""

from __future__ import annotations

from dashboard.figures import Figure, bar_figure, donut_figure
from dashboard.reports import ReportView
from services.analytics.customers import REPORT
from services.analytics.report import DRILL_KEY, TOTAL_KEY, Table


def _members(table: Table) -> Table:
    """The table without its total row."""
    return Table(table.columns, [r for r in table.rows if r[DRILL_KEY] != TOTAL_KEY])


def share_figure(table: Table, title: str) -> Figure:
    return donut_figure(table, title, category="value", value="customers")


def region_figure(table: Table, title: str) -> Figure:
    return bar_figure(
        table,
        title,
        category="value",
        values=("customers",),
        horizontal=True,
        colour_by_category=True,
    )


def idle_figure(table: Table, title: str) -> Figure:
    return bar_figure(
        _members(table), title, category="owner", values=("idle", "never")
    )


VIEW = ReportView(
    report=REPORT,
    path="/analytics/customers",
    figures={
        "source": share_figure,
        "industry": share_figure,
        "level": share_figure,
        "region": region_figure,
        "stage": share_figure,
        "idle": idle_figure,
    },
    icon="bi-people",
)

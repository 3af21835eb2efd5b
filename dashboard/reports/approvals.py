"""The approval analytics page: hours per step and per approver (average and
median), reject reasons ranked and who has requests waiting now."""

from __future__ import annotations

from dashboard.figures import Figure, bar_figure
from dashboard.i18n import _
from dashboard.reports import ReportView
from services.analytics.approvals import REPORT
from services.analytics.report import DRILL_KEY, Table

HOURS = ("average_hours", "median_hours")


def _drilling_decisions(figure: Figure, table: Table) -> Figure:
    """Hours are not records: a click on either bar lists the decisions."""
    for trace in figure["data"]:
        trace["customdata"] = [[row[DRILL_KEY], "decisions"] for row in table.rows]
    return figure


def steps_figure(table: Table, title: str) -> Figure:
    rows = [
        row | {"label": f"{row['object']} · {_('Step {n}', n=row['step'])}"}
        for row in table.rows
    ]
    labelled = Table(table.columns, rows)
    return _drilling_decisions(
        bar_figure(labelled, title, category="label", values=HOURS), labelled
    )


def approvers_figure(table: Table, title: str) -> Figure:
    return _drilling_decisions(
        bar_figure(table, title, category="approver", values=HOURS, horizontal=True),
        table,
    )


def reasons_figure(table: Table, title: str) -> Figure:
    return bar_figure(
        table,
        title,
        category="reason",
        values=("rejections",),
        horizontal=True,
        colour_by_category=True,
    )


def pending_figure(table: Table, title: str) -> Figure:
    return bar_figure(
        table,
        title,
        category="approver",
        values=("pending",),
        colour_by_category=True,
    )


VIEW = ReportView(
    report=REPORT,
    path="/analytics/approvals",
    figures={
        "steps": steps_figure,
        "approvers": approvers_figure,
        "reasons": reasons_figure,
        "pending": pending_figure,
    },
    icon="bi-check2-square",
)

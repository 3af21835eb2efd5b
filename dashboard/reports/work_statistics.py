"""Work statistics (工作统计): the member table, follow-ups by type per member as
stacked bars, and the subject's activity over the period as lines."""

from __future__ import annotations

from dashboard.figures import Figure, bar_figure, line_figure
from dashboard.reports import ReportView
from services.analytics.report import Table
from services.analytics.work_statistics import REPORT, TREND_COUNTS, TYPE_PREFIX


def followups_figure(table: Table, title: str) -> Figure:
    """One stacked bar per member, one segment per follow-up type."""
    types = [c.key for c in table.columns if c.key.startswith(TYPE_PREFIX)]
    return bar_figure(table, title, category="name", values=types, stacked=True)


def activity_figure(table: Table, title: str) -> Figure:
    """Follow-ups and new records per day, week or month."""
    return line_figure(table, title, category="day", values=TREND_COUNTS)


VIEW = ReportView(
    report=REPORT,
    path="/analytics/work-statistics",
    figures={"followups": followups_figure, "activity": activity_figure},
    icon="bi-clipboard-data",
)

"""The performance page (业绩): period total, target vs actual by month (bars,
target steps, the year before dotted), members and this month's forecast."""

from __future__ import annotations

from dashboard.figures import Figure, bar_figure, forecast_band, target_vs_actual
from dashboard.reports import ReportView
from services.analytics.performance_sections import REPORT
from services.analytics.report import DRILL_KEY, Table


def _floats(table: Table, key: str) -> list[float | None]:
    return [float(r[key]) if r[key] is not None else None for r in table.rows]


def months_figure(table: Table, title: str) -> Figure:
    return target_vs_actual(
        title,
        _floats(table, "actual"),
        _floats(table, "target"),
        _floats(table, "last_year"),
        labels=[row["month"] for row in table.rows],
        drill_keys=[row[DRILL_KEY] for row in table.rows],
    )


def members_figure(table: Table, title: str) -> Figure:
    return bar_figure(table, title, category="name", values=("actual", "target"))


def forecast_figure(table: Table, title: str) -> Figure:
    (row,) = table.rows
    return forecast_band(
        title,
        actual=float(row["actual"]),
        expected=float(row["expected"]),
        high=float(row["high"]),
        target=float(row["target"]) if row["target"] is not None else None,
    )


VIEW = ReportView(
    report=REPORT,
    path="/performance",
    figures={
        "months": months_figure,
        "members": members_figure,
        "forecast": forecast_figure,
    },
    icon="bi-graph-up",
)

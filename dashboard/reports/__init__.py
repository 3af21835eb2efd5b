"""Analytics pages as data: each module here pairs a services.analytics Report
with its URL and the figure drawn for each section. One page builder
(components/report_page.py) and one set of callbacks (callbacks/report_page.py)
serve every view listed in `report_views()`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from dashboard.figures import Figure
from services.analytics.report import Report, Table

# (table, translated title) → figure; each point's customdata is
# [row drill key, column key] so a click drills like a table cell.
FigureBuilder = Callable[[Table, str], Figure]


@dataclass(frozen=True)
class ReportView:
    report: Report
    path: str
    # section key → figure; a section without one shows only its table.
    figures: Mapping[str, FigureBuilder] = field(default_factory=dict)
    icon: str = "bi-bar-chart"


def report_views() -> list[ReportView]:
    """Every analytics view, in navigation order (imported lazily: page modules
    and callbacks both ask for them)."""
    from dashboard.reports import (
        approvals,
        customers,
        funnel,
        performance,
        pool_health,
        rankings,
        receivables,
        work_statistics,
    )

    return [
        performance.VIEW,
        work_statistics.VIEW,
        rankings.VIEW,
        funnel.VIEW,
        customers.VIEW,
        pool_health.VIEW,
        approvals.VIEW,
        receivables.VIEW,
    ]


def report_view(key: str) -> ReportView:
    """Raises KeyError for an unknown report."""
    return next(view for view in report_views() if view.report.key == key)

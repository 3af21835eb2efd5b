"""Pool health (公海分析): the pool's size, moves, aging, customers returning
to it soon and claimed → signed (dashboard/reports/pool_health.py)."""

import dash

from dashboard.components.report_page import make_report_page
from dashboard.i18n import _
from dashboard.reports.pool_health import VIEW

dash.register_page(
    __name__,
    path=VIEW.path,
    title=lambda **_kw: f"{_('Pool health')} · Pelago",
)


def layout(**query):
    return make_report_page(VIEW, query)

"""Work statistics (工作统计): each member's follow-ups by type, new records,
conversions, contracts and payments in the period (dashboard/reports/
work_statistics.py)."""

import dash

from dashboard.components.report_page import make_report_page
from dashboard.i18n import _
from dashboard.reports.work_statistics import VIEW

dash.register_page(
    __name__,
    path=VIEW.path,
    title=lambda **_kw: f"{_('Work statistics')} · Pelago",
)


def layout(**query):
    return make_report_page(VIEW, query)

"""Performance (业绩): target vs actual for the period by month and by member,
year over year, this month's forecast, and the records behind any number."""

import dash

from dashboard.components.report_page import make_report_page
from dashboard.i18n import _
from dashboard.reports.performance import VIEW

dash.register_page(
    __name__,
    path=VIEW.path,
    order=61,
    title=lambda **_kw: f"{_('Performance')} · Pelago",
)


def layout(**query):
    return make_report_page(VIEW, query)

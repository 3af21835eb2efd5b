"""Rankings (排行榜): members ranked by contract or payment amount, new
customers, follow-ups or won opportunities (dashboard/reports/rankings.py)."""

import dash

from dashboard.components.report_page import make_report_page
from dashboard.i18n import _
from dashboard.reports.rankings import VIEW

dash.register_page(
    __name__,
    path=VIEW.path,
    title=lambda **_kw: f"{_('Rankings')} · Pelago",
)


def layout(**query):
    return make_report_page(VIEW, query)

"""Sales funnel (销售漏斗): opportunities by stage, stage conversion and win
rate, lead → customer conversion (dashboard/reports/funnel.py)."""

import dash

from dashboard.components.report_page import make_report_page
from dashboard.i18n import _
from dashboard.reports.funnel import VIEW

dash.register_page(
    __name__,
    path=VIEW.path,
    title=lambda **_kw: f"{_('Sales funnel')} · Pelago",
)


def layout(**query):
    return make_report_page(VIEW, query)

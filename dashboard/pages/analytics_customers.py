"""Customer analytics (客户分析): customers by source, industry, level, region
and stage, and those without follow-up (dashboard/reports/customers.py)."""

import dash

from dashboard.components.report_page import make_report_page
from dashboard.i18n import _
from dashboard.reports.customers import VIEW

dash.register_page(
    __name__,
    path=VIEW.path,
    title=lambda **_kw: f"{_('Customer analytics')} · Pelago",
)


def layout(**query):
    return make_report_page(VIEW, query)

"""Receivables (应收分析): contract amount vs collected, overdue installments
and their aging, days to collect (dashboard/reports/receivables.py)."""

import dash

from dashboard.components.report_page import make_report_page
from dashboard.i18n import _
from dashboard.reports.receivables import VIEW

dash.register_page(
    __name__,
    path=VIEW.path,
    title=lambda **_kw: f"{_('Receivables')} · Pelago",
)


def layout(**query):
    return make_report_page(VIEW, query)

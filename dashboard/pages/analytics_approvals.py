"""Approval analytics (审批分析): cycle time per step and approver, reject
reasons, pending bottlenecks (dashboard/reports/approvals.py)."""

import dash

from dashboard.components.report_page import make_report_page
from dashboard.i18n import _
from dashboard.reports.approvals import VIEW

dash.register_page(
    __name__,
    path=VIEW.path,
    title=lambda **_kw: f"{_('Approval analytics')} · Pelago",
)


def layout(**query):
    return make_report_page(VIEW, query)

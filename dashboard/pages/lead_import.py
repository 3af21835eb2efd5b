"""Lead import wizard: upload → map columns → check (preview + per-row report)
→ import all rows or none."""

import dash

from dashboard.components.import_wizard import make_import_wizard
from dashboard.i18n import _
from dashboard.ids import LeadImport

dash.register_page(
    __name__,
    path="/leads/import",
    # Before /leads/<lead_id>: Dash matches pages in registry order.
    order=32,
    title=lambda **_kw: f"{_('Import leads')} · Pelago",
)


def layout(**_query):
    return make_import_wizard(
        LeadImport,
        title=_("Import leads"),
        back_href="/leads",
        back_label=_("Leads"),
        duplicates_label=_("Rows that match an existing lead"),
        duplicate_options={
            "skip": _("Skip them"),
            "update": _("Update the existing lead"),
            "create": _("Create a new lead anyway"),
        },
    )

"""Customer import wizard: upload → map columns → check (preview + per-row report)
→ import all rows or none."""

import dash

from dashboard.components.import_wizard import make_import_wizard
from dashboard.i18n import _
from dashboard.ids import CustomerImport

dash.register_page(
    __name__,
    path="/customers/import",
    # Before /customers/<customer_id>: Dash matches pages in registry order.
    order=12,
    title=lambda **_kw: f"{_('Import customers')} · Pelago",
)


def layout(**_query):
    return make_import_wizard(
        CustomerImport,
        title=_("Import customers"),
        back_href="/customers",
        back_label=_("Customers"),
        duplicates_label=_("Rows that match an existing customer"),
        duplicate_options={
            "skip": _("Skip them"),
            "update": _("Update the existing customer"),
            "create": _("Create a new customer anyway"),
        },
    )

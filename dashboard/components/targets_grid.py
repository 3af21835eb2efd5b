"""The targets grid's columns: twelve editable months and the year's total."""

from dashboard.i18n import _
from services.targets import MONTHS

MONTH_FIELDS = tuple(f"m{month}" for month in MONTHS)


def target_columns() -> list[dict]:
    total = "+".join(f"Number(params.data.{f} || 0)" for f in MONTH_FIELDS)
    return [
        {
            "field": "name",
            "headerName": _("Team / member"),
            "minWidth": 160,
            "cellClassRules": {"fw-bold": "params.data.depth === 0"},
        },
        *(
            {
                "field": field,
                "headerName": _("Month {n}", n=month),
                "editable": {"function": "!params.node.rowPinned"},
                "cellDataType": "text",
                "type": "rightAligned",
                "minWidth": 90,
            }
            for month, field in zip(MONTHS, MONTH_FIELDS, strict=True)
        ),
        {
            "colId": "year_total",
            "headerName": _("Year"),
            "valueGetter": {"function": total},
            "valueFormatter": {"function": "d3.format(',.2f')(params.value)"},
            "type": "rightAligned",
            "minWidth": 120,
            "cellClass": "fw-bold",
        },
    ]

"""Custom fields: administering definitions (admin.settings only), values checked
per type when customers, contacts, leads and opportunities are saved, disabled
fields, list filters in scope, import/export round trips and the audit trail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from models import CustomField
from services.contacts import ContactFilter, ContactIn, list_contacts, update_contact
from services.custom_fields import (
    CustomFieldIn,
    CustomFilter,
    create_custom_field,
    delete_custom_field,
    detail_rows,
    field_defs,
    get_custom_field,
    list_custom_fields,
    move_custom_field,
    set_custom_field_active,
    update_custom_field,
)
from services.customers import (
    CustomerFilter,
    CustomerIn,
    create_customer,
    list_customers,
    update_customer,
)
from services.errors import Conflict, PermissionDenied, ValidationFailed
from services.exports import export_customers
from services.import_files import Table, read_table
from services.imports import CUSTOMER_SPEC as CUSTOMER_IMPORT_SPEC
from services.imports import (
    ImportRejected,
    commit_import,
    import_fields,
    suggest_mapping,
)
from services.lead_exports import export_leads
from services.lead_imports import LEAD_IMPORT_SPEC
from services.leads import (
    ConvertIn,
    LeadFilter,
    LeadIn,
    convert_lead,
    list_leads,
    update_lead,
)
from services.opportunities import (
    OpportunityFilter,
    OpportunityIn,
    list_opportunities,
    update_opportunity,
)
from tests.factories import (
    audit_rows,
    form_values,
    make_contact,
    make_customer,
    make_lead,
    make_opportunity,
    reloaded,
)

TIERS = ("Gold", "Silver", "Bronze")
TOPICS = ("ERP", "CRM", "BI")


def define(org, entity="customer", label_en="Budget", field_type="number", **extra):
    """A field defined by the admin; the Chinese label is derived."""
    return create_custom_field(
        org.session,
        org.actor("admin"),
        CustomFieldIn(
            entity=entity,
            label_en=label_en,
            label_zh=extra.pop("label_zh", f"{label_en}（中）"),
            field_type=field_type,
            **extra,
        ),
    )


@pytest.fixture
def fields(org):
    """One customer field of each type, the choice ones not required."""
    return {
        "text": define(org, label_en="Account code", field_type="text"),
        "number": define(org, label_en="Budget", field_type="number"),
        "date": define(org, label_en="Renewal", field_type="date"),
        "single": define(org, label_en="Tier", field_type="single", options=TIERS),
        "multi": define(
            org, label_en="Interests", field_type="multi", options="\n".join(TOPICS)
        ),
    }


def values(fields, **by_type) -> dict[str, object]:
    """{field id (text): value} from values keyed by type."""
    return {str(fields[kind].id): value for kind, value in by_type.items()}


def customer(org, name="Acme", user="rep_a1", **custom):
    return create_customer(
        org.session,
        org.actor(user),
        CustomerIn(name=name, custom_values=custom),
        allow_duplicate=True,
    )


def field_errors(call) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as exc:
        call()
    return exc.value.errors


# --- administering definitions ------------------------------------------------


@pytest.mark.parametrize("user", ["rep_a1", "leader_a", "exec"])
def test_only_admin_settings_may_administer_fields(org, fields, user):
    actor = org.actor(user)
    tier = fields["single"]
    calls = [
        lambda: list_custom_fields(org.session, actor, "customer"),
        lambda: get_custom_field(org.session, actor, tier.id),
        lambda: create_custom_field(
            org.session, actor, CustomFieldIn("customer", "Fax", "传真")
        ),
        lambda: update_custom_field(
            org.session, actor, tier.id, CustomFieldIn(label_en="X", label_zh="X")
        ),
        lambda: move_custom_field(org.session, actor, tier.id, up=True),
        lambda: set_custom_field_active(org.session, actor, tier.id, active=False),
        lambda: delete_custom_field(org.session, actor, tier.id),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    stored = reloaded(org.session, tier)
    assert (stored.label_en, stored.sort_order, stored.is_active) == ("Tier", 3, True)
    assert len(org.session.scalars(select(CustomField)).all()) == 5


def test_a_new_field_gets_a_code_from_its_label_and_goes_last(org, fields):
    field = define(org, label_en="Parent company", field_type="text", required=True)

    row = get_custom_field(org.session, org.actor("admin"), field.id)
    assert row | {"id": 0} == {
        "id": 0,
        "entity": "customer",
        "code": "parent_company",
        "label_en": "Parent company",
        "label_zh": "Parent company（中）",
        "field_type": "text",
        "options": [],
        "required": True,
        "sort_order": 5,
        "is_active": True,
    }
    labels = [
        r["label_en"]
        for r in list_custom_fields(org.session, org.actor("admin"), "customer")
    ]
    assert labels[-1] == "Parent company"
    [entry] = audit_rows(org.session, "custom_field.create", field.id)
    assert entry.after["code"] == "parent_company"


def test_definition_errors_are_reported_together(org, fields):
    errors = field_errors(
        lambda: define(
            org,
            label_en="budget",  # taken, ignoring case, within customers
            label_zh="",
            field_type="single",
            options="  \n",
            code="Bad code!",
        )
    )
    assert errors == {
        "label_en": "Another field of this record type has this label.",
        "label_zh": "This field is required.",
        "options": "Enter at least one option, one per line.",
        "code": "Use up to 50 lower-case letters, digits, - or _, "
        "starting with a letter or digit.",
    }
    assert field_errors(lambda: define(org, label_en="Grade", field_type="colour")) == {
        "field_type": "Choose a value from the list."
    }
    assert field_errors(
        lambda: define(org, label_en="Regions", field_type="multi", options=["N, S"])
    ) == {"options": "Options cannot contain commas, semicolons or 、."}
    assert field_errors(
        lambda: define(org, label_en="Code 2", field_type="text", code="budget")
    ) == {"code": "This code is already used by another field."}
    # Labels and codes are unique per record type only.
    lead_budget = define(org, entity="lead", label_en="Budget", code="budget")
    assert lead_budget.code == "budget"


def test_an_edit_changes_labels_options_and_required_but_not_type_or_code(org, fields):
    tier = fields["single"]
    update_custom_field(
        org.session,
        org.actor("admin"),
        tier.id,
        CustomFieldIn(
            label_en="Customer tier",
            label_zh="客户等级",
            field_type="text",
            options="Gold\nPlatinum\nGold",
            required=True,
            code="other",
        ),
    )

    stored = reloaded(org.session, tier)
    assert (stored.field_type, stored.code) == ("single", "tier")
    assert (stored.label_en, stored.label_zh, stored.options, stored.required) == (
        "Customer tier",
        "客户等级",
        ["Gold", "Platinum"],
        True,
    )
    [entry] = audit_rows(org.session, "custom_field.update", tier.id)
    assert entry.before == {
        "label_en": "Tier",
        "label_zh": "Tier（中）",
        "options": list(TIERS),
        "required": False,
    }


def test_fields_move_disable_and_delete_only_when_unused(org, fields):
    admin = org.actor("admin")

    def order():
        return [
            r["label_en"] for r in list_custom_fields(org.session, admin, "customer")
        ]

    assert move_custom_field(org.session, admin, fields["date"].id, up=True)
    assert order() == ["Account code", "Renewal", "Budget", "Tier", "Interests"]
    assert not move_custom_field(org.session, admin, fields["multi"].id, up=False)

    customer(org, **values(fields, single="Gold"))
    with pytest.raises(Conflict):
        delete_custom_field(org.session, admin, fields["single"].id)
    set_custom_field_active(org.session, admin, fields["single"].id, active=False)
    assert [f.label_en for f in field_defs(org.session, "customer")] == [
        "Account code",
        "Renewal",
        "Budget",
        "Interests",
    ]
    delete_custom_field(org.session, admin, fields["text"].id)
    assert org.session.get(CustomField, fields["text"].id) is None

    actions = [
        row.action
        for row in audit_rows(org.session)
        if row.object_type == "custom_field"
    ]
    assert actions[5:] == [
        "custom_field.reorder",
        "custom_field.disable",
        "custom_field.delete",
    ]


# --- values ---------------------------------------------------------------------


def test_values_of_each_type_are_cleaned_and_stored(org, fields):
    created = customer(
        org,
        **values(
            fields,
            text="  AC-7  ",
            number="1,250.50",
            date="2025-03-31",
            single="Silver",
            multi=["BI", "ERP", "BI"],
        ),
    )

    assert reloaded(org.session, created).custom_values == values(
        fields,
        text="AC-7",
        number="1250.5",
        date="2025-03-31",
        single="Silver",
        multi=["ERP", "BI"],  # the definition's order, no repeats
    )


def test_every_bad_value_is_reported_with_the_form_errors(org, fields):
    errors = field_errors(
        lambda: customer(
            org,
            name="",
            **values(
                fields,
                text="x" * 501,
                number="12.5kg",
                date="2025-02-30",
                single="Platinum",
                multi=["ERP", "Cloud"],
            ),
        )
    )

    assert errors == {
        "name": "Name is required.",
        f"cf_{fields['text'].id}": "At most 500 characters.",
        f"cf_{fields['number'].id}": "Enter a number (at most 4 decimal places).",
        f"cf_{fields['date'].id}": "Enter a valid date.",
        f"cf_{fields['single'].id}": "Choose a value from the list.",
        f"cf_{fields['multi'].id}": "Choose values from the list.",
    }


def test_required_fields_need_a_value_and_unknown_keys_are_dropped(org, fields):
    update_custom_field(
        org.session,
        org.actor("admin"),
        fields["single"].id,
        CustomFieldIn(label_en="Tier", label_zh="等级", options=TIERS, required=True),
    )
    key = f"cf_{fields['single'].id}"

    assert field_errors(lambda: customer(org)) == {key: "This field is required."}
    assert field_errors(lambda: customer(org, **values(fields, single="  "))) == {
        key: "This field is required."
    }
    created = customer(org, **values(fields, single="Gold"), **{"999999": "junk"})
    assert created.custom_values == values(fields, single="Gold")


def test_callers_without_custom_fields_keep_the_stored_values(org, fields):
    update_custom_field(
        org.session,
        org.actor("admin"),
        fields["single"].id,
        CustomFieldIn(label_en="Tier", label_zh="等级", options=TIERS, required=True),
    )
    created = customer(org, **values(fields, single="Gold", number="5"))
    rep = org.actor("rep_a1")

    update_customer(
        org.session,
        rep,
        created.id,
        CustomerIn(name="Acme renamed"),
        expected_version=created.version,
    )
    assert reloaded(org.session, created).custom_values == values(
        fields, single="Gold", number="5"
    )
    # Lead conversion has no custom-field inputs: the required field does not
    # block it, the new customer simply has no values.
    lead = make_lead(org.session, rep, "Li Lei", company="Lei Trading")
    converted = convert_lead(
        org.session,
        rep,
        lead.id,
        ConvertIn(owner_id=rep.user_id),
        expected_version=lead.version,
    )
    assert converted.custom_values == {}


def test_a_disabled_field_keeps_its_value_and_stops_being_required(org, fields):
    admin = org.actor("admin")
    update_custom_field(
        org.session,
        admin,
        fields["text"].id,
        CustomFieldIn(label_en="Account code", label_zh="账号", required=True),
    )
    created = customer(org, **values(fields, text="AC-1", number="3"))
    set_custom_field_active(org.session, admin, fields["text"].id, active=False)
    rep = org.actor("rep_a1")

    # The form no longer shows the field: whatever arrives for it is ignored.
    update_customer(
        org.session,
        rep,
        created.id,
        CustomerIn(
            name="Acme", custom_values=values(fields, text="hacked", number="4")
        ),
        expected_version=created.version,
    )
    stored = reloaded(org.session, created)
    assert stored.custom_values == values(fields, text="AC-1", number="4")
    assert customer(org, name="New one").custom_values == {}

    all_fields = field_defs(org.session, "customer", include_inactive=True)
    assert ("Account code", "AC-1") in detail_rows(
        all_fields, stored.custom_values, "en"
    )
    assert [
        label for label, _ in detail_rows(field_defs(org.session, "customer"), {}, "en")
    ] == [
        "Budget",
        "Renewal",
        "Tier",
        "Interests",
    ]


def test_a_value_whose_option_was_removed_stays_until_changed(org, fields):
    created = customer(org, **values(fields, single="Bronze", multi=["CRM"]))
    update_custom_field(
        org.session,
        org.actor("admin"),
        fields["single"].id,
        CustomFieldIn(label_en="Tier", label_zh="等级", options=("Gold", "Silver")),
    )
    rep = org.actor("rep_a1")
    form = form_values(created, CustomerIn)

    update_customer(
        org.session,
        rep,
        created.id,
        CustomerIn(**form),
        expected_version=created.version,
    )
    assert (
        reloaded(org.session, created).custom_values[str(fields["single"].id)]
        == "Bronze"
    )

    stored = reloaded(org.session, created)
    assert field_errors(
        lambda: update_customer(
            org.session,
            rep,
            created.id,
            CustomerIn(**form | {"custom_values": values(fields, single="Copper")}),
            expected_version=stored.version,
        )
    ) == {f"cf_{fields['single'].id}": "Choose a value from the list."}


def entity_record(org, entity: str, custom: dict):
    """A record of `entity` created with `custom` values, and an update function
    (record, custom values) → saved record."""
    rep = org.actor("rep_a1")
    acme = make_customer(org.session, rep, "Acme")
    if entity == "contact":
        record = make_contact(org.session, rep, acme, "Wang Fang", custom_values=custom)

        def update(record, changed):
            data = ContactIn(
                customer_id=acme.id, name="Wang Fang", custom_values=changed
            )
            return update_contact(
                org.session, rep, record.id, data, expected_version=record.version
            )

    elif entity == "lead":
        record = make_lead(org.session, rep, "Li Lei", custom_values=custom)

        def update(record, changed):
            data = LeadIn(name="Li Lei", custom_values=changed)
            return update_lead(
                org.session, rep, record.id, data, expected_version=record.version
            )

    else:
        record = make_opportunity(org.session, rep, acme, custom_values=custom)

        def update(record, changed):
            data = OpportunityIn(name="Big deal", custom_values=changed)
            return update_opportunity(
                org.session, rep, record.id, data, expected_version=record.version
            )

    return record, update


@pytest.mark.parametrize("entity", ["contact", "lead", "opportunity"])
def test_other_records_check_store_and_audit_their_own_fields(org, entity):
    size = define(org, entity=entity, label_en="Shoe size", field_type="number")
    met = define(
        org, entity=entity, label_en="Met on", field_type="date", required=True
    )
    # Another record type's required field plays no part.
    define(org, entity="customer", label_en="Customer only", required=True)
    first = {str(size.id): "42", str(met.id): "2025-01-02"}

    record, update = entity_record(org, entity, first)
    assert reloaded(org.session, record).custom_values == first

    assert field_errors(lambda: update(record, {str(size.id): "x"})) == {
        f"cf_{size.id}": "Enter a number (at most 4 decimal places).",
        f"cf_{met.id}": "This field is required.",
    }
    record = reloaded(org.session, record)
    saved = update(record, {str(size.id): "43.5", str(met.id): "2025-01-02"})
    assert reloaded(org.session, saved).custom_values == {
        str(size.id): "43.5",
        str(met.id): "2025-01-02",
    }
    [entry] = audit_rows(org.session, f"{entity}.update", record.id)
    assert (entry.before[f"cf_{size.id}"], entry.after[f"cf_{size.id}"]) == (
        "42",
        "43.5",
    )
    assert f"cf_{met.id}" not in entry.after


def test_an_update_audits_each_changed_field_before_and_after(org, fields):
    created = customer(org, **values(fields, text="AC-1", number="10", multi=["BI"]))
    [created_entry] = audit_rows(org.session, "customer.create", created.id)
    assert created_entry.after["custom_values"] == values(
        fields, text="AC-1", number="10", multi=["BI"]
    )

    update_customer(
        org.session,
        org.actor("rep_a1"),
        created.id,
        CustomerIn(
            name="Acme",
            custom_values=values(
                fields, text="AC-1", multi=["ERP", "BI"], date="2025-06-01"
            ),
        ),
        expected_version=created.version,
    )

    [entry] = audit_rows(org.session, "customer.update", created.id)
    number, date, multi = (f"cf_{fields[k].id}" for k in ("number", "date", "multi"))
    assert entry.before == {number: "10", date: None, multi: ["BI"]}
    assert entry.after == {number: None, date: "2025-06-01", multi: ["ERP", "BI"]}


# --- list filters ------------------------------------------------------------------

ROWS_KINDS = ("text", "number", "date", "single", "multi")
ROWS = {
    # name: (text, number, date, single, multi)
    "Alpha": ("GOLDEN-1", "5", "2025-01-15", "Gold", ["ERP"]),
    "Beta": ("silver-2", "150.25", "2025-03-01", "Silver", ["CRM", "BI"]),
    "Gamma": ("plain", "1000", "2025-06-30", "Bronze", ["BI"]),
    "Delta": (None, None, None, None, None),
}


@pytest.fixture
def listed(org, fields):
    """ROWS as rep_a1's customers, plus a matching customer of rep_b1."""
    for name, row in ROWS.items():
        customer(org, name, **values(fields, **dict(zip(ROWS_KINDS, row, strict=True))))
    customer(org, "Other team", user="rep_b1", **values(fields, text="golden"))
    return fields


def names(page) -> set[str]:
    return {row["name"] for row in page.rows}


def expected(test) -> set[str]:
    """The ROWS names whose values pass `test(text, number, date, single, multi)`."""
    return {name for name, row in ROWS.items() if row[0] is not None and test(*row)}


def test_customer_list_filters_on_each_type_within_scope(org, listed):
    rep = org.actor("rep_a1")

    def found(*filters):
        return names(list_customers(org.session, rep, CustomerFilter(custom=filters)))

    text, number, date, single, multi = (listed[k].id for k in ROWS_KINDS)
    assert found(CustomFilter(text, "text", text="gold")) == expected(
        lambda t, *_: "gold" in t.lower()
    )
    assert found(CustomFilter(number, "number", low="100", high="1,000")) == expected(
        lambda _t, n, *_: Decimal(100) <= Decimal(n) <= Decimal(1000)
    )
    assert found(CustomFilter(number, "number", high="150.25")) == expected(
        lambda _t, n, *_: Decimal(n) <= Decimal("150.25")
    )
    assert found(CustomFilter(date, "date", low="2025-02-01")) == expected(
        lambda _t, _n, d, *_: dt.date.fromisoformat(d) >= dt.date(2025, 2, 1)
    )
    assert found(
        CustomFilter(single, "single", choices=("Gold", "Bronze"))
    ) == expected(lambda *row: row[3] in ("Gold", "Bronze"))
    assert found(CustomFilter(multi, "multi", choices=("BI",))) == expected(
        lambda *row: "BI" in row[4]
    )
    # Filters combine; an invalid bound is ignored, not an error.
    assert found(
        CustomFilter(multi, "multi", choices=("BI", "ERP")),
        CustomFilter(number, "number", low="abc", high="200"),
    ) == expected(lambda *row: Decimal(row[1]) <= 200 and {"BI", "ERP"} & set(row[4]))
    # Another team's matching customer stays out of rep_a1's list.
    assert "Other team" not in found(CustomFilter(text, "text", text="golden"))
    admin_page = list_customers(
        org.session,
        org.actor("admin"),
        CustomerFilter(custom=(CustomFilter(text, "text", text="golden"),)),
    )
    assert names(admin_page) == {"Alpha", "Other team"}


def test_list_rows_carry_the_custom_values(org, listed):
    page = list_customers(org.session, org.actor("rep_a1"), CustomerFilter())
    by_name = {row["name"]: row["custom_values"] for row in page.rows}
    assert by_name["Beta"] == values(
        listed,
        text="silver-2",
        number="150.25",
        date="2025-03-01",
        single="Silver",
        multi=["CRM", "BI"],
    )
    assert by_name["Delta"] == {}


def test_contact_lead_and_opportunity_lists_filter_too(org):
    rep = org.actor("rep_a1")
    acme = make_customer(org.session, rep, "Acme")
    role = {
        e: define(
            org, entity=e, label_en="Role", field_type="single", options=("A", "B")
        )
        for e in ("contact", "lead", "opportunity")
    }

    def keyed(entity, choice):
        return {str(role[entity].id): choice}

    for name, choice in (("One", "A"), ("Two", "B")):
        make_contact(
            org.session, rep, acme, name, custom_values=keyed("contact", choice)
        )
        make_lead(org.session, rep, name, custom_values=keyed("lead", choice))
        make_opportunity(
            org.session, rep, acme, name, custom_values=keyed("opportunity", choice)
        )

    def only_b(entity):
        return (CustomFilter(role[entity].id, "single", choices=("B",)),)

    contacts = list_contacts(org.session, rep, ContactFilter(custom=only_b("contact")))
    leads = list_leads(org.session, rep, LeadFilter(custom=only_b("lead")))
    deals = list_opportunities(
        org.session, rep, OpportunityFilter(custom=only_b("opportunity"))
    )
    assert [names(contacts), names(leads), names(deals)] == [{"Two"}] * 3


# --- import and export --------------------------------------------------------------


def export_table(
    org, tmp_path: Path, function, *, fmt="xlsx", flt=None, language="en"
) -> Table:
    """rep_a1's export read back as an import table."""
    result = function(
        org.session,
        org.actor("rep_a1", language=language),
        flt or CustomerFilter(),
        fmt=fmt,
        directory=tmp_path,
    )
    return read_table(result.filename, Path(result.path).read_bytes())


def mapping_for(org, table: Table, spec) -> list[str | None]:
    """The suggested mapping, without the owner: the importer owns the rows."""
    fields = import_fields(org.session, spec, "en")
    mapping = suggest_mapping(table.headers, fields=fields)
    return [None if name == "owner_id" else name for name in mapping]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_customers_round_trip_through_export_and_import(org, listed, tmp_path, fmt):
    table = export_table(org, tmp_path, export_customers, fmt=fmt)
    labels = [listed[k].label_en for k in ROWS_KINDS]
    assert table.headers[-5:] == labels
    mapping = mapping_for(org, table, CUSTOMER_IMPORT_SPEC)
    assert mapping[-5:] == [f"cf_{listed[k].id}" for k in ROWS_KINDS]

    # rep_a2 imports rep_a1's export as new customers of their own.
    commit_import(org.session, org.actor("rep_a2"), table, mapping, duplicates="create")
    originals = {
        row["name"]: row["custom_values"]
        for row in list_customers(
            org.session, org.actor("rep_a1"), CustomerFilter()
        ).rows
    }
    copies = {
        row["name"]: row["custom_values"]
        for row in list_customers(
            org.session, org.actor("rep_a2"), CustomerFilter()
        ).rows
    }
    assert copies == originals
    assert set(copies) == set(ROWS)


def test_exported_cells_keep_numbers_and_dates_typed(org, listed, tmp_path):
    result = export_customers(
        org.session, org.actor("rep_a1"), CustomerFilter(), directory=tmp_path
    )
    sheet = openpyxl.load_workbook(result.path).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    beta = dict(zip(header, next(r for r in body if r[0] == "Beta"), strict=True))
    assert beta["Budget"] == 150.25
    assert beta["Renewal"] == dt.datetime(2025, 3, 1)
    assert beta["Interests"] == "CRM, BI"
    zh_table = export_table(org, tmp_path, export_customers, language="zh_CN")
    assert zh_table.headers[-5:] == [listed[k].label_zh for k in ROWS_KINDS]


def test_import_rows_are_checked_like_the_form(org, fields):
    update_custom_field(
        org.session,
        org.actor("admin"),
        fields["date"].id,
        CustomFieldIn(label_en="Renewal", label_zh="续约", required=True),
    )
    table = Table(
        "t.csv",
        ["Name", "Budget", "Renewal", "Tier", "Interests"],
        [
            (2, ["Good", "12", "2025/04/01", "gold", "erp; bi"]),
            (3, ["Bad", "twelve", "", "Platinum", "ERP, Cloud"]),
        ],
    )
    mapping = mapping_for(org, table, CUSTOMER_IMPORT_SPEC)

    with pytest.raises(ImportRejected) as exc:
        commit_import(org.session, org.actor("rep_a1"), table, mapping)
    problems = {(e.row, e.field): e.message for e in exc.value.report.errors}
    assert problems == {
        (3, f"cf_{fields['number'].id}"): "Enter a number (at most 4 decimal places).",
        (3, f"cf_{fields['date'].id}"): "This field is required.",
        (3, f"cf_{fields['single'].id}"): "Choose a value from the list.",
        (3, f"cf_{fields['multi'].id}"): "Choose values from the list.",
    }
    assert list_customers(org.session, org.actor("rep_a1"), CustomerFilter()).total == 0

    first_row_only = Table(table.filename, table.headers, table.rows[:1])
    commit_import(org.session, org.actor("rep_a1"), first_row_only, mapping)
    [good] = list_customers(org.session, org.actor("rep_a1"), CustomerFilter()).rows
    assert good["custom_values"] == values(
        fields, number="12", date="2025-04-01", single="Gold", multi=["ERP", "BI"]
    )


def test_import_update_merges_custom_values_field_by_field(org, fields):
    customer(org, "Acme", **values(fields, text="AC-1", number="10"))
    table = Table("t.csv", ["Name", "Budget"], [(2, ["Acme", "20"])])
    mapping = mapping_for(org, table, CUSTOMER_IMPORT_SPEC)

    result = commit_import(
        org.session, org.actor("rep_a1"), table, mapping, duplicates="update"
    )

    assert result.updated == 1
    [row] = list_customers(org.session, org.actor("rep_a1"), CustomerFilter()).rows
    assert row["custom_values"] == values(fields, text="AC-1", number="20")


def test_leads_round_trip_through_export_and_import(org, tmp_path):
    interest = define(
        org, entity="lead", label_en="Interest", field_type="multi", options=TOPICS
    )
    met = define(org, entity="lead", label_en="Met on", field_type="date")
    rep = org.actor("rep_a1")
    make_lead(
        org.session, rep, "Li Lei", custom_values={str(interest.id): ["CRM", "BI"]}
    )
    make_lead(org.session, rep, "Han Mei", custom_values={str(met.id): "2025-05-05"})

    table = export_table(org, tmp_path, export_leads, flt=LeadFilter())
    mapping = mapping_for(org, table, LEAD_IMPORT_SPEC)
    commit_import(
        org.session,
        org.actor("rep_a2"),
        table,
        mapping,
        duplicates="create",
        spec=LEAD_IMPORT_SPEC,
    )

    def stored(user):
        page = list_leads(org.session, org.actor(user), LeadFilter())
        return {row["name"]: row["custom_values"] for row in page.rows}

    assert (
        stored("rep_a2")
        == stored("rep_a1")
        == {
            "Li Lei": {str(interest.id): ["CRM", "BI"]},
            "Han Mei": {str(met.id): "2025-05-05"},
        }
    )

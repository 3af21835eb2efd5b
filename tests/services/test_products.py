"""Products: admin-only writes, field and attribute validation, code uniqueness,
optimistic locking, on/off sale, delete only when unused, list filters."""

from decimal import Decimal

import pytest
from sqlalchemy import select, update

from models import (
    DictionaryEntry,
    Opportunity,
    OpportunityLine,
    OpportunityStage,
    Product,
)
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.product_categories import (
    AttributeIn,
    CategoryIn,
    create_attribute,
    create_category,
)
from services.products import (
    ProductFilter,
    ProductIn,
    create_product,
    delete_product,
    get_product,
    list_products,
    product_detail,
    set_on_sale,
    unit_options,
    update_product,
)
from tests.factories import audit_rows, force_columns, make_customer, reloaded


@pytest.fixture
def admin(org):
    return org.actor("admin")


@pytest.fixture
def catalog(session, admin):
    """Hardware (Warranty: number, required) → Laptops (Colour: single, Ports:
    multi); Software."""
    hardware = create_category(session, admin, CategoryIn("Hardware"))
    laptops = create_category(session, admin, CategoryIn("Laptops", hardware.id))
    software = create_category(session, admin, CategoryIn("Software"))
    warranty = create_attribute(
        session, admin, AttributeIn(hardware.id, "Warranty", "number", required=True)
    )
    colour = create_attribute(
        session, admin, AttributeIn(laptops.id, "Colour", "single", ["Red", "Blue"])
    )
    ports = create_attribute(
        session, admin, AttributeIn(laptops.id, "Ports", "multi", ["USB", "HDMI"])
    )
    return {
        "hardware": hardware,
        "laptops": laptops,
        "software": software,
        "warranty": str(warranty.id),
        "colour": str(colour.id),
        "ports": str(ports.id),
    }


def _product_in(category, **fields) -> ProductIn:
    values = {
        "name": "CRM Pro",
        "code": "CRM-PRO",
        "category_id": category.id,
        "unit": "license",
        "price": "1,999.00",
    }
    return ProductIn(**(values | fields))


@pytest.fixture
def crm(session, admin, catalog):
    return create_product(session, admin, _product_in(catalog["software"]))


def _errors(call, *args, **kw) -> dict:
    with pytest.raises(ValidationFailed) as exc:
        call(*args, **kw)
    return exc.value.errors


# --- create ----------------------------------------------------------------------


def test_create_cleans_and_stores(session, admin, catalog):
    product = create_product(
        session,
        admin,
        _product_in(catalog["software"], name="  CRM Pro ", description=" Best "),
    )
    assert (product.name, product.price, product.on_sale, product.description) == (
        "CRM Pro",
        Decimal("1999.00"),
        True,
        "Best",
    )
    assert product.created_by_id == admin.user_id


def test_create_is_audited(session, crm):
    [row] = audit_rows(session, "product.create", crm.id)
    assert (row.object_type, row.after["code"]) == ("product", "CRM-PRO")


def test_rep_cannot_create(session, org, catalog):
    with pytest.raises(PermissionDenied):
        create_product(session, org.actor("rep_a1"), _product_in(catalog["software"]))


def test_every_field_error_at_once(session, admin):
    errors = _errors(
        create_product,
        session,
        admin,
        ProductIn(name=" ", category_id=None, unit=None, price="-5"),
    )
    assert set(errors) == {"name", "category_id", "unit", "price"}


def test_unknown_category_and_unit(session, admin):
    errors = _errors(
        create_product,
        session,
        admin,
        ProductIn(name="X", category_id=987654, unit="barrel"),
    )
    assert errors == {
        "category_id": "Unknown category.",
        "unit": "Choose a value from the list.",
    }


def test_disabled_unit_is_refused_for_new_products(session, admin, catalog):
    session.execute(
        update(DictionaryEntry)
        .where(DictionaryEntry.kind == "product_unit", DictionaryEntry.code == "box")
        .values(is_active=False)
    )
    errors = _errors(
        create_product, session, admin, _product_in(catalog["software"], unit="box")
    )
    assert set(errors) == {"unit"}


def test_price_is_optional(session, admin, catalog):
    product = create_product(
        session, admin, _product_in(catalog["software"], price=" ")
    )
    assert product.price is None


@pytest.mark.parametrize("price", ["abc", "1.001", "1e15"])
def test_bad_price(session, admin, catalog, price):
    errors = _errors(
        create_product, session, admin, _product_in(catalog["software"], price=price)
    )
    assert set(errors) == {"price"}


def test_code_is_unique_ignoring_case_and_spaces(session, admin, catalog, crm):
    errors = _errors(
        create_product,
        session,
        admin,
        _product_in(catalog["software"], name="Other", code="  crm-pro "),
    )
    assert errors == {"code": "Another product already uses this code."}


def test_code_is_optional_for_several_products(session, admin, catalog):
    for name in ("A", "B"):
        create_product(
            session, admin, _product_in(catalog["software"], name=name, code="")
        )


def test_attribute_values_are_checked_against_the_category(session, admin, catalog):
    errors = _errors(
        create_product,
        session,
        admin,
        _product_in(
            catalog["laptops"],
            attribute_values={catalog["colour"]: "Green", catalog["ports"]: ["VGA"]},
        ),
    )
    assert errors == {
        f"attr_{catalog['warranty']}": "This attribute is required.",
        f"attr_{catalog['colour']}": "Choose a value from the list.",
        f"attr_{catalog['ports']}": "Choose values from the list.",
    }


def test_valid_attribute_values_are_stored_and_foreign_ones_dropped(
    session, admin, catalog
):
    product = create_product(
        session,
        admin,
        _product_in(
            catalog["laptops"],
            attribute_values={
                catalog["warranty"]: "3",
                catalog["colour"]: "Red",
                catalog["ports"]: ["HDMI", "USB"],
                "424242": "not of this category",
            },
        ),
    )
    assert reloaded(session, product).attribute_values == {
        catalog["warranty"]: "3",
        catalog["colour"]: "Red",
        catalog["ports"]: ["USB", "HDMI"],
    }


# --- read -------------------------------------------------------------------------


def test_everyone_logged_in_may_read(session, org, crm):
    assert get_product(session, org.actor("rep_b1"), crm.id).id == crm.id
    page = list_products(session, org.actor("rep_a1"), ProductFilter())
    assert [row["name"] for row in page.rows] == ["CRM Pro"]


def test_unknown_product_is_not_found(session, admin):
    with pytest.raises(NotFound):
        get_product(session, admin, 987654)


def test_detail_shows_category_path_unit_and_attributes(session, org, admin, catalog):
    product = create_product(
        session,
        admin,
        _product_in(
            catalog["laptops"],
            unit="piece",
            attribute_values={catalog["warranty"]: "2", catalog["ports"]: ["USB"]},
        ),
    )
    detail = product_detail(session, org.actor("rep_a1", language="zh_CN"), product.id)
    assert detail["category"] == "Hardware / Laptops"
    assert detail["unit_label"] == "个"
    assert [(a["name"], a["value"]) for a in detail["attributes"]] == [
        ("Warranty", "2"),
        ("Colour", ""),
        ("Ports", "USB"),
    ]
    assert detail["deletable"] is True
    assert detail["created_by"] == "Admin"


def test_unit_options_are_the_active_units(session, org):
    values = [o["value"] for o in unit_options(session, "en")]
    assert values[:2] == ["piece", "set"]


# --- list filters -------------------------------------------------------------------


@pytest.fixture
def shelf(session, admin, catalog):
    def make(name, category, price, code=None, on_sale=True, **attrs):
        product = create_product(
            session,
            admin,
            _product_in(
                catalog[category],
                name=name,
                code=code,
                price=price,
                on_sale=on_sale,
                attribute_values={catalog["warranty"]: "1"}
                if category != "software"
                else {},
            ),
        )
        return product

    make("Office Suite", "software", "300", code="OFF-1")
    make("Antivirus", "software", "50", on_sale=False)
    make("Server rack", "hardware", "8000", code="RACK")
    make("Ultrabook 13", "laptops", "6500", code="UB13")


def _names(session, actor, **flt) -> list[str]:
    page = list_products(
        session, actor, ProductFilter(sort="name", descending=False, **flt)
    )
    return [row["name"] for row in page.rows]


def test_search_by_name_or_code(session, admin, shelf):
    assert _names(session, admin, search="office") == ["Office Suite"]
    assert _names(session, admin, search="ub1") == ["Ultrabook 13"]


def test_category_filter_includes_sub_categories(session, admin, catalog, shelf):
    assert _names(session, admin, category_id=catalog["hardware"].id) == [
        "Server rack",
        "Ultrabook 13",
    ]
    assert _names(session, admin, category_id=catalog["laptops"].id) == ["Ultrabook 13"]


def test_on_sale_filter(session, admin, shelf):
    assert _names(session, admin, on_sale=False) == ["Antivirus"]
    assert len(_names(session, admin, on_sale=True)) == 3


def test_price_range_filter(session, admin, shelf):
    assert _names(
        session, admin, price_min=Decimal("300"), price_max=Decimal("6500")
    ) == ["Office Suite", "Ultrabook 13"]


def test_paging_and_total(session, admin, shelf):
    page = list_products(
        session,
        admin,
        ProductFilter(sort="price", descending=True, page=2, page_size=3),
    )
    assert (page.total, page.page_count, [r["name"] for r in page.rows]) == (
        4,
        2,
        ["Antivirus"],
    )


def test_rows_carry_category_path_and_unit_label(session, admin, shelf):
    page = list_products(session, admin, ProductFilter(search="ultrabook"))
    row = page.rows[0]
    assert (row["category"], row["unit_label"]) == ("Hardware / Laptops", "License")


# --- edit -----------------------------------------------------------------------------


def test_update_with_current_version(session, admin, catalog, crm):
    update_product(
        session,
        admin,
        crm.id,
        _product_in(catalog["software"], price="2100"),
        expected_version=crm.version,
    )
    assert reloaded(session, crm).price == Decimal("2100.00")
    [row] = audit_rows(session, "product.update", crm.id)
    assert (row.before, row.after) == ({"price": "1999.00"}, {"price": "2100.00"})


def test_unchanged_save_writes_no_audit_row(session, admin, catalog, crm):
    update_product(
        session,
        admin,
        crm.id,
        _product_in(catalog["software"]),
        expected_version=crm.version,
    )
    assert audit_rows(session, "product.update") == []


def test_stale_version_is_a_conflict_naming_the_editor(
    session, org, admin, catalog, crm
):
    force_columns(session, crm, version=crm.version + 1)
    with pytest.raises(Conflict) as exc:
        update_product(
            session,
            admin,
            crm.id,
            _product_in(catalog["software"]),
            expected_version=crm.version - 1,
        )
    assert exc.value.params["name"] == "Admin"


def test_own_code_is_not_a_duplicate(session, admin, catalog, crm):
    update_product(
        session,
        admin,
        crm.id,
        _product_in(catalog["software"], code="crm-pro"),
        expected_version=crm.version,
    )
    assert reloaded(session, crm).code == "crm-pro"


def test_kept_disabled_unit_stays_valid_on_edit(session, admin, catalog, crm):
    session.execute(
        update(DictionaryEntry)
        .where(
            DictionaryEntry.kind == "product_unit", DictionaryEntry.code == "license"
        )
        .values(is_active=False)
    )
    update_product(
        session,
        admin,
        crm.id,
        _product_in(catalog["software"], name="CRM Pro 2"),
        expected_version=crm.version,
    )


def test_rep_cannot_edit(session, org, catalog, crm):
    with pytest.raises(PermissionDenied):
        update_product(
            session,
            org.actor("leader_a"),
            crm.id,
            _product_in(catalog["software"]),
            expected_version=crm.version,
        )


# --- on / off sale and delete -------------------------------------------------


def test_take_off_sale_and_back(session, admin, crm):
    assert set_on_sale(session, admin, [crm.id], False) == 1
    assert reloaded(session, crm).on_sale is False
    assert set_on_sale(session, admin, [crm.id, crm.id], False) == 0
    assert set_on_sale(session, admin, [crm.id], True) == 1
    assert [r.action for r in audit_rows(session, object_id=crm.id)][-2:] == [
        "product.off_sale",
        "product.on_sale",
    ]


def test_on_sale_needs_a_selection(session, admin):
    assert _errors(set_on_sale, session, admin, [], True) == {
        "selection": "Select at least one product."
    }


def test_rep_cannot_take_off_sale(session, org, crm):
    with pytest.raises(PermissionDenied):
        set_on_sale(session, org.actor("rep_a1"), [crm.id], False)


def test_delete_unused_product(session, admin, crm):
    delete_product(session, admin, crm.id)
    assert session.get(Product, crm.id) is None
    [row] = audit_rows(session, "product.delete", crm.id)
    assert row.before["name"] == "CRM Pro"


def test_product_used_by_an_opportunity_cannot_be_deleted(session, org, admin, crm):
    customer = make_customer(session, org.actor("rep_a1"), "Acme")
    stage = session.scalars(select(OpportunityStage)).first()
    opportunity = Opportunity(
        customer_id=customer.id,
        name="Deal",
        name_normalized="deal",
        stage_id=stage.id,
        owner_id=org.ids["rep_a1"],
    )
    session.add(opportunity)
    session.flush()
    session.add(
        OpportunityLine(
            opportunity_id=opportunity.id,
            product_id=crm.id,
            quantity=Decimal(1),
            unit_price=Decimal(1),
            discount=Decimal(0),
            subtotal=Decimal(1),
        )
    )
    session.flush()
    with pytest.raises(Conflict) as exc:
        delete_product(session, admin, crm.id)
    assert "take it off sale" in exc.value.message
    assert product_detail(session, admin, crm.id)["deletable"] is False


def test_rep_cannot_delete(session, org, crm):
    with pytest.raises(PermissionDenied):
        delete_product(session, org.actor("rep_a1"), crm.id)

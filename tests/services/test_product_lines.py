"""Product lines: parsing the editor's rows, server-side pricing (rounding, bad
input, off-sale products, empty rows), display rows and the product picker."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from dashboard.components.line_items import parse_line_rows, recompute_rows
from services.errors import ValidationFailed
from services.product_lines import (
    MAX_LINES,
    LineIn,
    PricedLine,
    line_rows,
    lines_total,
    parse_decimal,
    price_lines,
    product_choices,
    product_row,
)
from tests.factories import make_product, make_product_category


@pytest.fixture
def product(org):
    return make_product(org.session, "CRM licence", "1200.00", code="CRM-1")


def _error(session, lines, **kw) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as exc:
        price_lines(session, lines, **kw)
    return exc.value


def test_prices_a_line_from_raw_strings(session, product):
    [line] = price_lines(session, [LineIn(product.id, "2", "1,200.50", "10")])
    assert line == PricedLine(
        product.id,
        Decimal("2.00"),
        Decimal("1200.50"),
        Decimal("10.00"),
        Decimal("2160.90"),
    )


def test_subtotal_rounds_half_up_to_the_cent(session, product):
    # 1 × 0.05 × 0.5 = 0.025 → 0.03 (half-up, not banker's 0.02)
    [line] = price_lines(session, [LineIn(product.id, "1", "0.05", "50")])
    assert line.subtotal == Decimal("0.03")


def test_discount_defaults_to_zero_when_blank(session, product):
    [line] = price_lines(session, [LineIn(product.id, 3, "10", None)])
    assert (line.discount, line.subtotal) == (Decimal("0.00"), Decimal("30.00"))


def test_full_discount_gives_zero_subtotal(session, product):
    [line] = price_lines(session, [LineIn(product.id, 1, "99", "100")])
    assert line.subtotal == Decimal("0.00")


def test_rows_without_a_product_are_ignored(session, product):
    lines = price_lines(
        session,
        [LineIn(None, "5", "5"), LineIn(product.id, "1", "7"), LineIn("", "", "")],
    )
    assert [line.subtotal for line in lines] == [Decimal("7.00")]


def test_no_lines_price_to_an_empty_list(session):
    assert price_lines(session, []) == []
    assert lines_total([]) == Decimal("0.00")


def test_lines_total_adds_subtotals(session, product):
    lines = price_lines(
        session, [LineIn(product.id, "1", "0.10"), LineIn(product.id, "3", "0.20")]
    )
    assert lines_total(lines) == Decimal("0.70")


def test_line_order_is_kept(session, org, product):
    other = make_product(org.session, "Setup service", "500.00")
    lines = price_lines(
        session, [LineIn(other.id, "1", "1"), LineIn(product.id, "1", "2")]
    )
    assert [line.product_id for line in lines] == [other.id, product.id]


@pytest.mark.parametrize("quantity", ["0", "-1", "abc", "", None, "1.005", "NaN"])
def test_bad_quantity_names_the_row(session, product, quantity):
    error = _error(
        session, [LineIn(product.id, "1", "1"), LineIn(product.id, quantity, "1")]
    )
    assert error.errors == {
        "lines": "Line {row}: enter a quantity greater than 0 (at most 2 decimals)."
    }
    assert error.params["row"] == 2


@pytest.mark.parametrize("price", ["-0.01", "x", "", None, "1.234", "1e20", "Infinity"])
def test_bad_unit_price_is_rejected(session, product, price):
    error = _error(session, [LineIn(product.id, "1", price)])
    assert error.errors["lines"].startswith("Line {row}: enter a unit price")
    assert error.params["row"] == 1


def test_zero_unit_price_is_allowed(session, product):
    [line] = price_lines(session, [LineIn(product.id, "1", "0")])
    assert line.subtotal == Decimal("0.00")


@pytest.mark.parametrize("discount", ["-1", "100.01", "ten", "5.555"])
def test_bad_discount_is_rejected(session, product, discount):
    error = _error(session, [LineIn(product.id, "1", "1", discount)])
    assert error.errors["lines"] == (
        "Line {row}: enter a discount between 0 and 100 percent."
    )


@pytest.mark.parametrize("product_id", [999999, "abc", -3, True])
def test_unknown_product_is_rejected(session, org, product_id):
    error = _error(session, [LineIn(product_id, "1", "1")])
    assert error.errors["lines"] == "Line {row}: choose a product from the list."


def test_off_sale_product_is_rejected_for_new_lines(session, org):
    retired = make_product(org.session, "Old box", on_sale=False)
    error = _error(session, [LineIn(retired.id, "1", "1")])
    assert error.errors["lines"].startswith("Line {row}: {product} is no longer")
    assert error.params == {"row": 1, "product": "Old box"}


def test_off_sale_product_kept_from_an_earlier_save_is_allowed(session, org):
    retired = make_product(org.session, "Old box", on_sale=False)
    [line] = price_lines(
        session, [LineIn(retired.id, "1", "9")], allow_off_sale_ids={retired.id}
    )
    assert line.subtotal == Decimal("9.00")


def test_too_many_lines_are_rejected(session, product):
    lines = [LineIn(product.id, "1", "1")] * (MAX_LINES + 1)
    error = _error(session, lines)
    assert error.errors["lines"] == "At most {max} product lines."
    assert error.params["max"] == MAX_LINES


def test_subtotal_beyond_the_money_column_is_rejected(session, product):
    error = _error(session, [LineIn(product.id, "999999", "999999999")])
    assert error.errors["lines"].startswith("Line {row}: the subtotal is larger")


def test_total_beyond_the_money_column_is_rejected(session, product):
    line = LineIn(product.id, "1", "999999999999.99")
    error = _error(session, [line, line])
    assert error.errors == {
        "lines": "The product lines add up to more than 999,999,999,999.99."
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", Decimal("12.00")),
        (" 1,234.5 ", Decimal("1234.50")),
        (7, Decimal("7.00")),
        (2.5, Decimal("2.50")),
        ("1.50", Decimal("1.50")),
        ("", None),
        (None, None),
        (True, None),
        ("-1", None),
        ("0.001", None),
        ("1e3", Decimal("1000.00")),
    ],
)
def test_parse_decimal(raw, expected):
    assert parse_decimal(raw) == expected


# --- the editor's rows ------------------------------------------------------------


def test_parse_line_rows_keeps_order_and_drops_browser_subtotals():
    rows = [
        {"key": "a", "product_id": 3, "quantity": "2", "unit_price": "5",
         "discount": "", "subtotal": "999999", "product": "Forged"},
        {"key": "b", "product_id": None, "quantity": "1", "unit_price": "1"},
    ]  # fmt: skip
    assert parse_line_rows(rows) == [
        LineIn(3, "2", "5", ""),
        LineIn(None, "1", "1", 0),
    ]


def test_parse_line_rows_handles_nothing_and_junk():
    assert parse_line_rows(None) == []
    assert parse_line_rows(["junk", 3]) == []


def test_forged_subtotal_is_repriced_by_the_server(session, product):
    rows = [{"product_id": product.id, "quantity": "2", "unit_price": "10",
             "discount": "0", "subtotal": "1.00"}]  # fmt: skip
    [line] = price_lines(session, parse_line_rows(rows))
    assert line.subtotal == Decimal("20.00")


def test_preview_marks_invalid_rows_and_totals_valid_ones():
    rows, total = recompute_rows(
        [
            {"key": "a", "quantity": "2", "unit_price": "2.50", "discount": "10"},
            {"key": "b", "quantity": "x", "unit_price": "1", "discount": "0"},
        ]
    )
    assert [(r["subtotal"], r["invalid"]) for r in rows] == [
        ("4.50", False),
        ("", True),
    ]
    assert total == Decimal("4.50")


# --- display rows and picker ------------------------------------------------------


@dataclass
class StoredLine:
    product_id: int
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    subtotal: Decimal


def test_line_rows_are_json_friendly_with_product_details(session, product):
    stored = StoredLine(
        product.id, Decimal("2"), Decimal("1200"), Decimal("5"), Decimal("2280")
    )
    assert line_rows(session, "zh_CN", [stored]) == [
        {
            "product_id": product.id,
            "product": "CRM licence",
            "code": "CRM-1",
            "unit": "个",
            "on_sale": True,
            "quantity": "2.00",
            "unit_price": "1200.00",
            "discount": "5.00",
            "subtotal": "2280.00",
        }
    ]


def test_line_rows_label_units_in_english(session, product):
    stored = StoredLine(product.id, Decimal(1), Decimal(1), Decimal(0), Decimal(1))
    assert line_rows(session, "en", [stored])[0]["unit"] == "Piece"


def test_product_row_starts_at_list_price(session, product):
    row = product_row(session, "en", product.id)
    assert (row["quantity"], row["unit_price"], row["subtotal"]) == (
        "1.00",
        "1200.00",
        "1200.00",
    )


def test_product_row_refuses_off_sale_products(session, org):
    retired = make_product(org.session, "Old box", on_sale=False)
    assert product_row(session, "en", retired.id) is None
    assert product_row(session, "en", "nonsense") is None


def test_product_choices_search_name_and_code_on_sale_only(session, org, product):
    category = make_product_category(org.session, "Services")
    make_product(org.session, "Onsite training", "300", code="TRN_1",
                 category=category)  # fmt: skip
    make_product(org.session, "Training video", on_sale=False, category=category)
    assert [c["label"] for c in product_choices(session, "training")] == [
        "Onsite training (TRN_1)"
    ]
    assert [c["label"] for c in product_choices(session, "crm-")] == [
        "CRM licence (CRM-1)"
    ]
    assert product_choices(session, "crm")[0] == {
        "value": product.id,
        "label": "CRM licence (CRM-1)",
        "price": "1200.00",
    }


def test_product_choices_treat_like_wildcards_literally(session, product):
    assert product_choices(session, "%") == []
    assert product_choices(session, "_") == []


def test_product_choices_keep_the_current_choice(session, org, product):
    other = make_product(org.session, "Zebra printer", "10")
    choices = product_choices(session, "crm", include_id=other.id)
    assert [c["value"] for c in choices] == [other.id, product.id]


def test_product_choices_are_limited(session, org):
    category = make_product_category(org.session, "Bulk")
    for n in range(5):
        make_product(org.session, f"Item {n}", category=category)
    assert len(product_choices(session, "item", limit=3)) == 3

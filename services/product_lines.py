"""Product lines shared by opportunities and contracts: parse and validate what a
line editor sent, price every line on the server (the browser's subtotal is never
trusted), and turn stored lines back into display / editor rows.

Products are company-wide reference data, so reading them needs no scope.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from models import Product
from services.dictionaries import labels
from services.errors import ValidationFailed
from services.msgid import N_
from services.normalize import clean, normalize_name

MAX_LINES = 200
# Numeric(14, 2): the largest amount a money column holds.
MAX_MONEY = Decimal("999999999999.99")
CENT = Decimal("0.01")
HUNDRED = Decimal(100)

TOO_MANY_LINES = N_("At most {max} product lines.")
LINES_TOTAL_TOO_LARGE = N_("The product lines add up to more than 999,999,999,999.99.")
ROW_PRODUCT_MISSING = N_("Line {row}: choose a product from the list.")
ROW_OFF_SALE = N_("Line {row}: {product} is no longer on sale; remove the line.")
ROW_QUANTITY = N_("Line {row}: enter a quantity greater than 0 (at most 2 decimals).")
ROW_UNIT_PRICE = N_("Line {row}: enter a unit price of 0 or more (at most 2 decimals).")
ROW_DISCOUNT = N_("Line {row}: enter a discount between 0 and 100 percent.")
ROW_SUBTOTAL = N_("Line {row}: the subtotal is larger than 999,999,999,999.99.")


@dataclass(frozen=True)
class LineIn:
    """One row of a line editor as entered: numbers still raw (str/number/None)."""

    product_id: int | None
    quantity: object
    unit_price: object
    discount: object = 0  # percent off, 0..100


@dataclass(frozen=True)
class PricedLine:
    product_id: int
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    subtotal: Decimal  # quantity * unit_price * (1 - discount/100), to 0.01


def parse_decimal(
    value: object, *, maximum: Decimal = MAX_MONEY, places: int = 2
) -> Decimal | None:
    """A finite Decimal in 0..maximum with at most `places` decimals ("1,200.5" is
    fine), else None. Empty input is None too; callers decide if that is allowed."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0 or number > maximum:
        return None
    step = Decimal(1).scaleb(-places)
    if number != number.quantize(step, rounding=ROUND_HALF_UP):
        return None
    return number.quantize(step)


def line_subtotal(quantity: Decimal, unit_price: Decimal, discount: Decimal) -> Decimal:
    """quantity × unit price × (1 − discount %), rounded half-up to the cent."""
    return (quantity * unit_price * (HUNDRED - discount) / HUNDRED).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


def _product_id(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    text = str(value).strip() if value is not None else ""
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text) or None
    return None


def _products_by_id(session: Session, ids: set[int]) -> dict[int, Product]:
    if not ids:
        return {}
    query = select(Product).where(Product.id.in_(ids))
    return {product.id: product for product in session.scalars(query)}


def _choice(product: Product) -> dict[str, Any]:
    label = f"{product.name} ({product.code})" if product.code else product.name
    price = product.price if product.price is not None else Decimal("0.00")
    return {"value": product.id, "label": label, "price": str(price)}


def _is_empty(line: LineIn) -> bool:
    return line.product_id is None or (
        isinstance(line.product_id, str) and not line.product_id.strip()
    )


def _row_problem(
    line: LineIn, product: Product | None, allow_off_sale_ids: Collection[int]
) -> tuple[str | None, dict[str, Any], PricedLine | None]:
    """(msgid, params, priced line) of one non-empty row."""
    if product is None:
        return ROW_PRODUCT_MISSING, {}, None
    if not product.on_sale and product.id not in allow_off_sale_ids:
        return ROW_OFF_SALE, {"product": product.name}, None
    quantity = parse_decimal(line.quantity)
    if quantity is None or quantity <= 0:
        return ROW_QUANTITY, {}, None
    unit_price = parse_decimal(line.unit_price)
    if unit_price is None:
        return ROW_UNIT_PRICE, {}, None
    raw_discount = line.discount
    if raw_discount is None or (isinstance(raw_discount, str) and not raw_discount):
        raw_discount = 0
    discount = parse_decimal(raw_discount, maximum=HUNDRED)
    if discount is None:
        return ROW_DISCOUNT, {}, None
    subtotal = line_subtotal(quantity, unit_price, discount)
    if subtotal > MAX_MONEY:
        return ROW_SUBTOTAL, {}, None
    return None, {}, PricedLine(product.id, quantity, unit_price, discount, subtotal)


def price_lines(
    session: Session,
    lines: Sequence[LineIn],
    *,
    allow_off_sale_ids: Collection[int] = (),
) -> list[PricedLine]:
    """Validate and price lines in their order; rows without a product are skipped.
    A product must exist and be on sale unless its id is in `allow_off_sale_ids`
    (lines kept from an earlier save). Raises ValidationFailed({"lines": msgid})
    naming the first bad line (1-based, counting every row) in params `row`."""
    if len(lines) > MAX_LINES:
        raise ValidationFailed({"lines": TOO_MANY_LINES}, max=MAX_LINES)
    wanted = {
        pid for line in lines if (pid := _product_id(line.product_id)) is not None
    }
    products = _products_by_id(session, wanted)
    allowed = set(allow_off_sale_ids)
    priced: list[PricedLine] = []
    for row, line in enumerate(lines, start=1):
        if _is_empty(line):
            continue
        pid = _product_id(line.product_id)
        problem, params, result = _row_problem(
            line, products.get(pid) if pid is not None else None, allowed
        )
        if problem:
            raise ValidationFailed({"lines": problem}, row=row, **params)
        priced.append(result)
    if lines_total(priced) > MAX_MONEY:
        raise ValidationFailed({"lines": LINES_TOTAL_TOO_LARGE})
    return priced


def lines_total(lines: Sequence[PricedLine]) -> Decimal:
    """Sum of the lines' subtotals (Decimal 0.00 for no lines)."""
    return sum((line.subtotal for line in lines), Decimal("0.00")).quantize(CENT)


def _text(value: object) -> str:
    """A stored number as "12.50" ("" when missing)."""
    if value is None or value == "":
        return ""
    return str(Decimal(str(value)).quantize(CENT))


def line_rows(
    session: Session, language: str, lines: Sequence[object]
) -> list[dict[str, Any]]:
    """Display / editor rows of stored line objects (product_id, quantity,
    unit_price, discount, subtotal), in their order, with the product's name,
    code and unit label; Decimals as strings."""
    products = _products_by_id(session, {line.product_id for line in lines})
    unit_labels = labels(session, language)
    rows = []
    for line in lines:
        product = products.get(line.product_id)
        rows.append(
            {
                "product_id": line.product_id,
                "product": product.name if product else "",
                "code": (product.code or "") if product else "",
                "unit": unit_labels.get(("product_unit", product.unit), product.unit)
                if product
                else "",
                "on_sale": bool(product and product.on_sale),
                "quantity": _text(line.quantity),
                "unit_price": _text(line.unit_price),
                "discount": _text(line.discount or 0),
                "subtotal": _text(line.subtotal),
            }
        )
    return rows


def product_row(session: Session, language: str, product_id: object) -> dict | None:
    """A fresh editor row for an on-sale product at its list price (quantity 1, no
    discount), or None when the product is unknown or off sale."""
    pid = _product_id(product_id)
    product = session.get(Product, pid) if pid is not None else None
    if product is None or not product.on_sale:
        return None
    price = product.price if product.price is not None else Decimal("0.00")
    line = PricedLine(
        product.id, Decimal("1.00"), price, Decimal("0.00"), price.quantize(CENT)
    )
    return line_rows(session, language, [line])[0]


def product_choices(
    session: Session,
    search: str | None,
    *,
    limit: int = 30,
    include_id: int | None = None,
) -> list[dict[str, Any]]:
    """On-sale products whose name or code matches `search` (all when empty), for
    a product picker: {"value": id, "label": "name (code)", "price": str}; the
    on-sale product `include_id` (the picker's current choice) comes first."""
    query = select(Product).where(Product.on_sale.is_(True))
    term = clean(search)
    if term:
        query = query.where(product_search_clause(term))
    products = list(
        session.scalars(
            query.order_by(Product.name_normalized, Product.id).limit(max(1, limit))
        )
    )
    pid = _product_id(include_id)
    if pid is not None and all(p.id != pid for p in products):
        chosen = session.scalar(
            select(Product).where(Product.id == pid, Product.on_sale.is_(True))
        )
        products = ([chosen] if chosen else []) + products
    return [_choice(product) for product in products]


def product_search_clause(term: str):
    """Products whose code contains `term` (case-insensitive, LIKE wildcards taken
    literally) or whose normalised name contains it."""
    pattern = term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    clauses = [func.lower(Product.code).like(f"%{pattern}%", escape="\\")]
    name = normalize_name(term)
    if name:
        clauses.append(Product.name_normalized.contains(name, autoescape=True))
    return or_(*clauses)

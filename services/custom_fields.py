"""Custom fields: the admin defines extra fields of customers, contacts, leads and
opportunities; records carry their values in a `custom_values` JSON column.

Why a JSON column on each record rather than a value table: a list page shows,
filters and exports the row it already reads, so values come along without a
join per field; a record and its values change in one row, so the record's
optimistic version and its audit snapshot cover them; and lists keep sorting and
paging on their indexed native columns (owner, dates), with custom-field filters
narrowing that scoped query. Values are keyed by the field id as text; numbers
and dates are stored as text that compares and casts the same on SQLite and
PostgreSQL (see models/custom_field.py).

Definitions are not secret: forms, lists and imports read them without a
permission; only administering them needs ADMIN_SETTINGS (as dictionaries)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, exists, func, literal, select
from sqlalchemy.dialects.postgresql import JSONB, array
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement, FunctionElement, cast

from models import Contact, Customer, CustomField, Lead, Opportunity
from models.custom_field import CUSTOM_FIELD_ENTITIES, CUSTOM_FIELD_TYPES
from services.actor import Actor
from services.audit import changed_fields, record_audit, snapshot
from services.errors import Conflict, NotFound, ValidationFailed
from services.msgid import N_
from services.normalize import clean
from services.ordering import generate_code, label_errors, move_item, record_active
from services.permissions import ADMIN_SETTINGS
from services.product_categories import check_attribute_value

OBJECT_TYPE = "custom_field"
CODE_LENGTH = 50
_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
CHOICE_TYPES = ("single", "multi")
MAX_OPTIONS = 100
OPTION_LENGTH = 100
# Several choices in one import cell; exports join them with EXPORT_SEPARATOR.
CHOICE_SEPARATORS = re.compile(r"[,，;；、]")
EXPORT_SEPARATOR = ", "
IMPORT_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d")
REQUIRED = N_("This field is required.")
BAD_DATE = N_("Enter a valid date.")

ENTITY_MODELS: dict[str, type] = {
    "customer": Customer,
    "contact": Contact,
    "lead": Lead,
    "opportunity": Opportunity,
}


@dataclass(frozen=True)
class FieldDef:
    """One field definition as forms, lists, imports and exports use it."""

    id: int
    entity: str
    code: str
    label_en: str
    label_zh: str
    field_type: str
    options: tuple[str, ...]
    required: bool
    sort_order: int
    is_active: bool

    @property
    def key(self) -> str:
        """The key of its value in a record's custom_values."""
        return str(self.id)

    @property
    def error_key(self) -> str:
        """The key of its errors, import column and audit change: cf_<id>."""
        return f"cf_{self.id}"

    def label(self, language: str) -> str:
        return self.label_zh if language == "zh_CN" else self.label_en


@dataclass(frozen=True)
class CustomFieldIn:
    """A new field, or an edit (entity, type and code stay as created)."""

    entity: str | None = None
    label_en: str | None = None
    label_zh: str | None = None
    field_type: str | None = "text"
    # single / multi choice: one per line (text) or a sequence
    options: str | Sequence[str] | None = ()
    required: bool = False
    code: str | None = None


@dataclass(frozen=True)
class CustomFilter:
    """A list filter on one field: text contains `text`; number / date within
    [low, high] (either end open); choices: holds any of `choices`."""

    field_id: int
    field_type: str
    text: str | None = None
    low: str | None = None
    high: str | None = None
    choices: tuple[str, ...] = ()


# --- reading definitions ----------------------------------------------------------


def _def(field: CustomField) -> FieldDef:
    return FieldDef(
        id=field.id,
        entity=field.entity,
        code=field.code,
        label_en=field.label_en,
        label_zh=field.label_zh,
        field_type=field.field_type,
        options=tuple(field.options or ()),
        required=bool(field.required),
        sort_order=field.sort_order or 0,
        is_active=bool(field.is_active),
    )


def _ordered(query):
    return query.order_by(CustomField.sort_order, CustomField.id)


def field_defs(
    session: Session, entity: str, *, include_inactive: bool = False
) -> list[FieldDef]:
    """The entity's fields in display order; disabled ones only when asked
    (detail pages and stored-value checks read them). Raises nothing."""
    query = select(CustomField).where(CustomField.entity == entity)
    if not include_inactive:
        query = query.where(CustomField.is_active.is_(True))
    return [_def(field) for field in session.scalars(_ordered(query))]


def active_defs_by_entity(session: Session) -> dict[str, list[FieldDef]]:
    """Every entity's active fields in display order, in one query (imports)."""
    found: dict[str, list[FieldDef]] = {entity: [] for entity in CUSTOM_FIELD_ENTITIES}
    query = select(CustomField).where(CustomField.is_active.is_(True))
    for field in session.scalars(_ordered(query)):
        found.setdefault(field.entity, []).append(_def(field))
    return found


# --- values -----------------------------------------------------------------------


def _blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, list | tuple) and not value)
    )


def check_value(field: FieldDef, value: object) -> tuple[object, str | None]:
    """(cleaned value or None when blank, msgid of the problem). Text, number and
    choices follow the product attributes' rules; dates are ISO text."""
    if _blank(value):
        return None, REQUIRED if field.required else None
    if field.field_type == "date":
        text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
        try:
            return dt.date.fromisoformat(text).isoformat(), None
        except ValueError:
            return None, BAD_DATE
    return check_attribute_value(
        {
            "attribute_type": field.field_type,
            "options": list(field.options),
            "required": field.required,
        },
        value,
    )


def _same(value: object, stored: object) -> bool:
    """The form sent back what is stored (multi choices in any order)."""
    if isinstance(value, list | tuple) and isinstance(stored, list):
        return sorted(map(str, value)) == sorted(map(str, stored))
    return value == stored


def clean_values(
    fields: Iterable[FieldDef],
    values: Mapping[str, object],
    *,
    stored: Mapping[str, object] | None = None,
) -> tuple[dict[str, object], dict[str, str]]:
    """({field id: value}, {cf_<id>: msgid}) for `values` checked against `fields`
    (active and disabled). A disabled field keeps its stored value whatever was
    sent; a value equal to the stored one is kept unchecked, so a record stays
    editable after an option was removed. Unknown keys are dropped."""
    stored = stored or {}
    cleaned: dict[str, object] = {}
    errors: dict[str, str] = {}
    for field in fields:
        key = field.key
        if not field.is_active or (
            key in stored and _same(values.get(key), stored[key])
        ):
            if key in stored:
                cleaned[key] = stored[key]
            continue
        value, problem = check_value(field, values.get(key))
        if problem:
            errors[field.error_key] = problem
        elif value is not None:
            cleaned[key] = value
    return cleaned, errors


def clean_custom_values(
    session: Session,
    entity: str,
    values: Mapping[str, object] | None,
    *,
    stored: Mapping[str, object] | None = None,
) -> tuple[dict[str, object], dict[str, str]]:
    """The values to store and their errors. `values` None means the caller does
    not handle custom fields (e.g. lead conversion): the stored values stay and
    nothing is checked."""
    if values is None:
        return dict(stored or {}), {}
    fields = field_defs(session, entity, include_inactive=True)
    return clean_values(fields, values, stored=stored)


def display_value(value: object) -> str:
    """A stored value as text (choices joined); dates stay ISO."""
    if _blank(value):
        return ""
    if isinstance(value, list):
        return EXPORT_SEPARATOR.join(map(str, value))
    return str(value)


def export_value(field: FieldDef, value: object) -> object:
    """A stored value as a spreadsheet cell: numbers and dates keep their type."""
    if _blank(value):
        return None
    if field.field_type == "number":
        return Decimal(str(value))
    if field.field_type == "date":
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
    return display_value(value)


def detail_rows(
    fields: Iterable[FieldDef], values: Mapping[str, object] | None, language: str
) -> list[tuple[str, str]]:
    """(label, text) in display order of every active field, and of disabled
    fields that hold a value (it stays readable). Raises nothing."""
    values = values or {}
    return [
        (field.label(language), display_value(values.get(field.key)))
        for field in fields
        if field.is_active or not _blank(values.get(field.key))
    ]


# --- audit ------------------------------------------------------------------------


def audit_changes(before: dict, after: dict) -> tuple[dict, dict]:
    """changed_fields' (before, after) with "custom_values" replaced by one
    cf_<id> entry per changed field, so the log reads like other fields."""
    if "custom_values" not in after:
        return before, after
    old = before.pop("custom_values", None) or {}
    new = after.pop("custom_values", None) or {}
    for key in sorted(set(old) | set(new), key=lambda k: (len(k), k)):
        if old.get(key) != new.get(key):
            before[f"cf_{key}"] = old.get(key)
            after[f"cf_{key}"] = new.get(key)
    return before, after


# --- import -----------------------------------------------------------------------


def _casefold(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def _import_text(field: FieldDef, text: str) -> object:
    """A cell's text as the form would send it: choices matched to their option
    ignoring case and spaces, several choices split, dates normalised to ISO."""
    if field.field_type in CHOICE_TYPES:
        options = {_casefold(option): option for option in field.options}
        parts = (
            [p for p in CHOICE_SEPARATORS.split(text) if p.strip()]
            if field.field_type == "multi"
            else [text]
        )
        chosen = [options.get(_casefold(p), p.strip()) for p in parts]
        return chosen if field.field_type == "multi" else chosen[0]
    if field.field_type == "date":
        # A spreadsheet date cell arrives as "2025-04-01 00:00".
        day = re.split(r"[\sT]", text.strip(), maxsplit=1)[0]
        for pattern in IMPORT_DATE_FORMATS:
            try:
                return dt.datetime.strptime(day, pattern).date().isoformat()
            except ValueError:
                continue
    return text


def import_values(
    fields: Iterable[FieldDef], cells: Mapping[str, str | None]
) -> tuple[dict[str, object], dict[str, str]]:
    """({field id: value}, {cf_<id>: msgid}) of one import row whose `cells` are
    keyed cf_<id>; a field without a cell is blank (required fields say so)."""
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    for field in fields:
        text = (cells.get(field.error_key) or "").strip()
        value, problem = check_value(field, _import_text(field, text) if text else None)
        if problem:
            errors[field.error_key] = problem
        elif value is not None:
            values[field.key] = value
    return values, errors


def is_custom_key(name: str | None) -> bool:
    """Whether an import column / error key names a custom field (cf_<id>)."""
    return bool(name) and name.startswith("cf_")


def filled_names(cells: Mapping[str, str | None]) -> set[str]:
    """The input fields an import row's non-blank cells fill: its custom-field
    cells together fill "custom_values"."""
    return {
        "custom_values" if is_custom_key(name) else name
        for name, text in cells.items()
        if text
    }


def import_field_map(
    fields: Iterable[FieldDef], language: str
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """{cf_<id>: (label, aliases)} to add to an import's column choices: a column
    headed by either label or the code maps to the field."""
    return {
        field.error_key: (
            field.label(language),
            (field.label_en, field.label_zh, field.code),
        )
        for field in fields
    }


# --- list filters -----------------------------------------------------------------


class has_any_choice(FunctionElement):  # noqa: N801 - a SQL function construct
    """has_any_choice(json column, key, *choices): the JSON array under `key`
    holds one of the choices (PostgreSQL `?|`, SQLite json_each)."""

    type = Boolean()
    inherit_cache = True
    name = "has_any_choice"


@compiles(has_any_choice, "postgresql")
def _has_any_postgresql(element, compiler, **kw):
    column, key, *choices = element.clauses.clauses
    element_json = cast(column, JSONB).op("->", return_type=JSONB)(key)
    return compiler.process(element_json.has_any(array(choices)), **kw)


@compiles(has_any_choice)
def _has_any_json_each(element, compiler, **kw):
    column, key, *choices = element.clauses.clauses
    items = func.json_each(column, literal("$.") + func.json_quote(key)).table_valued(
        "value"
    )
    found = exists(
        select(literal(1)).select_from(items).where(items.c.value.in_(choices))
    )
    return compiler.process(found, **kw)


def _bound(field_type: str, text: str | None) -> Any:
    """A filter bound as a comparable value, or None when absent or invalid
    (an invalid bound is ignored, as the lists ignore a bad amount)."""
    if _blank(text):
        return None
    probe = FieldDef(0, "", "", "", "", field_type, (), False, 0, True)
    value, problem = check_value(probe, text)
    if problem:
        return None
    return Decimal(str(value)) if field_type == "number" else value


def custom_filter_clauses(
    column: Any, filters: Iterable[CustomFilter]
) -> list[ColumnElement]:
    """WHERE clauses on a custom_values `column` for the given filters; empty
    filters add nothing. Raises nothing."""
    clauses: list[ColumnElement] = []
    for flt in filters:
        key = str(flt.field_id)
        value = column[key]
        if flt.field_type == "text" and flt.text and flt.text.strip():
            clauses.append(
                func.lower(value.as_string()).contains(
                    flt.text.strip().lower(), autoescape=True
                )
            )
        elif flt.field_type in ("number", "date"):
            compared = (
                value.as_numeric(28, 4)
                if flt.field_type == "number"
                else value.as_string()
            )
            low, high = (
                _bound(flt.field_type, flt.low),
                _bound(flt.field_type, flt.high),
            )
            if low is not None:
                clauses.append(compared >= low)
            if high is not None:
                clauses.append(compared <= high)
        elif flt.field_type == "single" and flt.choices:
            clauses.append(value.as_string().in_(flt.choices))
        elif flt.field_type == "multi" and flt.choices:
            clauses.append(has_any_choice(column, key, *flt.choices))
    return clauses


# --- administration ---------------------------------------------------------------


def list_custom_fields(
    session: Session, actor: Actor, entity: str
) -> list[dict[str, Any]]:
    """Every field of `entity`, active or not, in display order.
    Raises PermissionDenied, ValidationFailed."""
    actor.require(ADMIN_SETTINGS)
    _check_entity(entity)
    query = select(CustomField).where(CustomField.entity == entity)
    return [_row(field) for field in session.scalars(_ordered(query))]


def get_custom_field(session: Session, actor: Actor, field_id: int) -> dict[str, Any]:
    """One field. Raises PermissionDenied, NotFound."""
    actor.require(ADMIN_SETTINGS)
    return _row(_field(session, field_id))


def create_custom_field(
    session: Session, actor: Actor, data: CustomFieldIn
) -> CustomField:
    """Add a field at the end of its entity's list.
    Raises PermissionDenied, ValidationFailed."""
    actor.require(ADMIN_SETTINGS)
    _check_entity(data.entity)
    label_en, label_zh = clean(data.label_en) or "", clean(data.label_zh) or ""
    options = _options(data.options)
    errors = _label_errors(session, data.entity, label_en, label_zh)
    if data.field_type not in CUSTOM_FIELD_TYPES:
        errors["field_type"] = N_("Choose a value from the list.")
    elif data.field_type in CHOICE_TYPES:
        errors |= _option_errors(options)
    code = (clean(data.code) or "").lower()
    if code:
        if len(code) > CODE_LENGTH or not _CODE.match(code):
            errors["code"] = N_(
                "Use up to 50 lower-case letters, digits, - or _, "
                "starting with a letter or digit."
            )
        elif _code_taken(session, data.entity, code):
            errors["code"] = N_("This code is already used by another field.")
    if errors:
        raise ValidationFailed(errors)
    last = session.scalar(
        select(func.max(CustomField.sort_order)).where(
            CustomField.entity == data.entity
        )
    )
    field = CustomField(
        entity=data.entity,
        code=code
        or generate_code(
            label_en,
            length=CODE_LENGTH,
            default="field",
            taken=lambda c: _code_taken(session, data.entity, c),
        ),
        label_en=label_en,
        label_zh=label_zh,
        field_type=data.field_type,
        options=options if data.field_type in CHOICE_TYPES else [],
        required=bool(data.required),
        sort_order=(last + 1) if last is not None else 0,
        is_active=True,
    )
    try:
        # A concurrent add of the same code loses on the unique constraint.
        with session.begin_nested():
            session.add(field)
            session.flush()
    except IntegrityError as error:
        raise ValidationFailed(
            {"code": N_("This code is already used by another field.")}
        ) from error
    record_audit(
        session,
        actor,
        "custom_field.create",
        OBJECT_TYPE,
        field.id,
        after=snapshot(field),
    )
    session.flush()
    return field


def update_custom_field(
    session: Session, actor: Actor, field_id: int, data: CustomFieldIn
) -> CustomField:
    """Change a field's labels, options and required flag (entity, type and code
    stay: stored values and import files rely on them). Removing an option keeps
    the values records already hold. Raises PermissionDenied, NotFound,
    ValidationFailed."""
    actor.require(ADMIN_SETTINGS)
    field = _field(session, field_id, lock=True)
    label_en, label_zh = clean(data.label_en) or "", clean(data.label_zh) or ""
    options = _options(data.options)
    errors = _label_errors(
        session, field.entity, label_en, label_zh, except_id=field.id
    )
    if field.field_type in CHOICE_TYPES:
        errors |= _option_errors(options)
    if errors:
        raise ValidationFailed(errors)
    before = snapshot(field)
    field.label_en, field.label_zh = label_en, label_zh
    if field.field_type in CHOICE_TYPES:
        field.options = options
    field.required = bool(data.required)
    old, new = changed_fields(before, snapshot(field))
    if new:
        record_audit(
            session,
            actor,
            "custom_field.update",
            OBJECT_TYPE,
            field.id,
            before=old,
            after=new,
        )
    session.flush()
    return field


def move_custom_field(
    session: Session, actor: Actor, field_id: int, *, up: bool
) -> bool:
    """Swap a field with its neighbour above (up) or below; False at either end.
    Raises PermissionDenied, NotFound."""
    actor.require(ADMIN_SETTINGS)
    field = _field(session, field_id)
    siblings = list(
        session.scalars(
            _ordered(
                select(CustomField).where(CustomField.entity == field.entity)
            ).with_for_update()
        )
    )
    return move_item(
        session,
        actor,
        siblings,
        field,
        up=up,
        action="custom_field.reorder",
        object_type=OBJECT_TYPE,
    )


def set_custom_field_active(
    session: Session, actor: Actor, field_id: int, *, active: bool
) -> CustomField:
    """Enable or disable a field: disabled fields leave forms, lists, filters,
    imports and exports; records keep their values, shown on detail pages.
    Raises PermissionDenied, NotFound."""
    actor.require(ADMIN_SETTINGS)
    field = _field(session, field_id, lock=True)
    record_active(
        session,
        actor,
        field,
        active=active,
        action_prefix="custom_field",
        object_type=OBJECT_TYPE,
    )
    session.flush()
    return field


def delete_custom_field(session: Session, actor: Actor, field_id: int) -> None:
    """Delete a field no record has a value for. Raises PermissionDenied,
    NotFound, Conflict (values stored: disable it instead)."""
    actor.require(ADMIN_SETTINGS)
    field = _field(session, field_id, lock=True)
    if custom_field_in_use(session, field):
        raise Conflict(N_("Records hold values of this field: disable it instead."))
    record_audit(
        session,
        actor,
        "custom_field.delete",
        OBJECT_TYPE,
        field.id,
        before=snapshot(field),
    )
    session.delete(field)
    session.flush()


def custom_field_in_use(session: Session, field: CustomField) -> bool:
    """Whether any record of the field's entity (deleted ones too) holds a value."""
    model = ENTITY_MODELS[field.entity]
    stored = model.custom_values[str(field.id)].as_string()
    return bool(session.scalar(select(exists().where(stored.is_not(None)))))


def _row(field: CustomField) -> dict[str, Any]:
    return {
        "id": field.id,
        "entity": field.entity,
        "code": field.code,
        "label_en": field.label_en,
        "label_zh": field.label_zh,
        "field_type": field.field_type,
        "options": list(field.options or []),
        "required": bool(field.required),
        "sort_order": field.sort_order,
        "is_active": bool(field.is_active),
    }


def _field(session: Session, field_id: int, *, lock: bool = False) -> CustomField:
    query = select(CustomField).where(CustomField.id == field_id)
    field = session.scalar(query.with_for_update() if lock else query)
    if field is None:
        raise NotFound()
    return field


def _check_entity(entity: str | None) -> None:
    if entity not in CUSTOM_FIELD_ENTITIES:
        raise ValidationFailed({"entity": N_("Choose a value from the list.")})


def _options(options: str | Sequence[str] | None) -> list[str]:
    """Lines (or items) stripped, blanks and repeats dropped, in order."""
    items = options.splitlines() if isinstance(options, str) else (options or ())
    return list(dict.fromkeys(text for o in items if (text := clean(str(o)))))


def _option_errors(options: list[str]) -> dict[str, str]:
    if not options:
        return {"options": N_("Enter at least one option, one per line.")}
    if len(options) > MAX_OPTIONS or any(len(o) > OPTION_LENGTH for o in options):
        return {"options": N_("At most 100 options of at most 100 characters each.")}
    if any(CHOICE_SEPARATORS.search(o) for o in options):
        # Import cells and exports list several choices with these separators.
        return {"options": N_("Options cannot contain commas, semicolons or 、.")}
    return {}


def _label_errors(
    session: Session,
    entity: str,
    label_en: str,
    label_zh: str,
    *,
    except_id: int | None = None,
) -> dict[str, str]:
    return label_errors(
        session,
        CustomField,
        {"label_en": label_en, "label_zh": label_zh},
        taken=N_("Another field of this record type has this label."),
        scope=[CustomField.entity == entity],
        except_id=except_id,
    )


def _code_taken(session: Session, entity: str, code: str) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(CustomField.entity == entity, CustomField.code == code)
            )
        )
    )

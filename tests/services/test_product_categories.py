"""Product categories: tree, create/rename/move without cycles, delete rules,
attribute definitions and checking attribute values."""

import pytest

from models import ProductAttribute, ProductCategory
from services.errors import NotFound, PermissionDenied, ValidationFailed
from services.product_categories import (
    AttributeIn,
    CategoryIn,
    category_attributes,
    category_options,
    category_tree,
    clean_attribute_values,
    create_attribute,
    create_category,
    delete_attribute,
    delete_category,
    subtree_ids,
    update_attribute,
    update_category,
)
from tests.factories import audit_rows, make_product


@pytest.fixture
def admin(org):
    return org.actor("admin")


@pytest.fixture
def tree(session, admin):
    """Hardware → Laptops → Gaming; Software."""
    hardware = create_category(session, admin, CategoryIn("Hardware"))
    laptops = create_category(session, admin, CategoryIn("Laptops", hardware.id))
    gaming = create_category(session, admin, CategoryIn("Gaming", laptops.id))
    software = create_category(session, admin, CategoryIn("Software", sort_order=5))
    return {"hardware": hardware, "laptops": laptops, "gaming": gaming,
            "software": software}  # fmt: skip


def _errors(call, *args) -> dict:
    with pytest.raises(ValidationFailed) as exc:
        call(*args)
    return exc.value.errors


def test_tree_is_depth_first_with_paths(session, org, tree):
    nodes = category_tree(session, org.actor("rep_a1"))
    assert [(n.path, n.depth) for n in nodes] == [
        ("Hardware", 0),
        ("Hardware / Laptops", 1),
        ("Hardware / Laptops / Gaming", 2),
        ("Software", 0),
    ]


def test_tree_counts_products_children_and_attributes(session, org, admin, tree):
    make_product(session, "X1", category=tree["laptops"])
    create_attribute(session, admin, AttributeIn(tree["laptops"].id, "RAM", "number"))
    laptops = next(n for n in category_tree(session, admin) if n.name == "Laptops")
    assert (laptops.product_count, laptops.child_count, laptops.attribute_count) == (
        1,
        1,
        1,
    )


def test_options_label_with_full_path(session, admin, tree):
    assert {"label": "Hardware / Laptops", "value": tree["laptops"].id} in (
        category_options(session, admin)
    )


def test_subtree_includes_descendants(session, tree):
    assert subtree_ids(session, tree["hardware"].id) == {
        tree["hardware"].id,
        tree["laptops"].id,
        tree["gaming"].id,
    }


def test_create_is_audited(session, tree):
    [row] = audit_rows(session, "product_category.create", tree["software"].id)
    assert row.object_type == "product_category"
    assert row.after["name"] == "Software"


def test_rep_cannot_create_a_category(session, org):
    with pytest.raises(PermissionDenied):
        create_category(session, org.actor("rep_a1"), CategoryIn("Mine"))


def test_name_is_required(session, admin):
    assert _errors(create_category, session, admin, CategoryIn("  "))["name"]


def test_sibling_names_are_unique_ignoring_case(session, admin, tree):
    errors = _errors(
        create_category, session, admin, CategoryIn("LAPTOPS", tree["hardware"].id)
    )
    assert errors == {"name": "A category with this name already exists here."}


def test_same_name_under_another_parent_is_fine(session, admin, tree):
    create_category(session, admin, CategoryIn("Laptops", tree["software"].id))


def test_unknown_parent_is_rejected(session, admin):
    errors = _errors(create_category, session, admin, CategoryIn("X", 987654))
    assert errors == {"parent_id": "Unknown category."}


def test_rename_and_move(session, admin, tree):
    update_category(
        session, admin, tree["gaming"].id, CategoryIn("Games", tree["software"].id)
    )
    session.expire_all()
    gaming = session.get(ProductCategory, tree["gaming"].id)
    assert (gaming.name, gaming.parent_id) == ("Games", tree["software"].id)
    [row] = audit_rows(session, "product_category.update", gaming.id)
    assert row.after == {"name": "Games", "parent_id": tree["software"].id}


@pytest.mark.parametrize("target", ["hardware", "laptops", "gaming"])
def test_move_under_itself_or_a_descendant_is_rejected(session, admin, tree, target):
    errors = _errors(
        update_category, session, admin, tree["hardware"].id,
        CategoryIn("Hardware", tree[target].id),
    )  # fmt: skip
    assert errors == {
        "parent_id": "A category cannot be moved under itself or one of its "
        "sub-categories."
    }


def test_update_of_unknown_category_is_not_found(session, admin):
    with pytest.raises(NotFound):
        update_category(session, admin, 987654, CategoryIn("X"))


def test_delete_empty_category_takes_its_attributes(session, admin, tree):
    attribute = create_attribute(
        session, admin, AttributeIn(tree["software"].id, "Licence", "text")
    )
    delete_category(session, admin, tree["software"].id)
    assert session.get(ProductCategory, tree["software"].id) is None
    assert session.get(ProductAttribute, attribute.id) is None
    [row] = audit_rows(session, "product_category.delete", tree["software"].id)
    assert row.before["attributes"] == ["Licence"]


def test_delete_with_sub_categories_is_refused(session, admin, tree):
    errors = _errors(delete_category, session, admin, tree["laptops"].id)
    assert set(errors) == {"sub_categories"}


def test_delete_with_products_is_refused(session, admin, tree):
    make_product(session, "Mac", category=tree["gaming"])
    errors = _errors(delete_category, session, admin, tree["gaming"].id)
    assert set(errors) == {"products"}


def test_rep_cannot_delete(session, org, tree):
    with pytest.raises(PermissionDenied):
        delete_category(session, org.actor("rep_a1"), tree["software"].id)


# --- attributes ---------------------------------------------------------------------


def test_attribute_options_are_cleaned(session, admin, tree):
    options = [" Red", "Blue", "", "Red"]
    attribute = create_attribute(
        session, admin, AttributeIn(tree["laptops"].id, "Colour", "single", options)
    )
    assert attribute.options == ["Red", "Blue"]


def test_choice_attribute_needs_options(session, admin, tree):
    errors = _errors(
        create_attribute,
        session,
        admin,
        AttributeIn(tree["laptops"].id, "Colour", "multi"),
    )
    assert errors == {"options": "Enter at least one option, one per line."}


def test_text_attribute_drops_options(session, admin, tree):
    attribute = create_attribute(
        session, admin, AttributeIn(tree["laptops"].id, "Note", "text", ["a"])
    )
    assert attribute.options == []


def test_unknown_attribute_type_is_rejected(session, admin, tree):
    errors = _errors(
        create_attribute, session, admin, AttributeIn(tree["laptops"].id, "X", "date")
    )
    assert set(errors) == {"attribute_type"}


def test_attribute_name_unique_including_inherited(session, admin, tree):
    create_attribute(
        session, admin, AttributeIn(tree["hardware"].id, "Warranty", "number")
    )
    errors = _errors(
        create_attribute,
        session,
        admin,
        AttributeIn(tree["laptops"].id, "warranty", "text"),
    )
    assert errors == {"name": "This category already has an attribute with this name."}


def test_attribute_on_unknown_category_is_not_found(session, admin):
    with pytest.raises(NotFound):
        create_attribute(session, admin, AttributeIn(987654, "X", "text"))


def test_rep_cannot_define_attributes(session, org, tree):
    with pytest.raises(PermissionDenied):
        create_attribute(
            session, org.actor("rep_a1"), AttributeIn(tree["laptops"].id, "X", "text")
        )


def test_products_inherit_ancestor_attributes(session, admin, tree):
    create_attribute(session, admin, AttributeIn(tree["laptops"].id, "RAM", "number"))
    create_attribute(
        session, admin, AttributeIn(tree["hardware"].id, "Warranty", "number")
    )
    create_attribute(session, admin, AttributeIn(tree["gaming"].id, "GPU", "text"))
    create_attribute(
        session, admin, AttributeIn(tree["software"].id, "Seats", "number")
    )
    names = [a["name"] for a in category_attributes(session, tree["gaming"].id)]
    assert names == ["Warranty", "RAM", "GPU"]


def test_update_attribute_keeps_category_and_is_audited(session, admin, tree):
    attribute = create_attribute(
        session, admin, AttributeIn(tree["laptops"].id, "Colour", "single", ["Red"])
    )
    update_attribute(
        session, admin, attribute.id,
        AttributeIn(tree["software"].id, "Colour", "multi", ["Red", "Blue"], True),
    )  # fmt: skip
    assert (attribute.category_id, attribute.attribute_type, attribute.required) == (
        tree["laptops"].id,
        "multi",
        True,
    )
    [row] = audit_rows(session, "product_category.attribute_update", tree["laptops"].id)
    assert row.after["options"] == ["Red", "Blue"]


def test_delete_attribute(session, admin, tree):
    attribute = create_attribute(
        session, admin, AttributeIn(tree["laptops"].id, "Colour", "text")
    )
    delete_attribute(session, admin, attribute.id)
    assert category_attributes(session, tree["laptops"].id) == []
    assert audit_rows(session, "product_category.attribute_delete")


# --- checking values ------------------------------------------------------------


def _definition(attr_id, name, kind, options=(), required=False):
    return {"id": attr_id, "name": name, "attribute_type": kind,
            "options": list(options), "required": required}  # fmt: skip


DEFINITIONS = [
    _definition(1, "Note", "text"),
    _definition(2, "RAM", "number", required=True),
    _definition(3, "Colour", "single", ["Red", "Blue"]),
    _definition(4, "Ports", "multi", ["USB", "HDMI", "LAN"]),
]


def test_valid_values_are_cleaned():
    values, errors = clean_attribute_values(
        DEFINITIONS,
        {"1": "  hello ", "2": " 16.50 ", "3": "Blue", "4": ["LAN", "USB", "USB"],
         "99": "dropped"},
    )  # fmt: skip
    assert errors == {}
    assert values == {"1": "hello", "2": "16.5", "3": "Blue", "4": ["USB", "LAN"]}


def test_blank_optional_values_are_left_out():
    values, errors = clean_attribute_values(
        DEFINITIONS, {"1": "", "2": "8", "3": None, "4": []}
    )
    assert (values, errors) == ({"2": "8"}, {})


def test_every_bad_value_gets_its_own_field_error():
    _, errors = clean_attribute_values(
        DEFINITIONS, {"2": "lots", "3": "Green", "4": ["USB", "VGA"]}
    )
    assert errors == {
        "attr_2": "Enter a number (at most 4 decimal places).",
        "attr_3": "Choose a value from the list.",
        "attr_4": "Choose values from the list.",
    }


def test_missing_required_value():
    _, errors = clean_attribute_values(DEFINITIONS, {})
    assert errors == {"attr_2": "This attribute is required."}


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("-3", "-3"), ("1,000", "1000"), ("0.0001", "0.0001"), ("100", "100")],
)
def test_number_values(raw, stored):
    values, errors = clean_attribute_values(DEFINITIONS, {"2": raw})
    assert (values["2"], errors) == (stored, {})

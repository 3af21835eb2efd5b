"""starts_with: a prefix test that treats LIKE's and GLOB's wildcards in the
prefix literally, on both databases, call after call (compiled statements are
cached and reused with new values)."""

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import sqlite

from models import Contact
from services.prefix_match import starts_with
from tests.factories import force_columns, make_contact, make_customer

NAMES = ("a*b", "a?b", "a[b", "a_b", "a%b", "a/b", "axb", "ab")


@pytest.fixture
def contacts(org):
    rep = org.actor("rep_a1")
    acme = make_customer(org.session, rep, "Acme")
    for name in NAMES:  # set as is: normalizing would drop the punctuation
        contact = make_contact(org.session, rep, acme, "Ann")
        force_columns(org.session, contact, name_normalized=name)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("a*", ["a*b"]),
        ("a?", ["a?b"]),
        ("a[", ["a[b"]),
        ("a_", ["a_b"]),
        ("a%", ["a%b"]),
        ("a/", ["a/b"]),
        ("ax", ["axb"]),
        ("a", sorted(NAMES)),
        ("b", []),
    ],
)
def test_only_names_with_the_prefix_match(org, contacts, prefix, expected):
    found = org.session.scalars(
        select(Contact.name_normalized).where(
            starts_with(Contact.name_normalized, prefix)
        )
    ).all()

    assert sorted(found) == expected


def test_sqlite_gets_the_bare_glob_its_index_serves():
    # "… GLOB ? = 1" (how SQLAlchemy writes a boolean function on SQLite) is
    # never served by an index: a search read every phone.
    query = select(Contact.id).where(starts_with(Contact.name_normalized, "138"))

    sql = str(query.compile(dialect=sqlite.dialect()))

    assert sql.endswith("WHERE contacts.name_normalized GLOB ?")

"""has_substring: every term finds exactly the customers whose normalized name
contains it, on both databases; on SQLite a term of three or more characters
reads the FTS5 trigram table, which triggers keep through renames and deletes."""

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import aliased

from models import CUSTOMER_NAME_INDEX, Customer
from services.normalize import normalize_name
from services.substring_match import has_substring
from tests.factories import make_customer

NAMES = (
    "华为技术有限公司",
    "华为",
    "深圳华为终端",
    "ABC 公司",
    "小米科技",
    "xabcx",
    "138 1234",
)


@pytest.fixture
def customers(org):
    rep = org.actor("rep_a1")
    return {name: make_customer(org.session, rep, name).id for name in NAMES}


def _found(session, term, customer=Customer) -> list[str]:
    return sorted(
        session.scalars(
            select(customer.name).where(
                has_substring(customer.name_normalized, normalize_name(term))
            )
        )
    )


@pytest.mark.parametrize(
    "term",
    ["华为", "华为技术", "为终端", "abc", "A B C", "ab", "1381", "nothing", "科"],
)
def test_finds_every_name_containing_the_term(org, customers, term):
    expected = sorted(n for n in NAMES if normalize_name(term) in normalize_name(n))

    assert _found(org.session, term) == expected
    assert _found(org.session, term, aliased(Customer)) == expected


def test_renamed_and_deleted_customers_follow_their_names(org, customers):
    session = org.session
    session.execute(
        update(Customer)
        .where(Customer.id == customers["小米科技"])
        .values(name="红米科技", name_normalized="红米科技")
    )
    session.execute(delete(Customer).where(Customer.id == customers["xabcx"]))

    assert _found(session, "小米科技") == []
    assert _found(session, "红米科技") == ["红米科技"]
    assert _found(session, "abc") == ["ABC 公司"]


def test_sqlite_reads_the_trigram_table_for_three_characters_or_more():
    def sql(term: str) -> str:
        clause = has_substring(Customer.name_normalized, term)
        return str(select(Customer.id).where(clause).compile(dialect=sqlite.dialect()))

    assert CUSTOMER_NAME_INDEX.table in sql("华为技")
    assert not sql("华为技").endswith("= 1")  # a bare condition, as the index needs
    assert CUSTOMER_NAME_INDEX.table not in sql("华为")
    assert CUSTOMER_NAME_INDEX.table not in sql("a%b")

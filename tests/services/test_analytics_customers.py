"""Customer analytics: customers by source, industry, level, region and stage
(new in the period or all current ones), customers without follow-up for N days
per owner, and the customers behind every number. Expected numbers are worked
out here in plain Python from the customers the tests create."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from services.analytics import customers as analytics
from services.analytics.performance_report import resolve_subject
from services.analytics.periods import Period, month_period
from services.analytics.report import DRILL_KEY, TOTAL_KEY, ReportFilters
from services.errors import NotFound
from services.recycle_bin import delete_customers
from services.tally_clock import align_tally_clock
from tests.factories import force_columns, make_customer, make_pool_customer

ZONE = "Asia/Shanghai"
TODAY = dt.date(2026, 4, 15)
MARCH = month_period(2026, 3)
D = Decimal
FIELDS = ("source", "industry", "level", "province", "stage")


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def local_day(moment: dt.datetime) -> dt.date:
    return moment.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(ZONE)).date()


class Book:
    """Customers created by the test with chosen fields and times, and what the
    page should count, worked out from them."""

    def __init__(self, org) -> None:
        self.org = org
        self.made: list[dict] = []
        self.clock = "UTC"  # the tally clock's zone

    def customer(
        self,
        owner: str,
        created: str,
        *,
        last_followup: str | None = None,
        **fields,
    ):
        name = f"Customer {len(self.made) + 1}"
        fields.setdefault("stage", "potential")
        made = make_customer(self.org.session, self.org.actor(owner), name, **fields)
        values = {"created_at": utc(created)}
        if last_followup:
            values["last_followup_at"] = utc(last_followup)
        force_columns(self.org.session, made, **values)
        self.made.append(
            {
                "id": made.id,
                "owner": owner,
                "created": utc(created),
                "last_followup": utc(last_followup) if last_followup else None,
                **{field: fields.get(field) for field in FIELDS},
            }
        )
        return made

    def counted(self, owners, period: Period | None) -> list[dict]:
        return [
            c
            for c in self.made
            if c["owner"] in owners
            and (period is None or period.contains(local_day(c["created"])))
        ]

    def by(self, field: str, owners, period: Period | None) -> Counter:
        """Customers per value, keyed like the page's rows."""
        return Counter(
            analytics.NONE_KEY if c[field] is None else c[field]
            for c in self.counted(owners, period)
        )

    def idle(self, owners, days: int, *, never: bool = False) -> Counter:
        found = Counter()
        for c in self.counted(owners, None):
            touched = local_day(c["last_followup"] or c["created"])
            if (TODAY - touched).days >= days and (
                not never or c["last_followup"] is None
            ):
                found[c["owner"]] += 1
        return found


@pytest.fixture(params=["utc clock", "zone clock"])
def book(org, request):
    """On a UTC tally clock a local month is no whole row of the rollup
    (models/customer_field_tally.py), so the counts come from the customers;
    on the zone's clock from the rollup."""
    made = Book(org)
    made.clock = ZONE if request.param == "zone clock" else "UTC"
    align_tally_clock(org.session.connection(), made.clock)
    return made


def filters_for(org, who: str, period: Period = MARCH, **options) -> ReportFilters:
    subject = resolve_subject(org.session, org.actor(who), team_id=None, user_id=None)
    return ReportFilters(period, subject, TODAY, ZONE, options)


def load(org, who: str, section: str, *, language: str = "en", **options):
    return (
        analytics.REPORT.section(section)
        .load(
            org.session,
            org.actor(who, language=language),
            filters_for(org, who, **options),
        )
        .rows
    )


def counts(rows) -> dict[str, int]:
    return {row[DRILL_KEY]: row["customers"] for row in rows}


TEAM_A = ("leader_a", "rep_a1", "rep_a2")


def march_customers(book: Book) -> None:
    c = book.customer
    c(
        "rep_a1",
        "2026-03-02 02:00",
        source="web",
        industry="it",
        level="A",
        province="广东省",
        stage="intention",
    )
    c("rep_a1", "2026-03-31 15:59", source="web", level="B", province="浙江省")
    # April in Shanghai.
    c("rep_a1", "2026-03-31 16:00", source="referral", level="A")
    # February in Shanghai (2026-03-01 07:59 local is still March: not this one).
    c("rep_a2", "2026-02-28 15:59", source="expo", level="C")
    c(
        "rep_a2",
        "2026-03-15 02:00",
        source="expo",
        industry="manufacturing",
        level="A",
        province="广东省",
        stage="cooperating",
    )
    c("leader_a", "2026-03-20 02:00")
    c("rep_b1", "2026-03-05 02:00", source="web", level="A")


def test_new_customers_of_the_period_by_each_field(org, book):
    march_customers(book)

    for section, field in zip(
        ("source", "industry", "level", "region", "stage"), FIELDS, strict=True
    ):
        rows = load(org, "leader_a", section)
        expected = book.by(field, TEAM_A, MARCH)
        assert counts(rows) == dict(expected), section
        whole = sum(expected.values())
        assert all(row["share"] == D(row["customers"]) / whole for row in rows)


def test_rows_follow_the_dictionary_order_and_labels_with_not_set_last(org, book):
    march_customers(book)

    sources = load(org, "leader_a", "source")
    levels = load(org, "leader_a", "level", language="zh_CN")
    regions = load(org, "leader_a", "region")
    regions_zh = load(org, "leader_a", "region", language="zh_CN")
    stages = load(org, "leader_a", "stage")

    assert [row["value"] for row in sources] == ["Website", "Trade show", "Not set"]
    assert [row["value"] for row in levels] == ["A", "B", "Not set"]
    assert [row["value"] for row in regions] == ["Guangdong", "Zhejiang", "Not set"]
    assert [row["value"] for row in regions_zh][:2] == ["广东省", "浙江省"]
    assert [row[DRILL_KEY] for row in stages] == [
        "potential",
        "intention",
        "cooperating",
    ]
    assert stages[0]["value"] == "Potential"


def test_dictionary_labels_follow_the_viewer_language(org, book):
    march_customers(book)

    rows = load(org, "leader_a", "source", language="zh_CN")

    assert rows[0]["value"] == "官网"


def test_all_current_customers_ignore_the_period(org, book):
    march_customers(book)

    rows = load(org, "leader_a", "level", basis="all")

    assert counts(rows) == dict(book.by("level", TEAM_A, None))
    assert counts(rows)["A"] == 3


def test_whole_months_on_the_zone_clock_read_only_the_rollup(org, book):
    march_customers(book)
    statements: list[str] = []
    engine = org.session.get_bind()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        rows = load(org, "admin", "region")
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert counts(rows) == dict(book.by("province", {*TEAM_A, "rep_b1"}, MARCH))
    read_customers = any("FROM customers" in s for s in statements)
    assert read_customers == (book.clock == "UTC")
    assert any("FROM customer_field_tallies" in s for s in statements) != (
        book.clock == "UTC"
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2026, 2, 20), dt.date(2026, 3, 31)),  # part of February, March
        (dt.date(2026, 2, 28), dt.date(2026, 4, 1)),  # a day either side
        (dt.date(2026, 3, 2), dt.date(2026, 3, 20)),  # within March
    ],
)
def test_parts_of_months_count_their_customers(org, book, start, end):
    march_customers(book)
    period = Period(start, end)
    for who, owners in (("admin", {*TEAM_A, "rep_b1"}), ("leader_a", set(TEAM_A))):
        actor = org.actor(who)
        for dimension in analytics.DIMENSIONS:
            found = dimension.load(org.session, actor, filters_for(org, who, period))
            field = dimension.column.key
            assert counts(found.rows) == dict(book.by(field, owners, period)), (
                who,
                field,
            )


def test_pool_and_recycle_bin_customers_do_not_count(org, book):
    book.customer("rep_a1", "2026-03-02 02:00", level="A")
    gone = make_customer(org.session, org.actor("rep_a1"), "Gone", level="A")
    force_columns(org.session, gone, created_at=utc("2026-03-03 02:00"))
    delete_customers(org.session, org.actor("rep_a1"), [gone.id])
    pooled = make_pool_customer(org, "rep_a1", "Pooled", level="A")
    force_columns(org.session, pooled, created_at=utc("2026-03-03 02:00"))

    rows = load(org, "admin", "level")

    assert counts(rows) == {"A": 1}


@pytest.mark.parametrize(
    ("who", "owners"),
    [
        ("rep_a1", {"rep_a1"}),
        ("rep_b1", {"rep_b1"}),
        ("leader_a", set(TEAM_A)),
        ("admin", {*TEAM_A, "rep_b1"}),
    ],
)
def test_each_viewer_counts_only_their_scope(org, book, who, owners):
    march_customers(book)

    rows = load(org, who, "stage")

    assert sum(row["customers"] for row in rows) == len(book.counted(owners, MARCH))


def test_an_empty_period_has_no_rows(org, book):
    march_customers(book)

    for section in ("source", "industry", "level", "region", "stage"):
        assert (
            analytics.REPORT.section(section)
            .load(
                org.session,
                org.actor("leader_a"),
                filters_for(org, "leader_a", month_period(2025, 1)),
            )
            .rows
            == []
        )


def test_a_value_cell_drills_into_its_customers(org, book):
    march_customers(book)
    filters = filters_for(org, "leader_a")
    actor = org.actor("leader_a")
    drill = analytics.REPORT.section("source").drill

    web = drill(org.session, actor, filters, "web", "customers", 1, 20)
    unset = drill(org.session, actor, filters, analytics.NONE_KEY, "customers", 1, 20)

    assert web.total == 2 and web.title == "Website"
    assert {row["open"] for row in web.rows} == {
        ("customer", c["id"])
        for c in book.counted(TEAM_A, MARCH)
        if c["source"] == "web"
    }
    assert unset.total == 1
    assert unset.rows[0]["created"] == dt.date(2026, 3, 20)


# --- without follow-up ----------------------------------------------------------


def idle_customers(book: Book) -> None:
    c = book.customer
    # 30 days before 2026-04-15 is 2026-03-16 (local): idle from then back.
    c("rep_a1", "2026-01-05 02:00", last_followup="2026-03-16 15:59")  # idle
    c("rep_a1", "2026-01-05 02:00", last_followup="2026-03-16 16:00")  # 17th
    c("rep_a1", "2026-03-10 02:00")  # never, created long enough ago
    c("rep_a1", "2026-04-10 02:00")  # never, but new
    c("rep_a2", "2025-11-01 02:00", last_followup="2025-12-01 02:00")  # idle
    c("rep_a2", "2026-04-01 02:00", last_followup="2026-04-14 02:00")
    c("rep_b1", "2025-11-01 02:00")  # never, another team


@pytest.mark.parametrize("days", [7, 30, 90])
def test_idle_customers_per_owner(org, book, days):
    idle_customers(book)

    rows = load(org, "leader_a", "idle", idle_days=str(days))

    expected_idle = book.idle(TEAM_A, days)
    expected_never = book.idle(TEAM_A, days, never=True)
    by_owner = {row[DRILL_KEY]: row for row in rows}
    for owner in ("rep_a1", "rep_a2"):
        row = by_owner[str(org.ids[owner])]
        total = len(book.counted({owner}, None))
        assert row["customers"] == total
        assert (row["idle"], row["never"]) == (
            expected_idle[owner],
            expected_never[owner],
        )
        assert row["share"] == D(expected_idle[owner]) / total
    total = by_owner[TOTAL_KEY]
    assert total["idle"] == sum(expected_idle.values())
    assert str(org.ids["rep_b1"]) not in by_owner


def test_idle_counts_the_local_day_of_the_last_follow_up(org, book):
    idle_customers(book)

    rows = {row[DRILL_KEY]: row for row in load(org, "rep_a1", "idle")}

    # The 15:59 UTC follow-up is on the 16th locally (idle), 16:00 UTC is the 17th.
    assert (rows[str(org.ids["rep_a1"])]["idle"], rows[TOTAL_KEY]["never"]) == (2, 1)


def test_idle_ignores_the_period_and_basis(org, book):
    idle_customers(book)
    filters = filters_for(org, "leader_a", month_period(2020, 1), idle_days="30")

    table = analytics.idle_table(org.session, org.actor("leader_a"), filters)

    assert table.rows[-1]["idle"] == sum(book.idle(TEAM_A, 30).values()) == 3


def test_an_idle_cell_drills_into_the_longest_forgotten_first(org, book):
    idle_customers(book)
    filters = filters_for(org, "leader_a", idle_days="30")
    actor = org.actor("leader_a")

    page = analytics.idle_drill(
        org.session, actor, filters, str(org.ids["rep_a1"]), "idle", 1, 20
    )
    never = analytics.idle_drill(org.session, actor, filters, TOTAL_KEY, "never", 1, 20)

    assert page.total == 2 and page.title == "Rep A1"
    assert [row["idle_days"] for row in page.rows] == [36, 30]
    assert page.rows[1]["last_followup"] == dt.date(2026, 3, 16)
    assert never.total == 1 and never.rows[0]["last_followup"] is None


@pytest.mark.parametrize(
    ("section", "row_key", "column"),
    [
        ("source", "nope", "customers"),
        ("source", "web", "share"),
        ("region", "火星省", "customers"),
        ("stage", "won", "customers"),
        ("idle", "{rep_b1}", "idle"),  # another team's member
        ("idle", "abc", "idle"),
        ("idle", TOTAL_KEY, "customers"),
    ],
)
def test_unknown_or_foreign_drill_keys_do_not_exist(org, section, row_key, column):
    drill = analytics.REPORT.section(section).drill

    with pytest.raises(NotFound):
        drill(
            org.session,
            org.actor("leader_a"),
            filters_for(org, "leader_a"),
            row_key.format(rep_b1=org.ids["rep_b1"]),
            column,
            1,
            20,
        )


@pytest.mark.parametrize("row_key", ["abc", "", "999999"])
def test_an_owner_key_must_name_a_user_even_for_an_all_scope_viewer(org, row_key):
    with pytest.raises(NotFound):
        analytics.idle_drill(
            org.session,
            org.actor("admin"),
            filters_for(org, "admin"),
            row_key,
            "idle",
            1,
            20,
        )


def test_options_fall_back_to_their_defaults():
    assert analytics.BASIS.clean("everything") == "created"
    assert analytics.IDLE_DAYS.clean("1000") == "30"


created_times = st.datetimes(
    min_value=dt.datetime(2026, 2, 20), max_value=dt.datetime(2026, 4, 10)
)
customers = st.lists(
    st.fixed_dictionaries(
        {
            "owner": st.sampled_from(("rep_a1", "rep_a2", "rep_b1")),
            "created": created_times,
            "followed": st.one_of(st.none(), created_times),
            "source": st.sampled_from((None, "web", "expo", "referral")),
            "level": st.sampled_from((None, "A", "B")),
            "province": st.sampled_from((None, "广东省", "江苏省")),
            "stage": st.sampled_from(("potential", "intention", "dormant")),
        }
    ),
    max_size=8,
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(customers=customers)
def test_every_drill_total_equals_its_cell(org, customers):
    """Random customers: every value and idle cell equals its drill-down."""
    session = org.session
    savepoint = session.begin_nested()
    try:
        book = Book(org)
        for c in customers:
            followed = c["followed"]
            book.customer(
                c["owner"],
                c["created"].isoformat(" "),
                last_followup=followed.isoformat(" ") if followed else None,
                source=c["source"],
                level=c["level"],
                province=c["province"],
                stage=c["stage"],
            )
        actor = org.actor("leader_a")
        filters = filters_for(org, "leader_a", idle_days="15")
        for section, field in (
            ("source", "source"),
            ("level", "level"),
            ("region", "province"),
            ("stage", "stage"),
        ):
            table = analytics.REPORT.section(section).load(session, actor, filters)
            expected = book.by(field, TEAM_A, MARCH)
            assert sum(counts(table.rows).values()) == sum(expected.values())
            for row in table.rows:
                page = analytics.REPORT.section(section).drill(
                    session, actor, filters, row[DRILL_KEY], "customers", 1, 200
                )
                assert page.total == len(page.rows) == row["customers"]
        idle = analytics.idle_table(session, actor, filters)
        assert sum(r["idle"] for r in idle.rows[:-1]) == sum(
            book.idle(TEAM_A, 15).values()
        )
        for row in idle.rows:
            for column in ("idle", "never"):
                page = analytics.idle_drill(
                    session, actor, filters, row[DRILL_KEY], column, 1, 200
                )
                assert page.total == len(page.rows) == row[column]
    finally:
        savepoint.rollback()
        session.expire_all()

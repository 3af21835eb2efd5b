"""Work statistics: each member's follow-ups by type, new records, conversions,
contracts and payments in the period, against numbers worked out in plain
Python over the rows each test writes, and the records behind every number."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from models import (
    Contact,
    Customer,
    DictionaryEntry,
    FollowUp,
    Lead,
    Opportunity,
    OpportunityStage,
    User,
)
from services.analytics.performance_report import resolve_subject
from services.analytics.periods import Period, month_period
from services.analytics.report import DRILL_KEY, ReportFilters
from services.analytics.work_statistics import REPORT, activity_buckets
from services.errors import NotFound
from services.normalize import normalize_name
from tests.services.test_analytics_performance import Deals

D = Decimal
UTC = dt.UTC
SHANGHAI = "Asia/Shanghai"
# Long before any period a test looks at: rows a test needs but does not count.
LONG_AGO = dt.datetime(2001, 1, 1)
MARCH = month_period(2026, 3)


@dataclass(frozen=True)
class Done:
    """One counted record: the metric it counts for, whom, when (naive UTC)."""

    metric: str
    user_id: int
    at: dt.datetime
    record_id: int
    followup_type: str | None = None


class Work:
    """Activity rows written directly with chosen times and authors (these tests
    are about the metric definitions, not the forms), and a ledger of those
    that should count."""

    def __init__(self, org):
        self.org = org
        self.session = org.session
        self.ledger: list[Done] = []
        self.hub = self._customer("admin", LONG_AGO, "Hub Co")
        stages = self.session.scalars(select(OpportunityStage)).all()
        self.open_stage = next(s for s in stages if s.outcome == "open")
        self.won_stage = next(s for s in stages if s.outcome == "won")

    def _add(self, row):
        self.session.add(row)
        self.session.flush()
        return row

    def _note(self, metric, who, at, row, followup_type=None):
        self.ledger.append(Done(metric, self.org.ids[who], at, row.id, followup_type))
        return row

    def _customer(self, who, at, name, **fields):
        uid = self.org.ids[who]
        return self._add(
            Customer(
                name=name,
                name_normalized=normalize_name(name),
                owner_id=uid,
                created_by_id=uid,
                created_at=at,
                **fields,
            )
        )

    def customer(self, who, at, *, deleted=False):
        row = self._customer(
            who, at, f"Customer {len(self.ledger)}", deleted_at=at if deleted else None
        )
        return row if deleted else self._note("new_customers", who, at, row)

    def contact(self, who, at, customer=None):
        customer = customer or self.hub
        row = self._add(
            Contact(
                customer_id=customer.id,
                name=f"Contact {len(self.ledger)}",
                name_normalized=f"contact{len(self.ledger)}",
                created_by_id=self.org.ids[who],
                created_at=at,
            )
        )
        return row if customer.deleted_at else self._note("new_contacts", who, at, row)

    def lead(self, who, at, *, deleted=False):
        row = self._add(
            Lead(
                name=f"Lead {len(self.ledger)}",
                name_normalized=f"lead{len(self.ledger)}",
                company="Prospect Ltd",
                owner_id=self.org.ids[who],
                created_by_id=self.org.ids[who],
                created_at=at,
                deleted_at=at if deleted else None,
            )
        )
        return row if deleted else self._note("new_leads", who, at, row)

    def conversion(self, who, at):
        """A lead the admin created long ago that `who` converts at `at`."""
        row = self._add(
            Lead(
                name=f"Lead {len(self.ledger)}",
                name_normalized=f"lead{len(self.ledger)}",
                status="converted",
                created_by_id=self.org.ids["admin"],
                created_at=LONG_AGO,
                converted_customer_id=self.hub.id,
                converted_by_id=self.org.ids[who],
                converted_at=at,
            )
        )
        return self._note("leads_converted", who, at, row)

    def _opportunity(self, owner, creator, created_at, customer, **fields):
        return self._add(
            Opportunity(
                customer_id=customer.id,
                name=f"Deal {len(self.ledger)}",
                name_normalized=f"deal{len(self.ledger)}",
                amount=D("1000.00"),
                owner_id=self.org.ids[owner],
                created_by_id=self.org.ids[creator],
                created_at=created_at,
                **({"stage_id": self.open_stage.id} | fields),
            )
        )

    def opportunity(self, who, at, customer=None):
        customer = customer or self.hub
        row = self._opportunity(who, who, at, customer)
        if customer.deleted_at:
            return row
        return self._note("new_opportunities", who, at, row)

    def won(self, who, at, *, status="won"):
        """An opportunity the admin created long ago, owned by `who` and closed at
        `at` (won unless `status` says otherwise)."""
        row = self._opportunity(
            who,
            "admin",
            LONG_AGO,
            self.hub,
            status=status,
            stage_id=self.won_stage.id if status == "won" else self.open_stage.id,
            closed_at=at if status == "won" else None,
        )
        return self._note("won_opportunities", who, at, row) if status == "won" else row

    def followup(self, who, at, followup_type="call", *, lead=None):
        row = self._add(
            FollowUp(
                customer_id=None if lead else self.hub.id,
                lead_id=lead.id if lead else None,
                followup_type=followup_type,
                content="Talked",
                occurred_at=at,
                author_id=self.org.ids[who],
            )
        )
        return self._note("followups", who, at, row, followup_type)

    def expected(self, metric, period, zone=SHANGHAI, *, followup_type=None):
        """{user id: [record ids]} of the ledger's records in the period."""
        found: dict[int, list[int]] = {}
        for done in self.ledger:
            local = done.at.replace(tzinfo=UTC).astimezone(ZoneInfo(zone)).date()
            if (
                done.metric == metric
                and period.contains(local)
                and followup_type in (None, done.followup_type)
            ):
                found.setdefault(done.user_id, []).append(done.record_id)
        return found


@pytest.fixture
def work(org):
    return Work(org)


def report_filters(org, viewer, period, *, zone=SHANGHAI, team=None, user=None):
    subject = resolve_subject(
        org.session,
        org.actor(viewer),
        team_id=team.id if team is not None else None,
        user_id=org.ids[user] if user else None,
    )
    return ReportFilters(period, subject, period.end, zone, {})


def load(org, viewer, section, filters):
    return REPORT.section(section).load(org.session, org.actor(viewer), filters)


def drill(org, viewer, section, filters, row, column, page_size=200):
    return REPORT.section(section).drill(
        org.session, org.actor(viewer), filters, row, column, 1, page_size
    )


def by_name(table):
    return {row["name"]: row for row in table.rows}


def at(day: str, time: str = "10:00") -> dt.datetime:
    """A naive UTC timestamp."""
    return dt.datetime.fromisoformat(f"{day} {time}")


NUMBERS = (
    "followups",
    "new_customers",
    "new_contacts",
    "new_leads",
    "leads_converted",
    "new_opportunities",
    "contracts",
    "contract_amount",
    "payments",
    "payment_amount",
)


def numbers(row):
    return tuple(row[key] for key in NUMBERS)


def type_labels(org):
    """{column key: English label} of every follow-up type, in dictionary order."""
    entries = org.session.execute(
        select(DictionaryEntry.code, DictionaryEntry.label_en)
        .where(DictionaryEntry.kind == "followup_type")
        .order_by(DictionaryEntry.sort_order, DictionaryEntry.id)
    ).all()
    return {f"followups_{code}": label for code, label in entries}


def test_each_member_row_holds_their_work_of_the_period(org, work):
    deals = Deals(org)
    work.followup("rep_a1", at("2026-03-02"), "call")
    work.followup("rep_a1", at("2026-03-03"), "call")
    work.followup("rep_a1", at("2026-03-04"), "visit")
    work.followup(
        "rep_a1", at("2026-03-05"), "email", lead=work.lead("rep_a1", at("2026-03-05"))
    )
    work.followup("rep_a1", at("2026-04-05"), "call")  # April
    customer = work.customer("rep_a1", at("2026-03-10"))
    work.contact("rep_a1", at("2026-03-10"), customer)
    work.opportunity("rep_a1", at("2026-03-11"), customer)
    work.conversion("rep_a1", at("2026-03-12"))
    work.customer("leader_a", at("2026-03-20"))
    work.followup("rep_b1", at("2026-03-20"), "call")  # another team
    contract = deals.contract("rep_a1", "500.00", dt.date(2026, 3, 31))
    deals.contract("rep_a1", "70.00", dt.date(2026, 4, 1))
    deals.contract("rep_a1", "90.00", dt.date(2026, 3, 3), status="pending")
    deals.payment(contract, "120.50", dt.date(2026, 3, 31))
    deals.payment(contract, "30.00", dt.date(2026, 3, 1))

    table = load(org, "leader_a", "members", report_filters(org, "leader_a", MARCH))

    rows = by_name(table)
    assert set(rows) == {"Leader A", "Rep A1", "Rep A2"}
    rep = rows["Rep A1"]
    assert (rep["followups_call"], rep["followups_visit"], rep["followups_email"]) == (
        2,
        1,
        1,
    )
    assert numbers(rep) == (4, 1, 1, 1, 1, 1, 1, D("500.00"), 2, D("150.50"))
    assert numbers(rows["Leader A"]) == (0, 1, 0, 0, 0, 0, 0, D(0), 0, D(0))
    assert numbers(rows["Rep A2"]) == (0,) * 7 + (D(0), 0, D(0))
    assert rep["team"] == "Team A" and rep[DRILL_KEY] == str(org.ids["rep_a1"])
    types = type_labels(org)
    assert not any(rows["Rep A2"][key] for key in types)
    assert [(c.key, c.label) for c in table.columns] == [
        ("name", "Member"),
        ("team", "Team"),
        *types.items(),
        ("followups", "Follow-ups"),
        ("new_customers", "New customers"),
        ("new_contacts", "New contacts"),
        ("new_leads", "New leads"),
        ("leads_converted", "Leads converted"),
        ("new_opportunities", "New opportunities"),
        ("contracts", "Contracts"),
        ("contract_amount", "Contract amount"),
        ("payments", "Payments"),
        ("payment_amount", "Payment amount"),
    ]


def test_timestamps_fall_on_the_company_day(org, work):
    """23:59:59 local on 31 March is March; 00:00 local on 1 April is not."""
    work.followup("rep_a1", at("2026-03-31", "15:59:59"))  # 23:59:59 Shanghai
    work.followup("rep_a1", at("2026-03-31", "16:00"))  # 1 April 00:00 Shanghai
    work.followup("rep_a1", at("2026-02-28", "16:00"))  # 1 March 00:00 Shanghai
    work.customer("rep_a1", at("2025-12-31", "16:30"))  # 1 January 2026 Shanghai

    def count(period, zone=SHANGHAI, key="followups"):
        filters = report_filters(org, "rep_a1", period, zone=zone)
        return load(org, "rep_a1", "members", filters).rows[0][key]

    assert count(MARCH) == len(work.expected("followups", MARCH)[org.ids["rep_a1"]])
    assert count(MARCH) == 2
    assert count(month_period(2026, 4)) == 1
    assert count(MARCH, "UTC") == 2  # the 31st's two, not 1 March's
    assert count(month_period(2026, 1), key="new_customers") == 1
    assert count(month_period(2025, 12), key="new_customers") == 0
    assert count(month_period(2025, 12), "UTC", key="new_customers") == 1


def test_a_rep_sees_only_their_own_row(org, work):
    work.followup("rep_a1", at("2026-03-02"))
    work.followup("rep_a2", at("2026-03-02"))
    filters = report_filters(org, "rep_a1", MARCH)

    table = load(org, "rep_a1", "members", filters)

    assert [(row["name"], row["followups"]) for row in table.rows] == [("Rep A1", 1)]
    with pytest.raises(NotFound):
        drill(org, "rep_a1", "members", filters, str(org.ids["rep_a2"]), "followups")


def test_a_leader_sees_the_team_and_not_other_teams(org, work):
    work.followup("rep_a2", at("2026-03-02"))
    work.followup("rep_b1", at("2026-03-02"))
    filters = report_filters(org, "leader_a", MARCH)

    rows = by_name(load(org, "leader_a", "members", filters))

    assert set(rows) == {"Leader A", "Rep A1", "Rep A2"}
    assert rows["Rep A2"]["followups"] == 1
    with pytest.raises(NotFound):
        drill(org, "leader_a", "members", filters, str(org.ids["rep_b1"]), "followups")
    with pytest.raises(NotFound):
        report_filters(org, "leader_a", MARCH, team=org.team_b)


def test_an_admin_looks_at_another_team(org, work):
    work.followup("rep_b1", at("2026-03-02"), "visit")
    work.followup("rep_a1", at("2026-03-02"), "visit")

    rows = by_name(
        load(
            org,
            "admin",
            "members",
            report_filters(org, "admin", MARCH, team=org.team_b),
        )
    )

    assert {name: row["followups_visit"] for name, row in rows.items()} == {"Rep B1": 1}


def test_the_recycle_bin_and_deleted_leads_do_not_count(org, work):
    binned = work.customer("rep_a1", at("2026-03-02"), deleted=True)
    work.contact("rep_a1", at("2026-03-02"), binned)
    work.opportunity("rep_a1", at("2026-03-02"), binned)
    work.lead("rep_a1", at("2026-03-02"), deleted=True)
    work.customer("rep_a1", at("2026-03-03"))

    row = load(org, "rep_a1", "members", report_filters(org, "rep_a1", MARCH)).rows[0]

    assert (
        row["new_customers"],
        row["new_contacts"],
        row["new_opportunities"],
        row["new_leads"],
    ) == (1, 0, 0, 0)


def test_an_empty_period_lists_every_member_with_zeros(org, work):
    work.followup("rep_a1", at("2026-03-02"))

    table = load(
        org,
        "leader_a",
        "members",
        report_filters(org, "leader_a", month_period(2026, 5)),
    )

    assert sorted(row["name"] for row in table.rows) == ["Leader A", "Rep A1", "Rep A2"]
    assert all(not any(numbers(row)) for row in table.rows)


def test_a_disabled_member_shows_only_when_credited(org, work):
    org.session.get(User, org.ids["rep_a2"]).is_active = False
    org.session.flush()
    filters = report_filters(org, "leader_a", MARCH)

    assert "Rep A2" not in by_name(load(org, "leader_a", "members", filters))

    work.followup("rep_a2", at("2026-03-02"))

    assert (
        by_name(load(org, "leader_a", "members", filters))["Rep A2"]["followups"] == 1
    )


def test_a_moved_rep_keeps_deals_credited_to_the_old_team(org, work):
    """Contracts stay with the team at approval (SPEC §9); activity counts follow
    the members the team has now."""
    deals = Deals(org)
    deals.contract("rep_a1", "40.00", dt.date(2026, 3, 2))
    work.followup("rep_a1", at("2026-03-02"))
    org.move_user("rep_a1", org.team_b)

    team_a = by_name(
        load(
            org,
            "admin",
            "members",
            report_filters(org, "admin", MARCH, team=org.team_a),
        )
    )
    team_b = by_name(
        load(
            org,
            "admin",
            "members",
            report_filters(org, "admin", MARCH, team=org.team_b),
        )
    )

    assert (team_a["Rep A1"]["contract_amount"], team_a["Rep A1"]["followups"]) == (
        D("40.00"),
        0,
    )
    assert (team_b["Rep A1"]["contract_amount"], team_b["Rep A1"]["followups"]) == (
        D(0),
        1,
    )


def test_member_drill_lists_the_records_behind_each_number(org, work):
    deals = Deals(org)
    lead = work.lead("rep_a1", at("2026-03-05"))
    visit = work.followup("rep_a1", at("2026-03-04", "17:00"), "visit", lead=lead)
    work.followup("rep_a1", at("2026-03-06"), "call")
    customer = work.customer("rep_a1", at("2026-03-10"))
    contact = work.contact("rep_a1", at("2026-03-10"), customer)
    opportunity = work.opportunity("rep_a1", at("2026-03-11"), customer)
    contract = deals.contract("rep_a1", "500.00", dt.date(2026, 3, 31))
    payment = deals.payment(contract, "120.50", dt.date(2026, 3, 30))
    filters = report_filters(org, "leader_a", MARCH)
    row = str(org.ids["rep_a1"])

    visits = drill(org, "leader_a", "members", filters, row, "followups_visit")
    contacts = drill(org, "leader_a", "members", filters, row, "new_contacts")
    opportunities = drill(org, "leader_a", "members", filters, row, "new_opportunities")
    amounts = drill(org, "leader_a", "members", filters, row, "contract_amount")
    contracts = drill(org, "leader_a", "members", filters, row, "contracts")
    payments = drill(org, "leader_a", "members", filters, row, "payment_amount")

    assert visits.title == "Rep A1"
    assert (visits.total, visits.rows[0]["id"]) == (1, visit.id)
    assert visits.rows[0]["day"] == dt.date(2026, 3, 5)  # 01:00 in Shanghai
    assert (visits.rows[0]["type"], visits.rows[0]["about"]) == ("Visit", lead.name)
    assert visits.rows[0]["open"] == ("lead", lead.id)
    assert contacts.rows[0]["open"] == ("contact", contact.id)
    assert contacts.rows[0]["customer"] == customer.name
    assert opportunities.rows[0]["open"] == ("opportunity", opportunity.id)
    assert opportunities.rows[0]["amount"] == D("1000.00")
    assert (amounts.total, amounts.amount) == (1, D("500.00"))
    assert amounts.rows[0]["open"] == ("contract", contract.id)
    assert (contracts.total, contracts.amount) == (1, None)
    assert (payments.amount, payments.rows[0]["open"]) == (
        D("120.50"),
        ("payment", payment.id),
    )


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("rep_a1", "name"),
        ("rep_a1", "bananas"),
        ("rep_a1", "followups_bananas"),
        ("rep_a1", "won_opportunities"),
        ("not-a-number", "followups"),
        ("999999", "followups"),
    ],
)
def test_drilling_an_unknown_cell_is_not_found(org, row, column):
    filters = report_filters(org, "admin", MARCH)
    key = str(org.ids.get(row, row))

    with pytest.raises(NotFound):
        drill(org, "admin", "members", filters, key, column)


def test_followups_by_type_come_busiest_first(org, work):
    work.followup("rep_a2", at("2026-03-02"), "visit")
    work.followup("rep_a2", at("2026-03-03"), "visit")
    work.followup("rep_a2", at("2026-03-03"), "sms")
    work.followup("rep_a1", at("2026-03-04"), "call")
    filters = report_filters(org, "leader_a", MARCH)

    table = load(org, "leader_a", "followups", filters)

    assert [
        (row["name"], row["followups_visit"], row["followups_sms"], row["followups"])
        for row in table.rows
    ] == [("Rep A2", 2, 1, 3), ("Rep A1", 0, 0, 1), ("Leader A", 0, 0, 0)]
    page = drill(
        org, "leader_a", "followups", filters, str(org.ids["rep_a2"]), "followups_sms"
    )
    assert page.total == 1
    with pytest.raises(NotFound):
        drill(
            org, "leader_a", "followups", filters, str(org.ids["rep_a2"]), "new_leads"
        )


@pytest.mark.parametrize(
    ("start", "end", "kind", "count", "second"),
    [
        ("2026-03-01", "2026-03-31", "day", 31, "2026-03-02"),
        ("2026-01-01", "2026-03-31", "week", 14, "2026-01-05"),  # Thursday first
        ("2025-01-15", "2026-12-31", "month", 24, "2025-02-01"),
    ],
)
def test_activity_buckets_cover_the_period(start, end, kind, count, second):
    period = Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end))

    buckets = activity_buckets(period)

    assert {bucket.kind for bucket in buckets} == {kind}
    assert len(buckets) == count
    assert (buckets[0].start, buckets[1].start) == (
        period.start,
        dt.date.fromisoformat(second),
    )
    assert buckets[-1].end == period.end
    assert sum(bucket.days for bucket in buckets) == period.days


def test_activity_counts_per_day_across_a_daylight_saving_change(org, work):
    """Berlin moves to summer time on 29 March 2026: its days end at 23:00 UTC
    before the change and at 22:00 UTC after it."""
    zone = "Europe/Berlin"
    work.followup("rep_a1", at("2026-03-28", "23:30"))  # 29 March 00:30 CET
    work.followup("rep_a1", at("2026-03-29", "21:59"))  # 29 March 23:59 CEST
    work.followup("rep_a1", at("2026-03-29", "22:30"))  # 30 March 00:30 CEST
    work.customer("rep_a1", at("2026-03-27", "22:59"))  # 27 March 23:59 CET
    filters = report_filters(org, "rep_a1", MARCH, zone=zone)

    rows = {row["day"]: row for row in load(org, "rep_a1", "activity", filters).rows}

    for day in (27, 28, 29, 30):
        expected = {
            key: sum(
                len(ids)
                for ids in work.expected(
                    key, Period(dt.date(2026, 3, day), dt.date(2026, 3, day)), zone
                ).values()
            )
            for key in ("followups", "new_customers")
        }
        row = rows[dt.date(2026, 3, day)]
        assert (row["followups"], row["new_customers"]) == (
            expected["followups"],
            expected["new_customers"],
        )
    assert [rows[dt.date(2026, 3, day)]["followups"] for day in (28, 29, 30)] == [
        0,
        2,
        1,
    ]
    page = drill(org, "rep_a1", "activity", filters, "2026-03-29", "followups")
    assert (page.total, page.title) == (2, "2026-03-29")


def test_activity_weeks_add_up_and_drill(org, work):
    work.followup("rep_a1", at("2026-01-01"))
    work.followup("rep_a2", at("2026-01-04", "15:59"))  # Sunday 23:59 Shanghai
    work.followup("rep_a2", at("2026-01-04", "16:00"))  # Monday 00:00 Shanghai
    work.opportunity("rep_a1", at("2026-02-11"))
    quarter = Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31), "quarter")
    filters = report_filters(org, "leader_a", quarter)

    table = load(org, "leader_a", "activity", filters)

    first, second = table.rows[0], table.rows[1]
    assert (first["day"], first["followups"]) == (dt.date(2026, 1, 1), 2)
    assert (second["day"], second["followups"]) == (dt.date(2026, 1, 5), 1)
    assert sum(row["new_opportunities"] for row in table.rows) == 1
    page = drill(org, "leader_a", "activity", filters, "2026-01-01", "followups")
    assert (page.total, page.title) == (2, "2026-01-01 – 2026-01-04")
    with pytest.raises(NotFound):
        drill(org, "leader_a", "activity", filters, "2026-01-02", "followups")
    with pytest.raises(NotFound):
        drill(org, "leader_a", "activity", filters, "2026-01-01", "contracts")


# Follow-ups are the bulk of the work: drawn three times as often.
KINDS = ("followup",) * 3 + ("customer", "contact", "lead", "conversion", "opportunity")
MEMBERS = ("rep_a1", "rep_a2", "leader_a", "rep_b1")
FIRST, DAYS = dt.datetime(2026, 2, 27), 34  # a few days either side of March


def random_work(org, rng, size):
    """`size` random records and up to 8 contracts (some paid) around March."""
    work, deals = Work(org), Deals(org)
    for _ in range(size):
        moment = FIRST + dt.timedelta(minutes=rng.randrange(DAYS * 24 * 60))
        kind, who = rng.choice(KINDS), rng.choice(MEMBERS)
        if kind == "followup":
            work.followup(who, moment, rng.choice(("call", "visit", "email", "sms")))
        else:
            getattr(work, kind)(who, moment)
    for _ in range(rng.randrange(9)):
        signed = dt.date(2026, 3, 1) + dt.timedelta(days=rng.randint(-3, 33))
        amount = f"{rng.randint(1, 99999)}.{rng.randint(0, 99):02d}"
        contract = deals.contract(rng.choice(MEMBERS), amount, signed)
        if rng.random() < 0.5:
            deals.payment(contract, "1.00", signed)
    return work


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32 - 1), size=st.integers(0, 40))
def test_every_drill_total_equals_the_cell_clicked(org, seed, size):
    savepoint = org.session.begin_nested()
    try:
        work = random_work(org, random.Random(seed), size)
        filters = report_filters(org, "leader_a", MARCH)
        table = load(org, "leader_a", "members", filters)
        for row in table.rows:
            for column in table.columns:
                if not column.drillable or not row[column.key]:
                    continue
                page = drill(
                    org, "leader_a", "members", filters, row[DRILL_KEY], column.key
                )
                if column.kind == "money":
                    assert page.amount == row[column.key]
                    assert sum(r["amount"] for r in page.rows) == row[column.key]
                else:
                    assert page.total == len(page.rows) == row[column.key]
                if column.key.startswith("followups") or column.key.startswith("new_"):
                    metric, kind = (
                        ("followups", column.key.removeprefix("followups_"))
                        if column.key.startswith("followups_")
                        else (column.key, None)
                    )
                    expected = work.expected(metric, MARCH, followup_type=kind)
                    assert sorted(r["id"] for r in page.rows) == sorted(
                        expected[int(row[DRILL_KEY])]
                    )
        for row in load(org, "leader_a", "activity", filters).rows:
            for key in ("followups", "new_customers", "new_leads"):
                if row[key]:
                    page = drill(
                        org, "leader_a", "activity", filters, row[DRILL_KEY], key
                    )
                    assert page.total == row[key]
        team = {org.ids[name] for name in ("rep_a1", "rep_a2", "leader_a")}
        expected_followups = sum(
            len(ids)
            for uid, ids in work.expected("followups", MARCH).items()
            if uid in team
        )
        assert sum(row["followups"] for row in table.rows) == expected_followups
    finally:
        savepoint.rollback()
        org.session.expire_all()

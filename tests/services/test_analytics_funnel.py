"""The sales funnel: opportunities by the stage held at the period's end, stage
conversion, average days in a stage, win rate, lead → customer conversion and
the records behind every number. Expected numbers are worked out here from the
histories the tests write, in plain Python."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from models import OpportunityStageChange
from services.analytics import funnel
from services.analytics.performance_report import resolve_subject
from services.analytics.periods import Period, month_period, year_period
from services.analytics.report import DRILL_KEY, TOTAL_KEY, ReportFilters
from services.errors import NotFound
from services.leads import ConvertIn, convert_lead, delete_leads, release_leads
from services.opportunity_stages import list_stages
from tests.factories import force_columns, make_customer, make_lead, make_opportunity

ZONE = "Asia/Shanghai"
TODAY = dt.date(2026, 4, 15)
MARCH = month_period(2026, 3)
# Still running (it ends in the future): every deal holds its current stage.
SINCE_MARCH = Period(dt.date(2026, 3, 1), dt.date(2099, 12, 31), "custom")
OPEN_STEPS = ("initial_contact", "needs_confirmed", "proposal", "negotiation")
D = Decimal


def utc(text: str) -> dt.datetime:
    """A naive UTC timestamp, as stored."""
    return dt.datetime.fromisoformat(text)


def local_day(moment: dt.datetime) -> dt.date:
    return moment.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(ZONE)).date()


@dataclass
class Deal:
    id: int
    owner: str
    amount: Decimal | None
    path: list[tuple[str, dt.datetime]]  # (stage code, when), oldest first


class Pipeline:
    """Opportunities with a history written by the test (stage moves at chosen
    times), and the funnel's numbers worked out from those histories."""

    def __init__(self, org) -> None:
        self.org = org
        self.session = org.session
        self.stages = {s.code: s for s in list_stages(self.session, active_only=False)}
        self.customers: dict[str, object] = {}
        self.deals: list[Deal] = []

    def deal(self, owner: str, amount: str | None, *path: tuple[str, str]) -> Deal:
        session = self.session
        if owner not in self.customers:
            self.customers[owner] = make_customer(
                session, self.org.actor(owner), f"Customer of {owner}"
            )
        opportunity = make_opportunity(
            session,
            self.org.actor(owner),
            self.customers[owner],
            name=f"Deal {len(self.deals) + 1}",
            amount=amount,
        )
        moves = [(code, utc(when)) for code, when in path]
        session.execute(
            delete(OpportunityStageChange).where(
                OpportunityStageChange.opportunity_id == opportunity.id
            )
        )
        previous = None
        # Each move is left when the next one is made (as _record_stage does).
        left = [moment for _code, moment in moves[1:]] + [None]
        for (code, moment), left_at in zip(moves, left, strict=True):
            stage_id = self.stages[code].id
            session.add(
                OpportunityStageChange(
                    opportunity_id=opportunity.id,
                    from_stage_id=previous,
                    to_stage_id=stage_id,
                    changed_at=moment,
                    left_at=left_at,
                )
            )
            previous = stage_id
        last_code, last_at = moves[-1]
        outcome = self.stages[last_code].outcome
        force_columns(
            session,
            opportunity,
            stage_id=self.stages[last_code].id,
            status=outcome,
            stage_changed_at=last_at,
            closed_at=last_at if outcome != "open" else None,
            created_at=moves[0][1],
        )
        deal = Deal(opportunity.id, owner, D(amount) if amount else None, moves)
        self.deals.append(deal)
        return deal

    # --- expectations, from the histories ---------------------------------------

    def held(self, deal: Deal, period: Period) -> tuple[str, dt.datetime] | None:
        before = [move for move in deal.path if local_day(move[1]) <= period.end]
        return before[-1] if before else None

    def selected(self, period: Period, owners) -> list[Deal]:
        chosen = []
        for deal in self.deals:
            held = self.held(deal, period)
            if deal.owner in owners and held is not None:
                if self.stages[held[0]].outcome == "open":
                    chosen.append(deal)
                elif local_day(held[1]) >= period.start:
                    chosen.append(deal)
        return chosen

    def by_stage(self, period: Period, owners) -> dict[str, tuple[int, Decimal]]:
        found: dict[str, tuple[int, Decimal]] = {}
        for deal in self.selected(period, owners):
            code = self.held(deal, period)[0]
            count, amount = found.get(code, (0, D(0)))
            found[code] = (count + 1, amount + (deal.amount or 0))
        return found

    def furthest(self, deal: Deal, period: Period) -> int | None:
        steps = [
            OPEN_STEPS.index(code) if code in OPEN_STEPS else len(OPEN_STEPS)
            for code, moment in deal.path
            if local_day(moment) <= period.end and code != "lost"
        ]
        return max(steps) if steps else None

    def reached(self, period: Period, owners) -> list[int]:
        furthest = [self.furthest(d, period) for d in self.selected(period, owners)]
        return [
            sum(1 for f in furthest if f is not None and f >= k)
            for k in range(len(OPEN_STEPS) + 1)
        ]


@pytest.fixture
def pipeline(org):
    return Pipeline(org)


def filters_for(org, who: str, period: Period, **subject) -> ReportFilters:
    subject.setdefault("team_id", None)
    subject.setdefault("user_id", None)
    resolved = resolve_subject(org.session, org.actor(who), **subject)
    return ReportFilters(period, resolved, TODAY, ZONE)


def rows_by_key(table) -> dict[str, dict]:
    return {row[DRILL_KEY]: row for row in table.rows}


def stage_rows(pipeline, table) -> dict[str, dict]:
    return {
        code: rows_by_key(table).get(str(stage.id))
        for code, stage in pipeline.stages.items()
    }


TEAM_A = ("leader_a", "rep_a1", "rep_a2")


def march_history(pipeline: Pipeline) -> None:
    """Deals of Team A around March 2026 (Shanghai is UTC+8)."""
    deal = pipeline.deal
    # Open all along: in proposal at the end of March.
    deal(
        "rep_a1",
        "1000.00",
        ("initial_contact", "2026-01-05 02:00"),
        ("needs_confirmed", "2026-01-15 02:00"),
        ("proposal", "2026-02-04 02:00"),
    )
    # Won in March after skipping a stage.
    deal(
        "rep_a1",
        "500.00",
        ("initial_contact", "2026-02-01 02:00"),
        ("proposal", "2026-03-03 02:00"),
        ("won", "2026-03-20 02:00"),
    )
    # Lost in March.
    deal(
        "rep_a2",
        "300.00",
        ("initial_contact", "2026-02-10 02:00"),
        ("lost", "2026-03-10 02:00"),
    )
    # Won in February: not in March's pipeline.
    deal(
        "rep_a2",
        "700.00",
        ("initial_contact", "2026-01-10 02:00"),
        ("won", "2026-02-20 02:00"),
    )
    # Created in April: not yet in March.
    deal("rep_a1", "900.00", ("initial_contact", "2026-04-02 02:00"))
    # In needs_confirmed at the end of March, won since: March sees it open.
    deal(
        "rep_a2",
        "250.00",
        ("initial_contact", "2026-03-01 02:00"),
        ("needs_confirmed", "2026-03-11 02:00"),
        ("won", "2026-04-03 02:00"),
    )
    # No amount, sitting in the first stage.
    deal("leader_a", None, ("initial_contact", "2026-03-25 02:00"))
    # Another team's.
    deal("rep_b1", "5000.00", ("initial_contact", "2026-03-02 02:00"))


def test_stages_count_the_pipeline_at_the_period_end_and_closed_in_it(org, pipeline):
    march_history(pipeline)

    table = funnel.stage_table(
        org.session, org.actor("leader_a"), filters_for(org, "leader_a", MARCH)
    )

    expected = pipeline.by_stage(MARCH, TEAM_A)
    assert expected == {
        "initial_contact": (1, D(0)),
        "needs_confirmed": (1, D("250.00")),
        "proposal": (1, D("1000.00")),
        "won": (1, D("500.00")),
        "lost": (1, D("300.00")),
    }
    shown = stage_rows(pipeline, table)
    for code, stage in pipeline.stages.items():
        count, amount = expected.get(code, (0, D(0)))
        weighted = (amount * stage.probability / 100).quantize(D("0.01"))
        assert (shown[code]["count"], shown[code]["amount"]) == (count, amount)
        assert shown[code]["weighted"] == weighted
        assert shown[code]["probability"] == D(stage.probability) / 100
    assert [row["stage"] for row in table.rows] == [
        stage.name_en for stage in pipeline.stages.values()
    ]


def test_stage_names_follow_the_viewer_language(org, pipeline):
    march_history(pipeline)
    actor = org.actor("leader_a", language="zh_CN")

    table = funnel.stage_table(org.session, actor, filters_for(org, "leader_a", MARCH))

    assert table.rows[0]["stage"] == "初步接洽"


def test_a_close_just_after_local_midnight_belongs_to_the_next_month(org, pipeline):
    # 2026-03-31 16:30 UTC is 2026-04-01 00:30 in Shanghai.
    pipeline.deal(
        "rep_a1",
        "100.00",
        ("initial_contact", "2026-03-01 02:00"),
        ("won", "2026-03-31 16:30"),
    )
    # 15:59 UTC is still 23:59 on March 31 locally.
    pipeline.deal(
        "rep_a1",
        "40.00",
        ("initial_contact", "2026-03-01 02:00"),
        ("won", "2026-03-31 15:59"),
    )
    actor = org.actor("rep_a1")
    won = str(pipeline.stages["won"].id)
    opened = str(pipeline.stages["initial_contact"].id)

    march = rows_by_key(
        funnel.stage_table(org.session, actor, filters_for(org, "rep_a1", MARCH))
    )
    april = rows_by_key(
        funnel.stage_table(
            org.session, actor, filters_for(org, "rep_a1", month_period(2026, 4))
        )
    )

    # At the end of March the first deal was still open.
    assert (march[won]["count"], march[won]["amount"]) == (1, D("40.00"))
    assert (march[opened]["count"], march[opened]["amount"]) == (1, D("100.00"))
    assert (april[won]["count"], april[won]["amount"]) == (1, D("100.00"))
    assert april[opened]["count"] == 0


def test_a_year_end_close_counts_in_that_year_only(org, pipeline):
    # 2025-12-31 20:00 local = 12:00 UTC.
    pipeline.deal(
        "rep_a1",
        "80.00",
        ("initial_contact", "2025-11-01 02:00"),
        ("lost", "2025-12-31 12:00"),
    )
    actor = org.actor("rep_a1")
    lost = str(pipeline.stages["lost"].id)

    def lost_count(year: int) -> int:
        period = year_period(year)
        table = funnel.stage_table(
            org.session, actor, filters_for(org, "rep_a1", period)
        )
        return rows_by_key(table)[lost]["count"]

    assert (lost_count(2025), lost_count(2026)) == (1, 0)


@pytest.mark.parametrize(
    ("who", "owners"),
    [
        ("rep_a1", {"rep_a1"}),
        ("leader_a", {"leader_a", "rep_a1", "rep_a2"}),
        ("rep_b1", {"rep_b1"}),
    ],
)
def test_each_viewer_counts_only_their_scope(org, pipeline, who, owners):
    march_history(pipeline)

    table = funnel.stage_table(
        org.session, org.actor(who), filters_for(org, who, MARCH)
    )

    expected = pipeline.by_stage(MARCH, owners)
    assert sum(row["count"] for row in table.rows) == sum(
        count for count, _amount in expected.values()
    )
    assert sum(row["amount"] for row in table.rows) == sum(
        amount for _count, amount in expected.values()
    )


def test_a_member_subject_narrows_a_leaders_view(org, pipeline):
    march_history(pipeline)
    filters = filters_for(org, "leader_a", MARCH, user_id=org.ids["rep_a2"])

    table = funnel.stage_table(org.session, org.actor("leader_a"), filters)

    expected = pipeline.by_stage(MARCH, {"rep_a2"})
    assert {
        code: (row["count"], row["amount"])
        for code, row in stage_rows(pipeline, table).items()
        if row["count"]
    } == expected


def test_customers_in_the_recycle_bin_take_their_opportunities_along(org, pipeline):
    from services.recycle_bin import delete_customers

    pipeline.deal("rep_a1", "100.00", ("initial_contact", "2026-03-01 02:00"))
    delete_customers(
        org.session, org.actor("rep_a1"), [pipeline.customers["rep_a1"].id]
    )

    table = funnel.stage_table(
        org.session, org.actor("rep_a1"), filters_for(org, "rep_a1", MARCH)
    )

    assert sum(row["count"] for row in table.rows) == 0


def test_conversion_counts_reached_steps_and_skipped_stages(org, pipeline):
    march_history(pipeline)

    table = funnel.conversion_table(
        org.session, org.actor("leader_a"), filters_for(org, "leader_a", MARCH)
    )

    reached = pipeline.reached(MARCH, TEAM_A)
    # Selected: proposal (open), won via a skip, lost, needs (open), initial.
    assert reached == [5, 3, 2, 1, 1]
    steps = table.rows[:-1]
    assert [row[DRILL_KEY] for row in steps] == [
        str(pipeline.stages[code].id) for code in OPEN_STEPS
    ]
    for k, row in enumerate(steps):
        assert (row["entered"], row["moved_on"]) == (reached[k], reached[k + 1])
        assert row["rate"] == D(reached[k + 1]) / D(reached[k])


def test_win_rate_is_won_of_closed_in_the_period(org, pipeline):
    march_history(pipeline)

    table = funnel.conversion_table(
        org.session, org.actor("leader_a"), filters_for(org, "leader_a", MARCH)
    )

    closed = [
        d
        for d in pipeline.selected(MARCH, TEAM_A)
        if pipeline.held(d, MARCH)[0] in ("won", "lost")
    ]
    won = [d for d in closed if pipeline.held(d, MARCH)[0] == "won"]
    row = table.rows[-1]
    assert row[DRILL_KEY] == funnel.CLOSED_KEY
    assert (row["entered"], row["moved_on"]) == (len(closed), len(won)) == (2, 1)
    assert row["rate"] == D("0.5")


def test_average_days_cover_stays_ended_before_the_period_end(org, pipeline):
    deal = pipeline.deal
    deal(
        "rep_a1",
        "10.00",
        ("initial_contact", "2026-03-01 00:00"),
        ("needs_confirmed", "2026-03-03 00:00"),
        ("proposal", "2026-03-10 12:00"),
    )
    deal(
        "rep_a1",
        "10.00",
        ("initial_contact", "2026-03-02 00:00"),
        ("needs_confirmed", "2026-03-06 00:00"),
        # Left after March: that stay is not over at the end of March.
        ("proposal", "2026-04-05 00:00"),
    )

    table = funnel.conversion_table(
        org.session, org.actor("rep_a1"), filters_for(org, "rep_a1", MARCH)
    )

    days = {row[DRILL_KEY]: row["days"] for row in table.rows}
    stays_in_first = [2, 4]  # days
    assert days[str(pipeline.stages["initial_contact"].id)] == D(
        str(sum(stays_in_first) / len(stays_in_first))
    ).quantize(D("0.1"))
    assert days[str(pipeline.stages["needs_confirmed"].id)] == D("7.5")
    assert days[str(pipeline.stages["proposal"].id)] is None


def test_an_empty_period_has_zero_counts_and_no_rates(org, pipeline):
    march_history(pipeline)
    filters = filters_for(org, "leader_a", month_period(2025, 6))
    actor = org.actor("leader_a")

    stages = funnel.stage_table(org.session, actor, filters)
    conversion = funnel.conversion_table(org.session, actor, filters)
    leads = funnel.lead_table(org.session, actor, filters)

    assert all(row["count"] == 0 and row["amount"] == 0 for row in stages.rows)
    assert all(row["entered"] == 0 and row["rate"] is None for row in conversion.rows)
    assert leads.rows == []


# --- drill-down -----------------------------------------------------------------


def test_a_stage_cell_drills_into_its_opportunities(org, pipeline):
    march_history(pipeline)
    actor = org.actor("leader_a")
    filters = filters_for(org, "leader_a", MARCH)
    stage = pipeline.stages["proposal"]

    page = funnel.stage_drill(
        org.session, actor, filters, str(stage.id), "weighted", 1, 20
    )

    assert page.total == 1
    assert page.amount == D("600.00")  # 1000 × 60 %
    assert page.rows[0]["open"] == ("opportunity", pipeline.deals[0].id)
    assert page.rows[0]["entered"] == dt.date(2026, 2, 4)
    assert page.title == stage.name_en


def test_conversion_cells_drill_into_the_deals_that_reached_a_step(org, pipeline):
    march_history(pipeline)
    actor = org.actor("leader_a")
    filters = filters_for(org, "leader_a", MARCH)
    table = funnel.conversion_table(org.session, actor, filters)

    for row in table.rows:
        for column in ("entered", "moved_on"):
            page = funnel.conversion_drill(
                org.session, actor, filters, row[DRILL_KEY], column, 1, 50
            )
            assert page.total == len(page.rows) == row[column]

    won = funnel.conversion_drill(
        org.session, actor, filters, funnel.CLOSED_KEY, "moved_on", 1, 20
    )
    assert [r["open"] for r in won.rows] == [("opportunity", pipeline.deals[1].id)]


@pytest.mark.parametrize(
    ("section", "row_key", "column"),
    [
        ("stages", "999999", "count"),
        ("stages", "abc", "count"),
        ("stages", "{won}", "probability"),
        ("stages", "{won}", "nope"),
        ("conversion", "{won}", "entered"),  # won is not an open step
        ("conversion", "closed", "rate"),
        ("leads", "{rep_b1}", "leads"),  # outside the leader's scope
        ("leads", "x", "leads"),
        ("leads", "total", "member"),
    ],
)
def test_unknown_or_foreign_drill_keys_do_not_exist(
    org, pipeline, section, row_key, column
):
    row_key = row_key.format(won=pipeline.stages["won"].id, rep_b1=org.ids["rep_b1"])
    drill = funnel.REPORT.section(section).drill

    with pytest.raises(NotFound):
        drill(
            org.session,
            org.actor("leader_a"),
            filters_for(org, "leader_a", MARCH),
            row_key,
            column,
            1,
            20,
        )


moments = st.datetimes(
    min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 5, 31)
)
histories = st.lists(
    st.tuples(
        st.sampled_from(("rep_a1", "rep_a2", "rep_b1")),
        st.one_of(st.none(), st.decimals("0", "99999", places=2)),
        st.lists(st.sampled_from(OPEN_STEPS), min_size=1, max_size=4),
        st.sampled_from((None, "won", "lost")),
        st.lists(moments, min_size=5, max_size=5, unique=True),
    ),
    max_size=8,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(histories=histories)
def test_every_drill_total_equals_its_cell(org, histories):
    """Random histories: each stage and conversion cell equals its drill-down;
    a running period's stages and conversion (counted partly or wholly in the
    tallies) equal the histories too."""
    session = org.session
    savepoint = session.begin_nested()
    try:
        pipeline = Pipeline(org)
        for owner, amount, steps, ending, times in histories:
            codes = list(steps) + ([ending] if ending else [])
            path = zip(codes, sorted(times), strict=False)
            pipeline.deal(
                owner,
                str(amount) if amount is not None else None,
                *((code, moment.isoformat(" ")) for code, moment in path),
            )
        actor = org.actor("leader_a")
        running = funnel.stage_table(
            session, actor, filters_for(org, "leader_a", SINCE_MARCH)
        )
        expected = pipeline.by_stage(SINCE_MARCH, TEAM_A)
        for code, row in stage_rows(pipeline, running).items():
            assert (row["count"], row["amount"]) == expected.get(code, (0, D(0)))
        # Its conversion comes from the funnel tallies.
        since_march = filters_for(org, "leader_a", SINCE_MARCH)
        _, index = funnel._steps(session)
        assert funnel.tallied_progress(session, actor, since_march, index)
        converted = funnel.conversion_table(session, actor, since_march)
        reached = pipeline.reached(SINCE_MARCH, TEAM_A)
        assert [row["entered"] for row in converted.rows[:-1]] == reached[:-1]
        filters = filters_for(org, "leader_a", MARCH)
        stages = funnel.stage_table(session, actor, filters)
        expected = pipeline.by_stage(MARCH, TEAM_A)
        for code, row in stage_rows(pipeline, stages).items():
            assert (row["count"], row["amount"]) == expected.get(code, (0, D(0)))
            for column in ("count", "amount", "weighted"):
                page = funnel.stage_drill(
                    session, actor, filters, row[DRILL_KEY], column, 1, 200
                )
                assert page.total == row["count"]
                if column != "count":
                    assert page.amount == row[column]
        conversion = funnel.conversion_table(session, actor, filters)
        reached = pipeline.reached(MARCH, TEAM_A)
        assert [row["entered"] for row in conversion.rows[:-1]] == reached[:-1]
        for row in conversion.rows:
            for column in ("entered", "moved_on"):
                page = funnel.conversion_drill(
                    session, actor, filters, row[DRILL_KEY], column, 1, 200
                )
                assert page.total == row[column]
    finally:
        savepoint.rollback()
        session.expire_all()


# --- leads ----------------------------------------------------------------------


def lead_created(org, creator: str, name: str, created: str):
    lead = make_lead(org.session, org.actor(creator), name, company=f"{name} Ltd")
    force_columns(org.session, lead, created_at=utc(created))
    return lead


def test_leads_created_in_the_period_and_how_many_converted(org):
    """Counted as the work statistics count new leads: for their creator,
    wherever the lead went since (another owner, the lead pool)."""
    session = org.session
    converted = lead_created(org, "rep_a1", "Ann", "2026-03-02 02:00")
    convert_lead(
        session,
        org.actor("rep_a1"),
        converted.id,
        ConvertIn(owner_id=org.ids["rep_a1"]),
        expected_version=converted.version,
    )
    lead_created(org, "rep_a1", "Bob", "2026-03-31 15:59")  # 23:59 local
    lead_created(org, "rep_a1", "Cat", "2026-03-31 16:00")  # April locally
    lead_created(org, "rep_a1", "Dan", "2026-02-28 15:59")  # February locally
    lead_created(org, "rep_a2", "Eve", "2026-03-10 02:00")
    pooled = lead_created(org, "rep_a2", "Fay", "2026-03-10 02:00")
    release_leads(session, org.actor("rep_a2"), [pooled.id])
    deleted = lead_created(org, "rep_a2", "Gus", "2026-03-10 02:00")
    delete_leads(session, org.actor("rep_a2"), [deleted.id])
    lead_created(org, "rep_b1", "Hal", "2026-03-10 02:00")
    handed_on = lead_created(org, "rep_a1", "Ivy", "2026-03-12 02:00")
    force_columns(session, handed_on, owner_id=org.ids["rep_b1"])
    taken_over = lead_created(org, "rep_b1", "Jay", "2026-03-12 02:00")
    force_columns(session, taken_over, owner_id=org.ids["rep_a2"])

    table = funnel.lead_table(
        session, org.actor("leader_a"), filters_for(org, "leader_a", MARCH)
    )

    rows = {row["member"]: row for row in table.rows}
    assert [row[DRILL_KEY] for row in table.rows] == [
        str(org.ids["rep_a1"]),
        str(org.ids["rep_a2"]),
        TOTAL_KEY,
    ]
    # Ann, Bob, Ivy; Eve and Fay (in the lead pool now).
    assert (rows["Rep A1"]["leads"], rows["Rep A1"]["converted"]) == (3, 1)
    assert rows["Rep A1"]["rate"] == D(1) / D(3)
    assert (rows["Rep A2"]["leads"], rows["Rep A2"]["converted"]) == (2, 0)
    total = table.rows[-1]
    assert (total["leads"], total["converted"]) == (5, 1)

    page = funnel.lead_drill(
        session,
        org.actor("leader_a"),
        filters_for(org, "leader_a", MARCH),
        str(org.ids["rep_a1"]),
        "converted",
        1,
        20,
    )
    assert page.total == 1
    assert page.rows[0]["open"] == ("lead", converted.id)
    assert page.rows[0]["converted_on"] is not None
    everyone = funnel.lead_drill(
        session,
        org.actor("leader_a"),
        filters_for(org, "leader_a", MARCH),
        TOTAL_KEY,
        "leads",
        1,
        20,
    )
    assert sorted(row["name"] for row in everyone.rows) == [
        "Ann",
        "Bob",
        "Eve",
        "Fay",
        "Ivy",
    ]
    assert everyone.total == total["leads"]

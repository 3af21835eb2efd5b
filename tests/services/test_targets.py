"""Setting performance targets: who may, what is valid, copy and distribute."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.errors import NotFound, ValidationFailed
from services.targets import (
    TargetRowIn,
    copy_previous_year,
    distribute_yearly,
    save_targets,
    target_grid,
)
from tests.factories import audit_rows

D = Decimal
BLANK = [""] * 12


def save(org, who, rows, *, team=None, year=2027, metric="contract_amount"):
    return save_targets(
        org.session,
        org.actor(who),
        team_id=(team or org.team_a).id,
        year=year,
        metric=metric,
        rows=rows,
    )


def grid(org, who, *, team=None, year=2027, metric="contract_amount"):
    return target_grid(
        org.session,
        org.actor(who),
        team_id=(team or org.team_a).id,
        year=year,
        metric=metric,
    )


def test_the_grid_lists_the_team_then_its_members(org):
    rows = grid(org, "leader_a")

    assert [(r.subject_type, r.name, r.depth) for r in rows] == [
        ("team", "Team A", 0),
        ("user", "Leader A", 1),
        ("user", "Rep A1", 1),
        ("user", "Rep A2", 1),
    ]
    assert all(r.months == (None,) * 12 for r in rows)


def test_a_leader_sets_team_and_member_targets(org):
    stored = save(
        org,
        "leader_a",
        [
            TargetRowIn("team", org.team_a.id, ["1000"] * 12),
            TargetRowIn("user", org.ids["rep_a1"], ["600.50"] * 6 + [""] * 6),
        ],
    )

    rows = {(r.subject_type, r.subject_id): r for r in grid(org, "leader_a")}
    assert stored == 18
    assert rows[("team", org.team_a.id)].year_total == D("12000")
    assert rows[("user", org.ids["rep_a1"])].months[:7] == (D("600.50"),) * 6 + (None,)
    assert audit_rows(org.session, "targets.update")


def test_saving_again_replaces_the_year(org):
    save(org, "admin", [TargetRowIn("team", org.team_a.id, ["5"] * 12)])
    save(org, "admin", [TargetRowIn("team", org.team_a.id, ["7"] + [""] * 11)])

    (team_row, *_members) = grid(org, "admin")
    assert team_row.months == (D("7"),) + (None,) * 11


def test_every_bad_cell_is_reported_at_once(org):
    with pytest.raises(ValidationFailed) as error:
        save(
            org,
            "leader_a",
            [
                TargetRowIn(
                    "user",
                    org.ids["rep_a2"],
                    ["-1", "abc", "1.005", "1e400"] + [""] * 8,
                )
            ],
        )

    rep = org.ids["rep_a2"]
    assert set(error.value.errors) == {f"user:{rep}:{m}" for m in (1, 2, 3, 4)}


def test_a_leader_cannot_set_another_teams_targets(org):
    with pytest.raises(NotFound):
        grid(org, "leader_a", team=org.team_b)
    with pytest.raises(NotFound):
        save(org, "leader_a", [TargetRowIn("team", org.team_b.id, BLANK)])


def test_a_row_outside_the_grid_is_refused(org):
    with pytest.raises(NotFound):
        save(org, "leader_a", [TargetRowIn("user", org.ids["rep_b1"], BLANK)])


@pytest.mark.parametrize("who", ["rep_a1", "exec"])
def test_users_without_the_permission_manage_no_team(org, who):
    with pytest.raises(NotFound):
        grid(org, who)


def test_copy_previous_year(org):
    save(
        org,
        "admin",
        [TargetRowIn("user", org.ids["rep_a1"], [str(m * 10) for m in range(1, 13)])],
        year=2026,
    )

    copied = copy_previous_year(
        org.session,
        org.actor("admin"),
        team_id=org.team_a.id,
        year=2027,
        metric="contract_amount",
    )

    rows = {(r.subject_type, r.subject_id): r for r in grid(org, "admin")}
    assert copied == 12
    assert rows[("user", org.ids["rep_a1"])].year_total == D("780")


def test_metrics_are_kept_apart(org):
    save(org, "admin", [TargetRowIn("team", org.team_a.id, ["9"] * 12)])

    assert grid(org, "admin", metric="payment_amount")[0].months == (None,) * 12


def test_unknown_year_and_metric(org):
    with pytest.raises(ValidationFailed) as error:
        grid(org, "admin", year=1999, metric="bananas")

    assert set(error.value.errors) == {"year", "metric"}


@pytest.mark.parametrize("total", ["100000", "0.05", "1234567.89", "0"])
def test_distribute_yearly_adds_up_exactly(total):
    months = distribute_yearly(total)

    assert len(months) == 12
    assert sum(months) == D(total)
    assert max(months) - min(months) <= D("0.01")


def test_distribute_yearly_rejects_bad_numbers():
    with pytest.raises(ValidationFailed) as error:
        distribute_yearly("-5")

    assert set(error.value.errors) == {"yearly"}


def test_managed_teams_in_tree_order(org):
    from services.targets import managed_teams

    assert managed_teams(org.session, org.actor("leader_a")) == [
        (org.team_a.id, "Team A", 0)
    ]
    assert [
        name for _id, name, _d in managed_teams(org.session, org.actor("admin"))
    ] == [
        "Company",
        "Branch",
        "Team A",
        "Team B",
    ]
    assert managed_teams(org.session, org.actor("rep_a1")) == []

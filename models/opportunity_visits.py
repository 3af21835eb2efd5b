"""Each opportunity carries the stages its history has visited
(`opportunities.visited_stages`: their ids in ascending order, comma-joined),
rebuilt by triggers from its stage moves whenever one is written or deleted.
The funnel tallies group by it (models/funnel_tally.py): how far a selected
opportunity got is then a property of a few distinct sets, read in the order
the stages have when the report runs, not of its moves."""

from __future__ import annotations

from models.tally import Tally, register

_MOVES = "opportunity_stage_changes"


def _visited(opportunity: str, join: str) -> str:
    """SQL: the visited stages of the opportunity whose id is `opportunity`,
    joined by the aggregate `join` (over `stage`)."""
    return (
        f"(SELECT {join} FROM (SELECT DISTINCT to_stage_id AS stage FROM {_MOVES} "
        f"WHERE opportunity_id = {opportunity} ORDER BY stage) AS visited)"
    )


_PG_JOIN = "string_agg(CAST(stage AS TEXT), ',' ORDER BY stage)"
# SQLite 3.40 has no ORDER BY inside an aggregate: group_concat keeps the
# ordered subquery's order.
_SQLITE_JOIN = "group_concat(stage, ',')"


def _recount(join: str) -> tuple[str, ...]:
    """Write the sets that differ (a bulk load leaves them NULL)."""
    every = (
        f"SELECT opportunity_id, {join} AS stages FROM (SELECT DISTINCT "
        f"opportunity_id, to_stage_id AS stage FROM {_MOVES} "
        "ORDER BY opportunity_id, stage) AS moves GROUP BY opportunity_id"
    )
    return (
        f"UPDATE opportunities SET visited_stages = v.stages FROM ({every}) AS v "
        "WHERE opportunities.id = v.opportunity_id "
        "AND opportunities.visited_stages IS DISTINCT FROM v.stages",
        "UPDATE opportunities SET visited_stages = NULL "
        "WHERE visited_stages IS NOT NULL AND NOT EXISTS "
        f"(SELECT 1 FROM {_MOVES} m WHERE m.opportunity_id = opportunities.id)",
    )


def _set(row: str, join: str) -> str:
    return (
        f"UPDATE opportunities SET visited_stages = "
        f"{_visited(f'{row}.opportunity_id', join)} "
        f"WHERE id = {row}.opportunity_id"
    )


OPPORTUNITY_VISITS = register(
    Tally(
        table="opportunities",
        source=_MOVES,
        postgresql=(
            f"""
CREATE OR REPLACE FUNCTION opportunity_visits() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    {_set("OLD", _PG_JOIN)};
  END IF;
  IF TG_OP <> 'DELETE' THEN
    {_set("NEW", _PG_JOIN)};
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql
""",
            f"""
CREATE TRIGGER opportunity_visits_write AFTER INSERT OR DELETE ON {_MOVES}
FOR EACH ROW EXECUTE FUNCTION opportunity_visits()
""",
            f"""
CREATE TRIGGER opportunity_visits_update AFTER UPDATE OF to_stage_id,
opportunity_id ON {_MOVES} FOR EACH ROW EXECUTE FUNCTION opportunity_visits()
""",
        ),
        sqlite=(
            f"CREATE TRIGGER opportunity_visits_write AFTER INSERT ON {_MOVES}\n"
            f"BEGIN\n  {_set('NEW', _SQLITE_JOIN)};\nEND",
            f"CREATE TRIGGER opportunity_visits_delete AFTER DELETE ON {_MOVES}\n"
            f"BEGIN\n  {_set('OLD', _SQLITE_JOIN)};\nEND",
            "CREATE TRIGGER opportunity_visits_update AFTER UPDATE OF to_stage_id, "
            f"opportunity_id ON {_MOVES}\n"
            f"BEGIN\n  {_set('OLD', _SQLITE_JOIN)};\n"
            f"  {_set('NEW', _SQLITE_JOIN)};\nEND",
        ),
        triggers=(
            "opportunity_visits_write",
            "opportunity_visits_delete",
            "opportunity_visits_update",
        ),
        function="opportunity_visits",
        recount={
            "postgresql": _recount(_PG_JOIN),
            "sqlite": tuple(
                s.replace("IS DISTINCT FROM", "IS NOT") for s in _recount(_SQLITE_JOIN)
            ),
        },
        clear=False,
    )
)

"""Follow-ups per author and type by UTC day and by UTC month (a trigger-kept
rollup, models/tally.py). Reports count a period's follow-ups from its whole
months and days here and only the hours at its edges (the company time zone's
midnight is not UTC's) from the follow-ups themselves
(services/analytics/followup_counts.py): a year of 10 million follow-ups is
~30,000 month rows instead of ~3 million follow-ups."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId
from models.tally import Tally, register

DAY, MONTH = "day", "month"


class FollowUpTally(Base):
    __tablename__ = "followup_tallies"

    grain: Mapped[str] = mapped_column(String(5), primary_key=True)  # DAY/MONTH
    starts_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # UTC
    author_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    followup_type: Mapped[str] = mapped_column(String(50), primary_key=True)
    followups: Mapped[int] = mapped_column(Integer, default=0)


_PG_STARTS = {
    DAY: "CAST({row}.occurred_at AS DATE)",
    MONTH: "CAST(date_trunc('month', {row}.occurred_at) AS DATE)",
}
_SQLITE_STARTS = {
    DAY: "date({row}.occurred_at)",
    MONTH: "date({row}.occurred_at, 'start of month')",
}
_COLUMNS = "grain, starts_on, author_id, followup_type, followups"


def _match(starts: dict[str, str], row: str, grain: str) -> str:
    return (
        f"grain = '{grain}' AND starts_on = {starts[grain].format(row=row)} "
        f"AND author_id = {row}.author_id AND followup_type = {row}.followup_type"
    )


def _pg_change(row: str, sign: str) -> str:
    if sign == "-":
        return "".join(
            f"""
    UPDATE followup_tallies SET followups = followups - 1
    WHERE {_match(_PG_STARTS, row, grain)};"""
            for grain in (DAY, MONTH)
        )
    values = ", ".join(
        f"('{grain}', {_PG_STARTS[grain].format(row=row)}, {row}.author_id, "
        f"{row}.followup_type, 1)"
        for grain in (DAY, MONTH)
    )
    return f"""
    INSERT INTO followup_tallies ({_COLUMNS}) VALUES {values}
    ON CONFLICT (grain, starts_on, author_id, followup_type)
    DO UPDATE SET followups = followup_tallies.followups + 1;"""


def _sqlite_change(row: str, sign: str) -> str:
    statements = []
    for grain in (DAY, MONTH):
        if sign == "+":
            statements.append(
                f"""
  INSERT OR IGNORE INTO followup_tallies ({_COLUMNS})
  VALUES ('{grain}', {_SQLITE_STARTS[grain].format(row=row)}, {row}.author_id,
          {row}.followup_type, 0);"""
            )
        statements.append(
            f"""
  UPDATE followup_tallies SET followups = followups {sign} 1
  WHERE {_match(_SQLITE_STARTS, row, grain)};"""
        )
    return "".join(statements)


_WATCHED = "author_id, occurred_at, followup_type"
_CHANGED = (
    "OLD.author_id <> NEW.author_id OR OLD.occurred_at <> NEW.occurred_at "
    "OR OLD.followup_type <> NEW.followup_type"
)


def _recount(starts: dict[str, str]) -> str:
    return f"INSERT INTO followup_tallies ({_COLUMNS}) " + " UNION ALL ".join(
        f"SELECT '{grain}', {starts[grain].format(row='followups')}, author_id, "
        f"followup_type, COUNT(*) FROM followups GROUP BY "
        f"{starts[grain].format(row='followups')}, author_id, followup_type"
        for grain in (DAY, MONTH)
    )


FOLLOWUP_TALLY = register(
    Tally(
        table="followup_tallies",
        source="followups",
        postgresql=(
            f"""
CREATE OR REPLACE FUNCTION followup_tally() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN{_pg_change("OLD", "-")}
  END IF;
  IF TG_OP <> 'DELETE' THEN{_pg_change("NEW", "+")}
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql
""",
            """
CREATE TRIGGER followup_tally_write AFTER INSERT OR DELETE ON followups
FOR EACH ROW EXECUTE FUNCTION followup_tally()
""",
            f"""
CREATE TRIGGER followup_tally_update AFTER UPDATE OF {_WATCHED} ON followups
FOR EACH ROW WHEN ({_CHANGED}) EXECUTE FUNCTION followup_tally()
""",
        ),
        sqlite=(
            f"""
CREATE TRIGGER followup_tally_write AFTER INSERT ON followups
BEGIN{_sqlite_change("NEW", "+")}
END
""",
            f"""
CREATE TRIGGER followup_tally_delete AFTER DELETE ON followups
BEGIN{_sqlite_change("OLD", "-")}
END
""",
            f"""
CREATE TRIGGER followup_tally_update AFTER UPDATE OF {_WATCHED} ON followups
WHEN {_CHANGED}
BEGIN{_sqlite_change("OLD", "-")}{_sqlite_change("NEW", "+")}
END
""",
        ),
        triggers=(
            "followup_tally_write",
            "followup_tally_delete",
            "followup_tally_update",
        ),
        function="followup_tally",
        recount={
            "postgresql": (_recount(_PG_STARTS),),
            "sqlite": (_recount(_SQLITE_STARTS),),
        },
    )
)

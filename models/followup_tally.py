"""Follow-ups per author and type by day and by month of the tally clock
(models/tally_clock.py: the company's standard time), a trigger-kept rollup
(models/tally.py). Reports count a period's follow-ups from its whole months
and days here and only the hours the rows leave over (none while the clock
matches the company's zone) from the follow-ups themselves
(services/analytics/followup_counts.py): a year of 10 million follow-ups is
~30,000 month rows instead of ~3 million follow-ups."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId
from models.tally import Tally, register
from models.tally_clock import DAY, MONTH, starts_on


class FollowUpTally(Base):
    __tablename__ = "followup_tallies"
    # The key reads a few authors' ranges; everyone's range is in here (alone,
    # on PostgreSQL).
    __table_args__ = (
        Index(
            "ix_followup_tallies_grain_starts",
            "grain",
            "starts_on",
            postgresql_include=["author_id", "followup_type", "followups"],
        ),
    )

    grain: Mapped[str] = mapped_column(String(5), primary_key=True)  # DAY/MONTH
    author_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    starts_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # clock's
    followup_type: Mapped[str] = mapped_column(String(50), primary_key=True)
    followups: Mapped[int] = mapped_column(Integer, default=0)


_COLUMNS = "grain, starts_on, author_id, followup_type, followups"


def _match(starts: dict[str, str], row: str, grain: str) -> str:
    return (
        f"grain = '{grain}' AND starts_on = {starts[grain].format(row=row)} "
        f"AND author_id = {row}.author_id AND followup_type = {row}.followup_type"
    )


def _pg_change(starts: dict[str, str], row: str, sign: str) -> str:
    if sign == "-":
        return "".join(
            f"""
    UPDATE followup_tallies SET followups = followups - 1
    WHERE {_match(starts, row, grain)};"""
            for grain in (DAY, MONTH)
        )
    values = ", ".join(
        f"('{grain}', {starts[grain].format(row=row)}, {row}.author_id, "
        f"{row}.followup_type, 1)"
        for grain in (DAY, MONTH)
    )
    return f"""
    INSERT INTO followup_tallies ({_COLUMNS}) VALUES {values}
    ON CONFLICT (grain, starts_on, author_id, followup_type)
    DO UPDATE SET followups = followup_tallies.followups + 1;"""


def _sqlite_change(starts: dict[str, str], row: str, sign: str) -> str:
    statements = []
    for grain in (DAY, MONTH):
        if sign == "+":
            statements.append(
                f"""
  INSERT OR IGNORE INTO followup_tallies ({_COLUMNS})
  VALUES ('{grain}', {starts[grain].format(row=row)}, {row}.author_id,
          {row}.followup_type, 0);"""
            )
        statements.append(
            f"""
  UPDATE followup_tallies SET followups = followups {sign} 1
  WHERE {_match(starts, row, grain)};"""
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


def _followup_tally(local: bool) -> Tally:
    starts = starts_on("{row}.occurred_at", local=local)
    pg, sqlite = (
        {g: starts[g][dialect] for g in starts} for dialect in ("postgresql", "sqlite")
    )
    return Tally(
        table="followup_tallies",
        source="followups",
        postgresql=(
            f"""
CREATE OR REPLACE FUNCTION followup_tally() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN{_pg_change(pg, "OLD", "-")}
  END IF;
  IF TG_OP <> 'DELETE' THEN{_pg_change(pg, "NEW", "+")}
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
BEGIN{_sqlite_change(sqlite, "NEW", "+")}
END
""",
            f"""
CREATE TRIGGER followup_tally_delete AFTER DELETE ON followups
BEGIN{_sqlite_change(sqlite, "OLD", "-")}
END
""",
            f"""
CREATE TRIGGER followup_tally_update AFTER UPDATE OF {_WATCHED} ON followups
WHEN {_CHANGED}
BEGIN{_sqlite_change(sqlite, "OLD", "-")}{_sqlite_change(sqlite, "NEW", "+")}
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
            "postgresql": (_recount(pg),),
            "sqlite": (_recount(sqlite),),
        },
        clocked=local,
    )


FOLLOWUP_TALLY = register(_followup_tally(local=True))
# What migration 0009 installed, before the tally clock (migration 0019).
UTC_FOLLOWUP_TALLY = _followup_tally(local=False)

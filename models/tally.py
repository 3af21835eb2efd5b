"""Rollups kept by database triggers (models/customer_tally.py,
models/followup_tally.py): counts the lists and reports read from a few rows
instead of counting millions, exact whatever writes the base table (services,
imports, jobs, bulk loads) because the count changes in the writing
transaction. SQLite's search indexes (models/substring_index.py) ride along."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import event

from models.base import Base


@dataclass(frozen=True)
class Tally:
    table: str  # the rollup
    source: str  # the table its triggers watch
    postgresql: tuple[str, ...]  # function and triggers
    sqlite: tuple[str, ...]  # triggers
    triggers: tuple[str, ...]  # their names, to drop them
    function: str  # the PostgreSQL trigger function's name ("" for none)
    # INSERT … SELECT (or UPDATEs): the rollup from the source's rows, per dialect
    recount: dict[str, tuple[str, ...]]
    clear: bool = True  # empty the rollup table before recounting
    # Which of the rollup table's rows are this tally's (SQL; None: all), when
    # several tallies share the table.
    owns: str | None = None
    # Keyed by the tally clock's days (models/tally_clock.py): recounted when
    # the clock moves.
    clocked: bool = False
    # Triggers on another table that move the rollup too (ParentLink).
    parent: str | None = None
    parent_triggers: tuple[str, ...] = ()
    postgresql_parent: tuple[str, ...] = ()
    sqlite_parent: tuple[str, ...] = ()

    def install(self, bind) -> None:
        """Create the triggers and count what is already there."""
        postgresql = bind.dialect.name == "postgresql"
        statements = (
            self.postgresql + self.postgresql_parent
            if postgresql
            else self.sqlite + self.sqlite_parent
        )
        for statement in statements:
            bind.exec_driver_sql(statement)
        self.rebuild(bind)

    def suspend(self, bind) -> None:
        """Drop the triggers (a bulk load inserts first and recounts once after,
        then `install` again)."""
        postgresql = bind.dialect.name == "postgresql"
        for table, names in (
            (self.source, self.triggers),
            (self.parent, self.parent_triggers),
        ):
            for name in names:
                suffix = f" ON {table}" if postgresql else ""
                bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}{suffix}")

    def uninstall(self, bind) -> None:
        self.suspend(bind)
        if bind.dialect.name == "postgresql" and self.function:
            bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {self.function}()")
            for name in self.parent_triggers:
                bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}()")

    def rebuild(self, bind) -> None:
        if self.clear:
            owned = f" WHERE {self.owns}" if self.owns else ""
            bind.exec_driver_sql(f"DELETE FROM {self.table}{owned}")
        for statement in self.recount[bind.dialect.name]:
            bind.exec_driver_sql(statement)


TALLIES: list[Tally] = []


def register(tally: Tally) -> Tally:
    TALLIES.append(tally)
    return tally


def _after_create(_metadata, connection, **_kw) -> None:
    install_tallies(connection)


# After the whole metadata: the watched tables and the rollups must all exist.
event.listen(Base.metadata, "after_create", _after_create)


def suspend_tallies(bind) -> None:
    for tally in TALLIES:
        tally.suspend(bind)


def install_tallies(bind) -> None:
    # Counters on parent rows (clear=False) first: rollups may sum them.
    for tally in sorted(TALLIES, key=lambda t: t.clear):
        tally.install(bind)


@dataclass(frozen=True)
class ParentLink:
    """Rows count only while the row they link to (`table`.id = `link`) is
    `live` (an SQL template over `{parent}`, reading the `watched` columns)."""

    table: str
    link: str
    live: str
    watched: tuple[str, ...]


def grouped_tally(
    name: str,
    source: str,
    *,
    keys: dict[str, str | dict[str, str]],
    measures: dict[str, str | dict[str, str]],
    watched: tuple[str, ...],
    live: str | None = None,
    parent: ParentLink | None = None,
    label: str | None = None,
    clocked: bool = False,
    registered: bool = True,
) -> Tally:
    """A rollup `name` of `source`'s rows (those where `live` holds, and whose
    `parent` is live) grouped by `keys`, summing `measures`. Keys, measures and
    `live` are SQL templates over `{row}` (OLD, NEW or the table), a key's or
    measure's also {dialect: template}; `watched`: the columns they read.
    Several tallies can share a table: each then has its own `label` (naming
    its triggers) and constant keys (its rows). An unregistered tally is an
    earlier definition that only its migrations install and remove."""

    def of(templates: dict, dialect: str) -> dict[str, str]:
        return {
            k: v[dialect] if isinstance(v, dict) else v for k, v in templates.items()
        }

    pg, lite = (
        _grouped(
            name,
            source,
            of(keys, dialect),
            of(measures, dialect),
            watched,
            live,
            parent,
            label,
            clocked,
        )
        for dialect in ("postgresql", "sqlite")
    )
    tally = replace(
        pg,
        sqlite=lite.sqlite,
        sqlite_parent=lite.sqlite_parent,
        recount=pg.recount | {"sqlite": lite.recount["sqlite"]},
    )
    return register(tally) if registered else tally


def _grouped(
    name: str,
    source: str,
    keys: dict[str, str],
    measures: dict[str, str],
    watched: tuple[str, ...],
    live: str | None,
    parent: ParentLink | None,
    label: str | None,
    clocked: bool,
) -> Tally:
    """grouped_tally's statements for keys of one dialect."""
    own_live = live
    if parent is not None:
        linked = (
            f"EXISTS (SELECT 1 FROM {parent.table} p WHERE p.id = {{row}}.{parent.link}"
            f" AND {parent.live.format(parent='p')})"
        )
        live = f"{own_live} AND {linked}" if own_live else linked

    def each(templates: dict[str, str], row: str) -> list[str]:
        return [template.format(row=row) for template in templates.values()]

    def match(row: str) -> str:
        return " AND ".join(
            f"{key} = {expr}" for key, expr in zip(keys, each(keys, row), strict=True)
        )

    def is_live(row: str) -> str:
        return live.format(row=row) if live else "TRUE"

    columns = ", ".join([*keys, *measures])
    take = ", ".join(
        f"{m} = {m} - {e}" for m, e in zip(measures, each(measures, "OLD"), strict=True)
    )
    add = ", ".join(f"{m} = {name}.{m} + EXCLUDED.{m}" for m in measures)
    sqlite_add = f"""
  INSERT OR IGNORE INTO {name} ({columns})
  SELECT {", ".join(each(keys, "NEW") + ["0"] * len(measures))}
  WHERE {is_live("NEW")};
  UPDATE {name} SET {
        ", ".join(
            f"{m} = {m} + {e}"
            for m, e in zip(measures, each(measures, "NEW"), strict=True)
        )
    }
  WHERE {is_live("NEW")} AND {match("NEW")};"""
    sqlite_remove = f"""
  UPDATE {name} SET {take} WHERE {is_live("OLD")} AND {match("OLD")};"""
    prefix = label or name
    function = f"{prefix}_change"
    recount = (
        f"INSERT INTO {name} ({columns}) "
        f"SELECT {', '.join(each(keys, source))}, "
        f"{', '.join(f'SUM({e})' for e in each(measures, source))} "
        f"FROM {source} WHERE {is_live(source)} "
        f"GROUP BY {', '.join(_row_keys(keys, source))}"
    )
    constant = [f"{key} = {e}" for key, e in keys.items() if "{row}" not in e]
    return Tally(
        table=name,
        source=source,
        **_row_triggers(
            prefix,
            function,
            source,
            watched,
            pg_remove=f"""
    IF {is_live("OLD")} THEN
      UPDATE {name} SET {take} WHERE {match("OLD")};
    END IF;""",
            pg_add=f"""
    IF {is_live("NEW")} THEN
      INSERT INTO {name} ({columns})
      VALUES ({", ".join(each(keys, "NEW") + each(measures, "NEW"))})
      ON CONFLICT ({", ".join(keys)}) DO UPDATE SET {add};
    END IF;""",
            sqlite_remove=sqlite_remove,
            sqlite_add=sqlite_add,
        ),
        recount=dict.fromkeys(("postgresql", "sqlite"), (recount,)),
        owns=" AND ".join(constant) if label else None,
        clocked=clocked,
        **_parent_triggers(name, prefix, source, keys, measures, own_live, parent),
    )


def _row_keys(keys: dict[str, str], row: str) -> list[str]:
    """The key expressions that read the row, to group by (PostgreSQL refuses
    to group by a constant string)."""
    return [
        template.format(row=row) for template in keys.values() if "{row}" in template
    ]


def _parent_triggers(
    name: str,
    prefix: str,
    source: str,
    keys: dict[str, str],
    measures: dict[str, str],
    live: str | None,
    parent: ParentLink | None,
) -> dict:
    """When a parent turns live or not, its rows are added to or taken from the
    rollup in one statement."""
    if parent is None:
        return {}
    trigger = f"{prefix}_parent"
    key_exprs = [k.format(row=source) for k in keys.values()]
    children = f"{source}.{parent.link} = NEW.id" + (
        f" AND {live.format(row=source)}" if live else ""
    )
    sign = f"(CASE WHEN {parent.live.format(parent='NEW')} THEN 1 ELSE -1 END)"
    columns = ", ".join([*keys, *measures])
    watched = ", ".join(parent.watched)
    old_live, new_live = (parent.live.format(parent=row) for row in ("OLD", "NEW"))
    add = ", ".join(f"{m} = {name}.{m} + EXCLUDED.{m}" for m in measures)
    same_key = " AND ".join(
        f"{expr} = {name}.{key}" for key, expr in zip(keys, key_exprs, strict=True)
    )
    moved = ", ".join(
        f"{m} = {m} + {sign} * (SELECT COALESCE(SUM({e.format(row=source)}), 0) "
        f"FROM {source} WHERE {children} AND {same_key})"
        for m, e in measures.items()
    )
    summed = ", ".join(
        f"{sign} * SUM({e.format(row=source)})" for e in measures.values()
    )
    return {
        "parent": parent.table,
        "parent_triggers": (trigger,),
        "postgresql_parent": (
            f"""
CREATE OR REPLACE FUNCTION {trigger}() RETURNS trigger AS $$
BEGIN
  INSERT INTO {name} ({columns})
  SELECT {", ".join(key_exprs)}, {summed} FROM {source} WHERE {children}
  GROUP BY {", ".join(_row_keys(keys, source))}
  ON CONFLICT ({", ".join(keys)}) DO UPDATE SET {add};
  RETURN NULL;
END $$ LANGUAGE plpgsql
""",
            f"""
CREATE TRIGGER {trigger} AFTER UPDATE OF {watched} ON {parent.table}
FOR EACH ROW WHEN (({old_live}) IS DISTINCT FROM ({new_live}))
EXECUTE FUNCTION {trigger}()
""",
        ),
        "sqlite_parent": (
            f"CREATE TRIGGER {trigger} AFTER UPDATE OF {watched} ON {parent.table}\n"
            f"WHEN ({old_live}) IS NOT ({new_live})\nBEGIN\n"
            f"  INSERT OR IGNORE INTO {name} ({columns}) SELECT DISTINCT "
            f"{', '.join(key_exprs + ['0'] * len(measures))} FROM {source} "
            f"WHERE {children};\n"
            f"  UPDATE {name} SET {moved} WHERE EXISTS (SELECT 1 FROM {source} "
            f"WHERE {children} AND {same_key});\nEND",
        ),
    }


def parent_counter(
    source: str,
    *,
    parent: str,
    link: str,
    column: str,
    measure: str,
    watched: tuple[str, ...],
    condition: str | None = None,
) -> Tally:
    """`parent.column` = the sum of `measure` over the `source` rows linked to it
    by `link` (where `condition` holds). `measure` and `condition` are SQL
    templates over `{row}`; `watched`: the source columns they and `link` read."""
    function = f"{parent}_{column}"

    def counts(row: str) -> str:
        extra = f" AND {condition.format(row=row)}" if condition else ""
        return f"{row}.{link} IS NOT NULL{extra}"

    def change(row: str, sign: str) -> str:
        return (
            f"UPDATE {parent} SET {column} = {column} {sign} "
            f"{measure.format(row=row)} WHERE id = {row}.{link}"
        )

    def pg_step(row: str, sign: str) -> str:
        return f"""
    IF {counts(row)} THEN
      {change(row, sign)};
    END IF;"""

    def sqlite_step(row: str, sign: str) -> str:
        return f"\n  {change(row, sign)} AND {counts(row)};"

    where = f" AND {condition.format(row=source)}" if condition else ""
    return register(
        Tally(
            table=parent,
            source=source,
            **_row_triggers(
                function,
                function,
                source,
                watched,
                pg_remove=pg_step("OLD", "-"),
                pg_add=pg_step("NEW", "+"),
                sqlite_remove=sqlite_step("OLD", "-"),
                sqlite_add=sqlite_step("NEW", "+"),
            ),
            # Only rows whose count is off are written: a bulk load that
            # generated the right counts is checked, not rewritten.
            recount=dict.fromkeys(
                ("postgresql", "sqlite"),
                (
                    f"UPDATE {parent} SET {column} = counted.n FROM (SELECT {link} "
                    f"AS id, SUM({measure.format(row=source)}) AS n FROM {source} "
                    f"WHERE {link} IS NOT NULL{where} GROUP BY {link}) AS counted "
                    f"WHERE {parent}.id = counted.id "
                    f"AND {parent}.{column} <> counted.n",
                    f"UPDATE {parent} SET {column} = 0 WHERE {column} <> 0 AND NOT "
                    f"EXISTS (SELECT 1 FROM {source} WHERE {source}.{link} = "
                    f"{parent}.id{where})",
                ),
            ),
            clear=False,
        )
    )


def _row_triggers(
    prefix: str,
    function: str,
    source: str,
    watched: tuple[str, ...],
    *,
    pg_remove: str,
    pg_add: str,
    sqlite_remove: str,
    sqlite_add: str,
) -> dict:
    """The PostgreSQL function and triggers and the SQLite triggers that take a
    `source` row's old values out (`*_remove`, over OLD) and put its new ones in
    (`*_add`, over NEW) on insert, delete and an update of `watched`."""
    changed_pg = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in watched)
    changed_sqlite = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in watched)
    columns = ", ".join(watched)
    return {
        "postgresql": (
            f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN{pg_remove}
  END IF;
  IF TG_OP <> 'DELETE' THEN{pg_add}
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql
""",
            f"""
CREATE TRIGGER {prefix}_write AFTER INSERT OR DELETE ON {source}
FOR EACH ROW EXECUTE FUNCTION {function}()
""",
            f"""
CREATE TRIGGER {prefix}_update AFTER UPDATE OF {columns} ON {source}
FOR EACH ROW WHEN ({changed_pg}) EXECUTE FUNCTION {function}()
""",
        ),
        "sqlite": (
            f"CREATE TRIGGER {prefix}_write AFTER INSERT ON {source}\n"
            f"BEGIN{sqlite_add}\nEND",
            f"CREATE TRIGGER {prefix}_delete AFTER DELETE ON {source}\n"
            f"BEGIN{sqlite_remove}\nEND",
            f"CREATE TRIGGER {prefix}_update AFTER UPDATE OF {columns} ON {source}\n"
            f"WHEN {changed_sqlite}\nBEGIN{sqlite_remove}{sqlite_add}\nEND",
        ),
        "triggers": (f"{prefix}_write", f"{prefix}_delete", f"{prefix}_update"),
        "function": function,
    }

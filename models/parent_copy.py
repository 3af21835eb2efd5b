"""Columns of a parent row copied onto its children by triggers (models/tally.py):
when a child is written, and when the parent's copied columns change. A
report then selects and groups the children from their own index instead of
joining every child to its parent."""

from __future__ import annotations

from models.tally import Tally, register


def parent_copy(
    child: str,
    *,
    parent: str,
    link: str,
    columns: dict[str, str],
    name: str,
    parent_trigger: str,
) -> Tally:
    """`child`.copy = `parent`.column for each {column: copy} of `columns`, the
    parent being `parent`.id = `child`.`link`. `name` names the child's
    triggers and function, `parent_trigger` the parent's."""
    pairs = list(columns.items())

    def differs(distinct: str, old: str, new: str) -> str:
        return " OR ".join(
            f"{old.format(column=c, copy=k)} {distinct} {new.format(column=c, copy=k)}"
            for c, k in pairs
        )

    from_parent = ", ".join(
        f"{copy} = (SELECT {column} FROM {parent} WHERE id = NEW.{link})"
        for column, copy in pairs
    )
    from_new = ", ".join(f"{copy} = NEW.{column}" for column, copy in pairs)
    watched = ", ".join(columns)

    def recount(distinct: str) -> str:
        """Copy what differs (a bulk load that wrote the copies is only checked)."""
        copied = ", ".join(f"{copy} = p.{column}" for column, copy in pairs)
        stale = differs(distinct, f"{child}.{{copy}}", "p.{column}")
        return (
            f"UPDATE {child} SET {copied} FROM {parent} p "
            f"WHERE p.id = {child}.{link} AND ({stale})"
        )

    return register(
        Tally(
            table=child,
            source=child,
            postgresql=(
                f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
  SELECT {watched} INTO {", ".join(f"NEW.{copy}" for copy in columns.values())}
  FROM {parent} WHERE id = NEW.{link};
  RETURN NEW;
END $$ LANGUAGE plpgsql
""",
                f"""
CREATE TRIGGER {name}_write
BEFORE INSERT OR UPDATE OF {link} ON {child}
FOR EACH ROW EXECUTE FUNCTION {name}()
""",
            ),
            sqlite=(
                f"""
CREATE TRIGGER {name}_write AFTER INSERT ON {child}
BEGIN
  UPDATE {child} SET {from_parent} WHERE id = NEW.id;
END
""",
                f"""
CREATE TRIGGER {name}_update
AFTER UPDATE OF {link} ON {child}
BEGIN
  UPDATE {child} SET {from_parent} WHERE id = NEW.id;
END
""",
            ),
            triggers=(f"{name}_write", f"{name}_update"),
            function=name,
            recount={
                "postgresql": (recount("IS DISTINCT FROM"),),
                "sqlite": (recount("IS NOT"),),
            },
            clear=False,
            parent=parent,
            parent_triggers=(parent_trigger,),
            postgresql_parent=(
                f"""
CREATE OR REPLACE FUNCTION {parent_trigger}() RETURNS trigger AS $$
BEGIN
  UPDATE {child} SET {from_new} WHERE {link} = NEW.id;
  RETURN NULL;
END $$ LANGUAGE plpgsql
""",
                f"""
CREATE TRIGGER {parent_trigger} AFTER UPDATE OF {watched} ON {parent}
FOR EACH ROW WHEN ({differs("IS DISTINCT FROM", "OLD.{column}", "NEW.{column}")})
EXECUTE FUNCTION {parent_trigger}()
""",
            ),
            sqlite_parent=(
                f"""
CREATE TRIGGER {parent_trigger} AFTER UPDATE OF {watched} ON {parent}
WHEN {differs("IS NOT", "OLD.{column}", "NEW.{column}")}
BEGIN
  UPDATE {child} SET {from_new} WHERE {link} = NEW.id;
END
""",
            ),
        )
    )

"""`Condition`: the base of our SQL functions that are conditions themselves
(services.prefix_match, services.substring_match)."""

from __future__ import annotations

from sqlalchemy import Boolean
from sqlalchemy.sql.functions import FunctionElement


class Condition(FunctionElement):
    """A subclass compiles to a bare condition; each sets `name` and its own
    `inherit_cache = True` (SQLAlchemy reads it off the class itself)."""

    type = Boolean()
    # Written as is in a WHERE: SQLite would otherwise get "… = 1", which no
    # index serves (a search read every name and phone, ~0.6 s per statement).
    _is_implicitly_boolean = True
    inherit_cache = True

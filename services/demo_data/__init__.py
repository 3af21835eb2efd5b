"""Deterministic demo data: a sales company with teams, users, customers,
contacts, follow-ups, leads, products and deals (opportunities, contracts,
payments, approval histories) (`pelago demo-data`, `make run`)."""

from services.demo_data.loader import (
    SCALES,
    DemoSummary,
    load_demo_data,
    stderr_progress,
)
from services.demo_data.organisation import Scale

__all__ = ["SCALES", "DemoSummary", "Scale", "load_demo_data", "stderr_progress"]

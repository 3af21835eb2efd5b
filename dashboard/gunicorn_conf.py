"""Gunicorn settings used by `pelago serve`: the master process runs the pool
rule job every PELAGO_POOL_JOB_MINUTES (unset or 0: off; use cron instead).

One scheduler per server, not per worker: the master never imports the app, and
the job's database lock keeps a cron run and the scheduler from overlapping."""

from __future__ import annotations


def when_ready(server) -> None:
    from services.pool_job import scheduler_from_env
    from services.settings import Settings

    scheduler = scheduler_from_env(Settings.from_env().database_url)
    if scheduler is not None:
        server.pelago_pool_scheduler = scheduler  # stopped with the master
        server.log.info("pool job scheduler started")


# Dash's browser pages call back every few seconds; a 2 s keep-alive (gunicorn's
# default) closed connections just as clients reused them (resets under locust).
keepalive = 10

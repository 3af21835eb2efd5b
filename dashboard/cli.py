"""`pelago` command line: init-db, create-user, demo-data, serve, backup,
restore."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from services.settings import Settings


def _init_db(settings: Settings, _args) -> None:
    from services.database import Database
    from services.reference_data import ensure_reference_data
    from services.schema import upgrade_database
    from services.tally_clock import align_tally_clock
    from services.users import ensure_roles

    upgrade_database(settings.database_url)
    database = Database(settings.database_url)
    with database.unit_of_work() as session:
        ensure_roles(session)
        ensure_reference_data(session)
        if align_tally_clock(session.connection(), settings.timezone):
            print(f"Report tallies recounted for {settings.timezone}")
    database.dispose()
    print(f"Database ready: {_display_url(settings.database_url)}")


def _create_user(settings: Settings, args) -> None:
    from services.database import Database
    from services.errors import ValidationFailed
    from services.users import create_user

    password = args.password or getpass.getpass("Password: ")
    database = Database(settings.database_url)
    try:
        with database.unit_of_work() as session:
            user = create_user(
                session,
                None,
                username=args.username,
                password=password,
                display_name=args.name or args.username,
                role_code=args.role,
                language=args.language,
            )
            print(f"Created user {user.username} (id {user.id}, role {args.role})")
    except ValidationFailed as error:
        for field, message in error.errors.items():
            print(f"{field}: {message}", file=sys.stderr)
        raise SystemExit(2) from error
    finally:
        database.dispose()


def _demo_data(settings: Settings, args) -> None:
    from services.database import make_engine
    from services.demo_data import load_demo_data, stderr_progress

    engine = make_engine(settings.database_url)
    try:
        summary = load_demo_data(
            engine,
            scale=args.scale,
            seed=args.seed,
            if_empty=args.if_empty,
            progress=stderr_progress,
        )
    except ValueError as error:  # the demo users exist already
        print(error, file=sys.stderr)
        raise SystemExit(2) from error
    finally:
        engine.dispose()
    print(summary.describe())


def _serve(settings: Settings, args) -> None:
    url = f"http://{settings.host}:{settings.port}"
    print(f"Pelago is running at {url}  (Ctrl+C to stop)")
    if settings.debug:
        from dashboard.app import create_app
        from services.pool_job import scheduler_from_env

        scheduler_from_env(settings.database_url)  # PELAGO_POOL_JOB_MINUTES
        create_app(settings).run(host=settings.host, port=settings.port, debug=True)
        return
    workers = str(args.workers)
    os.execvp(
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "dashboard.wsgi:server",
            # Starts the pool job scheduler in the master (PELAGO_POOL_JOB_MINUTES).
            "--config",
            "python:dashboard.gunicorn_conf",
            "--bind",
            f"{settings.host}:{settings.port}",
            "--workers",
            workers,
            "--threads",
            "4",
            "--access-logfile",
            "-",
            "--timeout",
            "120",
        ],
    )


def _backup(settings: Settings, args) -> None:
    from pathlib import Path

    from services.backup import BackupError, UnsupportedBackend, backup_database

    target_dir = Path(args.to) if args.to else settings.instance_dir / "backups"
    try:
        path = backup_database(settings.database_url, target_dir)
    except UnsupportedBackend as error:
        print(error, file=sys.stderr)
        raise SystemExit(3) from error
    except BackupError as error:
        print(f"Backup failed: {error}", file=sys.stderr)
        raise SystemExit(2) from error
    print(path)


def _restore(settings: Settings, args) -> None:
    from pathlib import Path

    from services.backup import BackupError, UnsupportedBackend, restore_database

    try:
        safety_copy = restore_database(
            settings.database_url, Path(args.file), settings.instance_dir / "backups"
        )
    except UnsupportedBackend as error:
        print(error, file=sys.stderr)
        raise SystemExit(3) from error
    except BackupError as error:
        print(f"Restore refused: {error}", file=sys.stderr)
        raise SystemExit(2) from error
    if safety_copy:
        print(f"Safety copy of the previous database: {safety_copy}")
    print(f"Restored {args.file} into {_display_url(settings.database_url)}")


def _jobs(settings: Settings, args) -> None:
    from services.database import make_engine
    from services.pool_job import run_pool_job

    engine = make_engine(settings.database_url)
    try:
        print(run_pool_job(engine).describe())
    finally:
        engine.dispose()


def _display_url(url: str) -> str:
    """The database URL without a password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="pelago", description="Pelago CRM")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init-db", help="create or migrate the database")
    user = commands.add_parser("create-user", help="add a user")
    user.add_argument("username")
    user.add_argument(
        "--role",
        default="rep",
        choices=["admin", "executive", "leader", "rep", "finance"],
    )
    user.add_argument("--name", help="display name")
    user.add_argument("--password", help="prompted for when absent")
    user.add_argument("--language", choices=["zh_CN", "en"])
    demo = commands.add_parser("demo-data", help="load the demo data set")
    demo.add_argument("--scale", default="small", choices=["small", "medium", "large"])
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument(
        "--if-empty",
        action="store_true",
        help="do nothing when the database already has users",
    )
    serve = commands.add_parser("serve", help="serve the app with gunicorn")
    serve.add_argument("--workers", type=int, default=2)
    backup = commands.add_parser(
        "backup", help="copy the SQLite database to a timestamped file"
    )
    backup.add_argument("--to", help="directory (default: instance/backups)")
    restore = commands.add_parser(
        "restore",
        help="replace the SQLite database with a backup (stop the server first)",
    )
    restore.add_argument("file", help="a file made by `pelago backup`")
    jobs = commands.add_parser(
        "jobs", help="run a background job once (safe to run from cron)"
    )
    jobs.add_argument("job", choices=["pool"], help="pool: apply the pool rules")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    handlers = {
        "init-db": _init_db,
        "create-user": _create_user,
        "demo-data": _demo_data,
        "serve": _serve,
        "jobs": _jobs,
        "backup": _backup,
        "restore": _restore,
    }
    handlers[args.command](settings, args)

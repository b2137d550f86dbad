"""The `frontoffice` command: `serve`, `demo` and every Django management command."""

from __future__ import annotations

import argparse
import os
import sys


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontoffice.config.settings")
    import django

    django.setup()


OLD_DATABASE = (
    "This data directory holds a database made by Frontoffice 0.1, whose migrations were "
    "reset in 0.2 (before any release). Move it aside (e.g. mv var var-0.1) and run again: "
    "a new database and the demo are made."
)


def _refuse_pre_release_database() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return
        cursor.execute(
            "SELECT 1 FROM django_migrations WHERE app = 'core' AND name = '0002_ordering_by_id'"
        )
        if cursor.fetchone():
            raise SystemExit(OLD_DATABASE)


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="frontoffice serve",
        description="Apply pending migrations, then serve Frontoffice with gunicorn.",
    )
    parser.add_argument("--host", default=os.environ.get("FRONTOFFICE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("FRONTOFFICE_PORT", "8000")))
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("FRONTOFFICE_WORKERS", "3"))
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    parser.add_argument("--no-migrate", action="store_true", help="skip applying migrations")
    args = parser.parse_args(argv)
    if args.workers < 1 or args.threads < 1:
        parser.error("--workers and --threads must be at least 1")

    _setup()
    from django.core.management import call_command
    from django.db import connections

    _refuse_pre_release_database()
    if not args.no_migrate:
        call_command("migrate", interactive=False, verbosity=0)
    connections.close_all()  # never share a connection with the forked workers

    from gunicorn.app.base import BaseApplication

    from frontoffice.config.wsgi import application

    class Server(BaseApplication):
        def load_config(self):
            options = {
                "bind": f"{args.host}:{args.port}",
                "workers": args.workers,
                "threads": args.threads,
                "worker_class": "gthread" if args.threads > 1 else "sync",
                # Above three busy timeouts (a request may wait for the write lock to touch
                # its token, to extend the inventory and to book), so a busy database is
                # answered 503 before gunicorn would end the worker.
                "timeout": 90,
                "graceful_timeout": 10,
                "keepalive": 5,
                "accesslog": os.environ.get("FRONTOFFICE_ACCESS_LOG") or None,
                "errorlog": "-",
                "loglevel": os.environ.get("FRONTOFFICE_LOG_LEVEL", "warning"),
                "proc_name": "frontoffice",
            }
            for key, value in options.items():
                self.cfg.set(key, value)
            self.cfg.set("post_fork", _tune_gc)

        def load(self):
            return application

    print(
        f"Frontoffice serving on http://{args.host}:{args.port} with {args.workers} workers",
        flush=True,
    )
    Server().run()
    return 0


def _tune_gc(server, worker) -> None:
    """Long-lived workers: move what the app loaded out of the collector's way and collect
    young objects less often; a request allocates many short-lived objects."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "serve":
        return serve(argv[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontoffice.config.settings")
    from django.core.management import execute_from_command_line

    if len(argv) > 1 and argv[1] in {"migrate", "demo"}:
        _setup()
        _refuse_pre_release_database()
    argv[0] = "frontoffice"
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())

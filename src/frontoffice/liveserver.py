"""A real `frontoffice serve` on its own database, for concurrency tests and benchmarks.

Each instance gets a fresh data directory and either a SQLite file or a new PostgreSQL
database, runs the real migrations, and serves with gunicorn worker processes.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

CHROMIUM = "/usr/bin/chromium"
# Headless Chromium on a machine without network: no sandbox (root), no GPU, no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


class LiveServer:
    def __init__(
        self,
        engine: str = "sqlite",
        workers: int = 3,
        pg_url: str | None = None,
        quiet: bool = True,
        threads: int = 1,
    ):
        self.threads = threads
        self.engine = engine
        self.workers = workers
        self.pg_admin_url = pg_url or os.environ.get("TEST_DATABASE_URL")
        self.quiet = quiet
        self.tmp = Path(tempfile.mkdtemp(prefix="fo-live-"))
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
        }
        self.env["FRONTOFFICE_DATA_DIR"] = str(self.tmp)
        self.db_name = None
        if engine == "postgres":
            if not self.pg_admin_url:
                raise RuntimeError("TEST_DATABASE_URL is needed for a PostgreSQL server")
            self.db_name = f"fo_live_{uuid.uuid4().hex[:10]}"
            _pg_admin(self.pg_admin_url, f'CREATE DATABASE "{self.db_name}"')
            parts = urlparse(self.pg_admin_url)
            self.env["DATABASE_URL"] = urlunparse(parts._replace(path=f"/{self.db_name}"))
        self.commands: list[str] = []

    def manage(self, *args: str) -> str:
        cmd = [sys.executable, "-m", "frontoffice.config.cli", *args]
        self.commands.append(" ".join(["frontoffice", *args]))
        result = subprocess.run(cmd, env=self.env, capture_output=True, text=True, check=False)
        if result.returncode:
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def python(self, code: str) -> str:
        """Run Django code against this server's database; returns its stdout."""
        script = (
            "import os, django\n"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'frontoffice.config.settings')\n"
            "django.setup()\n" + code
        )
        result = subprocess.run(
            [sys.executable, "-c", script],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise RuntimeError(f"setup script failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def spawn(self, script: str) -> subprocess.Popen:
        """Start a Python script against this server's database and leave it running, its
        stdin, stdout and stderr piped (tests that hold a transaction open in it)."""
        return subprocess.Popen(
            [sys.executable, "-c", script],
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def start(self) -> LiveServer:
        self.manage("migrate", "--noinput")
        cmd = [
            sys.executable,
            "-m",
            "frontoffice.config.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
            "--no-migrate",
        ]
        if self.threads > 1:
            cmd += ["--threads", str(self.threads)]
        self.commands.append(" ".join(["frontoffice", *cmd[3:]]))
        out = subprocess.DEVNULL if self.quiet else None
        self.process = subprocess.Popen(cmd, env=self.env, stdout=out, stderr=out)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("frontoffice serve exited early")
            try:
                urllib.request.urlopen(self.base_url + "/api/v1/openapi.json", timeout=2).read()
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise RuntimeError("frontoffice serve did not answer within 30 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.db_name:
            try:
                _pg_admin(
                    self.pg_admin_url, f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)'
                )
            except Exception:  # noqa: BLE001 - cleanup must not hide the test's result
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> LiveServer:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()


def request(
    method: str, url: str, body=None, token: str | None = None, headers=None, timeout: float = 60
) -> tuple[int, dict | list | None]:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    for key, value in (headers or {}).items():
        req.add_header(key, value)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, json.loads(raw)
        except ValueError:
            return error.code, {"raw": raw.decode(errors="replace")}


@contextmanager
def holding_the_nights(server, room_type, dates):
    """Another transaction holds these nights' inventory rows (PostgreSQL) or the write
    lock (SQLite), so the requests sent meanwhile pile up inside their transactions."""
    if server.engine == "postgres":
        import psycopg

        with psycopg.connect(server.env["DATABASE_URL"]) as conn:
            conn.execute(
                "SELECT n.id FROM lodging_inventorynight n JOIN lodging_roomtype t "
                "ON t.id = n.room_type_id WHERE lower(t.code) = %s AND n.date = ANY(%s) "
                "FOR UPDATE OF n",
                [room_type, list(dates)],
            ).fetchall()
            yield
            conn.rollback()
    else:
        import fcntl

        path = server.tmp / "frontoffice.sqlite3.writelock"
        with open(path, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
            fcntl.flock(handle, fcntl.LOCK_UN)


SETUP_HOTEL = """
from decimal import Decimal
from frontoffice.core.services import auth, establishments
from frontoffice.lodging import services as lodging
root = auth.user_create(username="root", password="root-pass-123", superuser=True)
est = establishments.establishment_create(
    actor=root, code={code!r}, name="Live hotel", timezone_name="UTC"
)
rooms = {rooms!r}
number = 1000
for type_code, count in rooms.items():
    lodging.room_type_create(establishment=est, code=type_code, name=type_code.upper(),
                             capacity=4, base_rate=Decimal("120.00"))
    for _ in range(count):
        number += 1
        lodging.room_create(establishment=est, number=str(number), room_type_code=type_code)
print(auth.token_create(user=root))
"""


def setup_hotel(server: LiveServer, code: str = "live", rooms: dict[str, int] | None = None) -> str:
    """Create an establishment with rooms and return a superuser's bearer token."""
    out = server.python(SETUP_HOTEL.format(code=code, rooms=rooms or {"std": 3}))
    return out.strip().splitlines()[-1]

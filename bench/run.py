"""`make bench`: drive the real `frontoffice serve --workers 4` and print JSON lines.

1. Availability for 30 nights on an establishment of 1,000 rooms holding 100,000
   reservations, and on one holding 1,000: p50/p99 at the service layer and over HTTP.
2. Booking over HTTP with 16 concurrent clients on SQLite and on PostgreSQL: successful
   bookings/s, p50/p99 latency, oversold nights (must be 0).
3. The engine's own ceiling for a comparable transaction (raw sqlite3 with 4 processes;
   pgbench with 16 clients), and our figure as a ratio of it.
5. Billing over HTTP: 16 clients posting charges and payments to 50 folios; entries/s,
   p50/p99, and every balance checked exact against what the clients posted.
4. The staff pages on the demo hotel (120 rooms, about 10,000 reservations), logged in as
   the front office manager with a session: p50/p99 of each page over HTTP.
6. The live requests queue page (and its polled rows) with 500 open requests, logged in
   as the front office manager: p50/p99 over HTTP (the target: p99 <= 50 ms).
5. The night audit of one hotel with 10,000 rooms and 10,000 in-house stays (room charge
   and city tax each), on SQLite and PostgreSQL: seconds of the first run, and of the
   second, which must post nothing.

Progress goes to stderr, results (one JSON object per line) to stdout.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from frontoffice.liveserver import LiveServer  # noqa: E402

COMMANDS: list[str] = []


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def emit(**fields) -> None:
    print(json.dumps(fields), flush=True)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return round(ordered[index], 2)


SEED = """
import datetime as dt, random, time, json
from decimal import Decimal
from django.contrib.auth import get_user_model
from django.db import transaction
from frontoffice.core import tenancy
from frontoffice.core.services import auth, establishments
from frontoffice.customers.models import Customer
from frontoffice.lodging import services as lodging
from frontoffice.lodging.limits import HORIZON_DAYS
from frontoffice.lodging.services import inventory
from frontoffice.lodging.models import InventoryNight, Reservation, ReservationNight
# Benchmark data in bulk (100,000 reservations): a harness, not a write path of the product.
_all = tenancy.every_establishment()
_all.__enter__()
User = get_user_model()
root = User.objects.filter(username="root").first() or auth.user_create(username="root", password="bench-pass-1", superuser=True)
est = establishments.establishment_create(actor=root, code={code!r}, name="Bench {code}", timezone_name="UTC")
types = []
for t in range(10):
    rt = lodging.room_type_create(establishment=est, code=f"t{{t}}", name=f"Type {{t}}", capacity=4, base_rate=Decimal("100.00") + t)
    types.append(rt)
Room = __import__("frontoffice.lodging.models", fromlist=["Room"]).Room
Room.objects.bulk_create([Room(establishment=est, room_type=types[i // 100], number=f"{{i:04d}}", floor=i // 50) for i in range(1000)])
for rt in types:
    inventory.recompute_future(rt)
today = est.today()
first = today - dt.timedelta(days=365)
inventory.ensure(est, today + dt.timedelta(days=HORIZON_DAYS), start=first)
rng = random.Random(1)
customers = Customer.objects.bulk_create([Customer(establishment=est, last_name=f"Guest{{i}}") for i in range(max(1, {count} // 5))], batch_size=2000)
sold = {{}}
res, nights = [], []
for i in range({count}):
    rt = types[rng.randrange(10)]
    arrival = first + dt.timedelta(days=rng.randrange(0, 720))
    n = rng.choice([1, 2, 2, 3, 4])
    if any(sold.get((rt.pk, arrival + dt.timedelta(days=k)), 0) >= 100 for k in range(n)):
        continue
    for k in range(n):
        sold[(rt.pk, arrival + dt.timedelta(days=k))] = sold.get((rt.pk, arrival + dt.timedelta(days=k)), 0) + 1
    res.append(Reservation(establishment=est, confirmation=f"{code_prefix}{{i:07d}}", customer=customers[i % len(customers)], room_type=rt,
               arrival=arrival, departure=arrival + dt.timedelta(days=n), adults=2, total_price=rt.base_rate * n,
               status="checked_out" if arrival + dt.timedelta(days=n) < today else "confirmed"))
res = Reservation.objects.bulk_create(res, batch_size=2000)
rows = []
for r in res:
    for k in range(r.nights_count):
        rows.append(ReservationNight(establishment=est, reservation=r, room_type_id=r.room_type_id, date=r.arrival + dt.timedelta(days=k), price=r.total_price / r.nights_count))
ReservationNight.objects.bulk_create(rows, batch_size=5000)
inv = list(InventoryNight.objects.filter(establishment=est))
for row in inv:
    row.sold = sold.get((row.room_type_id, row.date), 0)
InventoryNight.objects.bulk_update(inv, ["sold"], batch_size=2000)
print(json.dumps({{"reservations": Reservation.objects.filter(establishment=est).count(), "token": auth.token_create(user=root)}}))
"""

SERVICE_TIMING = """
import datetime as dt, time, json
from frontoffice.core import tenancy
from frontoffice.core.models import Establishment
from frontoffice.lodging import selectors
est = Establishment.unscoped.get(code={code!r})
_one = tenancy.scope(est)
_one.__enter__()
today = est.today()
times = []
for i in range({n}):
    arrival = today + dt.timedelta(days=10 + i % 200)
    start = time.perf_counter()
    selectors.availability(est, arrival, arrival + dt.timedelta(days=30))
    times.append((time.perf_counter() - start) * 1000)
print(json.dumps(times))
"""

OVERSOLD = """
import json
from collections import Counter
from django.db.models import Count
from frontoffice.core import tenancy
from frontoffice.lodging.models import InventoryNight, ReservationNight, Room
_all = tenancy.every_establishment()
_all.__enter__()
held = Counter(dict(((r["room_type_id"], r["date"]), r["n"]) for r in ReservationNight.objects.filter(held=True).values("room_type_id", "date").annotate(n=Count("id"))))
rooms = Counter(Room.objects.filter(active=True).values_list("room_type_id", flat=True))
oversold = sum(1 for (rt, day), n in held.items() if n > rooms[rt])
mismatch = sum(1 for row in InventoryNight.objects.all() if row.sold != held.get((row.room_type_id, row.date), 0))
print(json.dumps({"oversold_nights": oversold, "inventory_mismatches": mismatch}))
"""


def seed(server: LiveServer, code: str, count: int) -> str:
    log(f"seeding {code}: 1,000 rooms, {count:,} reservations")
    started = time.monotonic()
    out = server.python(SEED.format(code=code, count=count, code_prefix=code[:1].upper()))
    info = json.loads(out.strip().splitlines()[-1])
    log(f"seeded {info['reservations']:,} reservations in {time.monotonic() - started:.0f}s")
    return info["token"]


class Client:
    """A plain HTTP/1.1 client, one per thread: http.client costs the load generator far
    less CPU than urllib, and the load generator shares the two cores with the server."""

    def __init__(self, base_url: str, token: str):
        self.host, port = base_url.removeprefix("http://").split(":")
        self.port = int(port)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def send(self, method: str, path: str, body=None) -> tuple[int, float]:
        data = None if body is None else json.dumps(body)
        for attempt in range(2):
            start = time.perf_counter()
            try:
                self.conn.request(method, path, data, self.headers)
                response = self.conn.getresponse()
                response.read()
                return response.status, (time.perf_counter() - start) * 1000
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt:
                    raise
        raise AssertionError("unreachable")


def http_get(client: Client, path: str) -> float:
    status, elapsed = client.send("GET", path)
    assert status == 200, status
    return elapsed


def availability_bench(engine: str, samples: int) -> None:
    with LiveServer(engine=engine, workers=4) as server:
        for code, count in (("big", 100_000), ("small", 1_000)):
            token = seed(server, code, count)
            service = json.loads(server.python(SERVICE_TIMING.format(code=code, n=samples)).strip())
            base = f"/api/v1/establishments/{code}/availability"
            import datetime as dt

            today = dt.date.today()
            client = Client(server.base_url, token)
            for _ in range(100):  # warm every worker
                http_get(
                    client, f"{base}?arrival={today}&departure={today + dt.timedelta(days=30)}"
                )
            http = []
            for i in range(samples):
                arrival = today + dt.timedelta(days=10 + i % 200)
                window = f"arrival={arrival}&departure={arrival + dt.timedelta(days=30)}"
                http.append(http_get(client, f"{base}?{window}"))
            emit(
                bench="availability_30_nights",
                engine=engine,
                rooms=1000,
                reservations=count,
                service_p50_ms=pct(service, 50),
                service_p99_ms=pct(service, 99),
                http_p50_ms=pct(http, 50),
                http_p99_ms=pct(http, 99),
                samples=samples,
            )
        COMMANDS.extend(server.commands)


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used so far (from /proc; 0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _server_pids(server: LiveServer) -> tuple[list[int], list[int]]:
    """The gunicorn workers, and the PostgreSQL backends serving this server's database."""
    out = subprocess.run(
        ["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True
    ).stdout
    workers = [int(pid) for pid in out.split()]
    backends: list[int] = []
    if server.engine == "postgres":
        import psycopg

        with psycopg.connect(server.pg_admin_url, autocommit=True) as conn:
            backends = [
                row[0]
                for row in conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s", [server.db_name]
                ).fetchall()
            ]
    return workers, backends


def booking_bench(engine: str, clients: int, seconds: float) -> float:
    with LiveServer(engine=engine, workers=4) as server:
        from frontoffice.liveserver import setup_hotel

        token = setup_hotel(server, code="book", rooms={f"t{i}": 100 for i in range(10)})
        import datetime as dt

        today = dt.date.today()
        path = "/api/v1/establishments/book/reservations"
        latencies: list[float] = []
        outcomes: dict[int, int] = {}
        booked_live = [0]  # successful bookings so far, read while the load runs
        lock = threading.Lock()
        deadline = time.monotonic() + seconds + 2

        def client(seed: int) -> None:
            rng = random.Random(seed)
            http_client = Client(server.base_url, token)
            local, counts = [], {}
            while time.monotonic() < deadline:
                arrival = today + dt.timedelta(days=rng.randrange(1, 300))
                body = {
                    "guest": {"first_name": "Bench", "last_name": f"Client{seed}"},
                    "room_type": f"t{rng.randrange(10)}",
                    "arrival": arrival.isoformat(),
                    "departure": (arrival + dt.timedelta(days=rng.randrange(1, 4))).isoformat(),
                    "adults": 2,
                }
                status, elapsed = http_client.send("POST", path, body)
                if status == 201:
                    with lock:
                        booked_live[0] += 1
                if time.monotonic() > deadline - seconds:  # skip the 2 s warm-up
                    local.append(elapsed)
                    counts[status] = counts.get(status, 0) + 1
            with lock:
                latencies.extend(local)
                for k, v in counts.items():
                    outcomes[k] = outcomes.get(k, 0) + v

        log(f"booking on {engine}: {clients} clients for {seconds:.0f}s")
        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        # CPU per booking in the workers and in the database over the middle of the run: a
        # steadier figure than bookings per second on a shared VM.
        time.sleep(3)
        workers, backends = _server_pids(server)
        cpu_before = [sum(_cpu_seconds(p) for p in pids) for pids in (workers, backends)]
        with lock:
            booked_before = booked_live[0]
        time.sleep(max(1.0, seconds - 3))
        cpu_after = [sum(_cpu_seconds(p) for p in pids) for pids in (workers, backends)]
        with lock:
            booked_during = max(1, booked_live[0] - booked_before)
        for t in threads:
            t.join()
        check = json.loads(server.python(OVERSOLD).strip().splitlines()[-1])
        rate = outcomes.get(201, 0) / seconds
        emit(
            bench="booking_http",
            engine=engine,
            clients=clients,
            workers=4,
            seconds=seconds,
            bookings_per_s=round(rate, 1),
            p50_ms=pct(latencies, 50),
            p99_ms=pct(latencies, 99),
            worker_cpu_ms_per_booking=round(
                1000 * (cpu_after[0] - cpu_before[0]) / booked_during, 2
            ),
            database_cpu_ms_per_booking=round(
                1000 * (cpu_after[1] - cpu_before[1]) / booked_during, 2
            ),
            statuses={str(k): v for k, v in sorted(outcomes.items())},
            **check,
        )
        COMMANDS.extend(server.commands)
        return rate


RAW_SCHEMA = [
    "CREATE TABLE inv (room_type INTEGER, date INTEGER, capacity INTEGER, sold INTEGER, PRIMARY KEY (room_type, date), CHECK (sold <= capacity))",
    "CREATE TABLE res (id INTEGER PRIMARY KEY, code TEXT UNIQUE, room_type INTEGER, arrival INTEGER, departure INTEGER, guest TEXT, total NUMERIC)",
    "CREATE TABLE night (id INTEGER PRIMARY KEY, res INTEGER, date INTEGER, price NUMERIC)",
]


def _raw_sqlite_worker(path: str, seconds: float, seed: int, counter) -> None:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    rng = random.Random(seed)
    done = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        rt, day, n = rng.randrange(10), rng.randrange(300), rng.randrange(1, 4)
        conn.execute("BEGIN IMMEDIATE")
        cur = conn.execute(
            "UPDATE inv SET sold = sold + 1 WHERE room_type = ? AND date >= ? AND date < ? AND sold < capacity",
            (rt, day, day + n),
        )
        if cur.rowcount != n:
            conn.execute("ROLLBACK")
            continue
        cur = conn.execute(
            "INSERT INTO res (code, room_type, arrival, departure, guest, total) VALUES (?, ?, ?, ?, ?, ?)",
            (f"{seed}-{done}-{rng.random()}", rt, day, day + n, "Bench", 100 * n),
        )
        conn.executemany(
            "INSERT INTO night (res, date, price) VALUES (?, ?, ?)",
            [(cur.lastrowid, day + k, 100) for k in range(n)],
        )
        conn.execute("COMMIT")
        done += 1
    with counter.get_lock():
        counter.value += done


def raw_sqlite(seconds: float, processes: int = 4) -> float:
    tmp = tempfile.mkdtemp(prefix="fo-raw-")
    path = os.path.join(tmp, "raw.sqlite3")
    conn = sqlite3.connect(path)
    for statement in RAW_SCHEMA:
        conn.execute(statement)
    conn.executemany(
        "INSERT INTO inv VALUES (?, ?, 100000, 0)",
        [(rt, d) for rt in range(10) for d in range(310)],
    )
    conn.commit()
    conn.close()
    counter = multiprocessing.Value("i", 0)
    workers = [
        multiprocessing.Process(target=_raw_sqlite_worker, args=(path, seconds, i, counter))
        for i in range(processes)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    shutil.rmtree(tmp, ignore_errors=True)
    COMMANDS.append(
        f"python: raw sqlite3, {processes} processes, BEGIN IMMEDIATE; UPDATE inv; INSERT res; INSERT nights; COMMIT"
    )
    return counter.value / seconds


PGBENCH_SCRIPT = """\\set rt random(0, 9)
\\set d random(0, 299)
\\set n random(1, 3)
BEGIN;
UPDATE inv SET sold = sold + 1 WHERE room_type = :rt AND date >= :d AND date < :d + :n AND sold < capacity;
INSERT INTO res (code, room_type, arrival, departure, guest, total) VALUES (md5(random()::text), :rt, :d, :d + :n, 'Bench', 100 * :n) RETURNING id \\gset
INSERT INTO night (res, date, price) SELECT :id, g, 100 FROM generate_series(:d, :d + :n - 1) g;
END;
"""


def raw_postgres(url: str, seconds: float, clients: int) -> float | None:
    import uuid

    import psycopg

    if not shutil.which("pgbench"):
        log("pgbench not found; skipping the PostgreSQL ceiling")
        return None
    name = f"fo_raw_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    from urllib.parse import urlparse, urlunparse

    db_url = urlunparse(urlparse(url)._replace(path=f"/{name}"))
    try:
        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE inv (room_type int, date int, capacity int, sold int, PRIMARY KEY (room_type, date), CHECK (sold <= capacity))"
            )
            conn.execute(
                "CREATE TABLE res (id bigserial PRIMARY KEY, code text UNIQUE, room_type int, arrival int, departure int, guest text, total numeric)"
            )
            conn.execute(
                "CREATE TABLE night (id bigserial PRIMARY KEY, res bigint, date int, price numeric)"
            )
            conn.execute(
                "INSERT INTO inv SELECT rt, d, 100000, 0 FROM generate_series(0, 9) rt, generate_series(0, 309) d"
            )
        script = Path(tempfile.mkdtemp(prefix="fo-pgbench-")) / "booking.sql"
        script.write_text(PGBENCH_SCRIPT)
        cmd = [
            "pgbench",
            "-n",
            "-c",
            str(clients),
            "-j",
            "2",
            "-T",
            str(int(seconds)),
            "-f",
            str(script),
            db_url,
        ]
        COMMANDS.append(" ".join(cmd[:-1] + ["<db>"]))
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            if line.startswith("tps ="):
                return float(line.split()[2])
        return None
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


PAGES = [
    ("dashboard", "/e/demo/"),
    ("dashboard_figures", "/e/demo/dashboard/figures/"),
    ("availability_31_nights", "/e/demo/availability/?days=31"),
    ("reservation_list", "/e/demo/reservations/"),
    ("reservation_list_in_house", "/e/demo/reservations/?group=in_house"),
    ("header_search_name", "/e/demo/find/?q=jansen"),
    ("rates_14_nights", "/e/demo/rates/"),
    ("new_reservation_form", "/e/demo/reservations/new/"),
    ("guest_list", "/e/demo/guests/?q=kowal"),
]


def _session(base_url: str, username: str, password: str) -> str:
    """Log in through the login form as a browser does; the session cookie."""
    import re
    from http.cookies import SimpleCookie
    from urllib.parse import urlencode, urlsplit

    where = urlsplit(base_url)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    conn.request("GET", "/login/")
    answer = conn.getresponse()
    page = answer.read().decode()
    jar = SimpleCookie()
    for header in answer.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    cookie = "; ".join(f"{k}={v.value}" for k, v in jar.items())
    conn.request(
        "POST",
        "/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Referer": base_url + "/login/",
        },
    )
    answer = conn.getresponse()
    answer.read()
    for header in answer.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    if "sessionid" not in jar:
        raise SystemExit(f"login failed: {answer.status}")
    return "; ".join(f"{k}={v.value}" for k, v in jar.items())


def pages_bench(samples: int) -> None:
    """The staff pages on the demo data, one person at a time (what a desk feels)."""
    from urllib.parse import urlsplit

    log("pages: loading the demo into a fresh data directory")
    with LiveServer(workers=2) as live:
        live.manage("demo")
        cookie = _session(live.base_url, "manager", "demo")
        where = urlsplit(live.base_url)
        conn = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
        for name, path in PAGES:
            times = []
            for i in range(samples + 5):
                started = time.perf_counter()
                conn.request("GET", path, headers={"Cookie": cookie, "Accept-Language": "de"})
                answer = conn.getresponse()
                answer.read()
                if answer.status != 200:
                    raise SystemExit(f"{path}: {answer.status}")
                if i >= 5:  # the first ones warm the workers' caches
                    times.append((time.perf_counter() - started) * 1000)
            emit(
                bench="page",
                page=name,
                path=path,
                p50_ms=pct(times, 50),
                p99_ms=pct(times, 99),
                samples=len(times),
            )


QUEUE_SEED = """
import datetime as dt, random
from django.utils import timezone
from frontoffice.core import tenancy
from frontoffice.core.services import auth, establishments
from frontoffice.customers import services as customers
from frontoffice.guestservice.services import requests as requests_services
from frontoffice.lodging import services as lodging
from decimal import Decimal
rng = random.Random(8)
with tenancy.every_establishment():
    root = auth.user_create(username="root", password="root-pass-123", superuser=True)
    est = establishments.establishment_create(
        actor=root, code="queue", name="Queue hotel", timezone_name="UTC"
    )
    manager = auth.user_create(username="manager", password="bench-Pass-123")
    establishments.staff_role_grant(establishment=est, user=manager, role="front_office_manager")
    staff = [manager]
    for i in range(6):
        user = auth.user_create(username=f"staff{{i}}", password="bench-Pass-123")
        establishments.staff_role_grant(establishment=est, user=user, role="front_desk_agent")
        staff.append(user)
    guests = [
        customers.customer_create(establishment=est, actor=root, first_name="Guest", last_name=f"Queue{{i}}")
        for i in range(50)
    ]
    kinds = ["amenity", "service", "maintenance", "housekeeping", "concierge_booking", "luggage"]
    priorities = ["low", "normal", "high", "urgent"]
    now = timezone.now()
    for i in range({count}):
        row = requests_services.request_create(
            establishment=est, actor=root, kind=kinds[i % len(kinds)],
            priority=priorities[i % 4], customer=guests[i % 50],
            description=f"Request number {{i}}",
            due_at=now + dt.timedelta(minutes=rng.randint(-120, 240)),
        )
        if i % 3 == 0:
            requests_services.request_assign(request=row, actor=root, user=rng.choice(staff))
        if i % 9 == 0:
            requests_services.request_start(request=row, actor=root)
print("ok")
"""


def queue_bench(samples: int, count: int = 500) -> None:
    """The live queue page and its polled rows with 500 open requests, one person at a
    time, logged in with a session (as a desk's browser)."""
    from urllib.parse import urlsplit

    log(f"queue: {count} open requests")
    with LiveServer(workers=2) as live:
        live.python(QUEUE_SEED.format(count=count))
        cookie = _session(live.base_url, "manager", "bench-Pass-123")
        where = urlsplit(live.base_url)
        conn = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
        for name, path in (
            ("request_queue", "/e/queue/requests/"),
            ("request_queue_rows", "/e/queue/requests/rows/"),
        ):
            times = []
            for i in range(samples + 5):
                started = time.perf_counter()
                conn.request("GET", path, headers={"Cookie": cookie, "Accept-Language": "de"})
                answer = conn.getresponse()
                body = answer.read()
                if answer.status != 200:
                    raise SystemExit(f"{path}: {answer.status}")
                if i >= 5:
                    times.append((time.perf_counter() - started) * 1000)
            rows = body.count(b'id="request-')
            if rows != min(count, 50) or f'data-open-count="{count}"'.encode() not in body:
                raise SystemExit(f"{path}: {rows} rows shown, {count} not counted")
            emit(
                bench="page",
                page=name,
                path=path,
                open_requests=count,
                rows_shown=rows,
                p50_ms=pct(times, 50),
                p99_ms=pct(times, 99),
                samples=len(times),
            )
        COMMANDS.extend(live.commands)


def billing_bench(engine: str, clients: int, seconds: float, folios: int = 50) -> None:
    """Clients post charges and payments over HTTP to 50 company folios; at the end every
    folio's balance must be exactly the sum of what the clients posted to it."""
    from decimal import Decimal

    with LiveServer(engine=engine, workers=4) as server:
        from frontoffice.liveserver import request, setup_hotel

        token = setup_hotel(server, code="bill", rooms={"std": 1})
        base = "/api/v1/establishments/bill/folios"
        ids = []
        for i in range(folios):
            status, body = request(
                "POST",
                server.base_url + base,
                {"kind": "company", "name": f"Bench {i}"},
                token=token,
            )
            assert status == 201, body
            ids.append(body["id"])
        expected = {folio: Decimal(0) for folio in ids}
        latencies: list[float] = []
        outcomes: dict[int, int] = {}
        lock = threading.Lock()
        deadline = time.monotonic() + seconds

        def client(seed: int) -> None:
            rng = random.Random(seed)
            http_client = Client(server.base_url, token)
            local, counts, posted = [], {}, {}
            while time.monotonic() < deadline:
                folio = rng.choice(ids)
                cents = rng.randrange(100, 20000)
                amount = Decimal(cents).scaleb(-2)
                if rng.random() < 0.6:
                    what, body, effect = (
                        "charges",
                        {"category": "minibar", "unit_price": str(amount)},
                        amount,
                    )
                else:
                    what, body, effect = (
                        "payments",
                        {"amount": str(amount), "method": "cash"},
                        -amount,
                    )
                status, elapsed = http_client.send("POST", f"{base}/{folio}/{what}", body)
                local.append(elapsed)
                counts[status] = counts.get(status, 0) + 1
                if status == 201:
                    posted[folio] = posted.get(folio, Decimal(0)) + effect
            with lock:
                latencies.extend(local)
                for k, v in counts.items():
                    outcomes[k] = outcomes.get(k, 0) + v
                for folio, value in posted.items():
                    expected[folio] += value

        log(f"billing on {engine}: {clients} clients, {folios} folios for {seconds:.0f}s")
        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wrong = 0
        for folio in ids:
            status, body = request("GET", f"{server.base_url}{base}/{folio}", token=token)
            if status != 200 or Decimal(body["balance"]) != expected[folio]:
                wrong += 1
        emit(
            bench="billing_http",
            engine=engine,
            clients=clients,
            folios=folios,
            workers=4,
            seconds=seconds,
            entries_per_s=round(outcomes.get(201, 0) / seconds, 1),
            p50_ms=pct(latencies, 50),
            p99_ms=pct(latencies, 99),
            statuses={str(k): v for k, v in sorted(outcomes.items())},
            balances_wrong=wrong,
        )
        COMMANDS.extend(server.commands)


AUDIT_SEED = """
import datetime as dt, json
from decimal import Decimal
from frontoffice.core import tenancy
from frontoffice.core.services import auth, establishments
from frontoffice.billing.models import Folio
from frontoffice.lodging import services as lodging
from frontoffice.lodging.models import Reservation, ReservationNight, Room, RoomType
from frontoffice.customers.models import Customer
from frontoffice.lodging.services import inventory
# Benchmark data in bulk: a harness, not a write path of the product.
_all = tenancy.every_establishment()
_all.__enter__()
root = auth.user_create(username="root", password="bench-pass-1", superuser=True)
est = establishments.establishment_create(actor=root, code="audit", name="Audit", timezone_name="UTC")
rt = lodging.room_type_create(establishment=est, code="std", name="STD", capacity=3, base_rate=Decimal("120.00"))
rooms = Room.objects.bulk_create([Room(establishment=est, room_type=rt, number=f"{{i:05d}}") for i in range({n})])
lodging.city_tax_save(establishment=est, kind="fixed_per_person", amount=Decimal("3.00"), valid_from=dt.date(2020, 1, 1))
today = est.today()
customers = Customer.objects.bulk_create([Customer(establishment=est, last_name=f"G{{i}}") for i in range({n})], batch_size=2000)
folios = Folio.objects.bulk_create([Folio(establishment=est, name=c.last_name, currency="EUR") for c in customers], batch_size=2000)
res = Reservation.objects.bulk_create([Reservation(establishment=est, confirmation=f"A{{i:07d}}", customer=customers[i], folio=folios[i], room_type=rt, room=rooms[i],
    arrival=today, departure=today + dt.timedelta(days=2), adults=2, total_price=Decimal("240.00"), status="checked_in") for i in range({n})], batch_size=2000)
ReservationNight.objects.bulk_create([ReservationNight(establishment=est, reservation=r, room_type=rt, room=r.room, date=today + dt.timedelta(days=k), price=Decimal("120.00"))
    for r in res for k in range(2)], batch_size=5000)
print(json.dumps({{"day": today.isoformat()}}))
"""

AUDIT_RUN = """
import datetime as dt, json, time
from frontoffice.core.models import Establishment
from frontoffice.lodging.services import night_audit
from frontoffice.billing.models import Entry
from frontoffice.core import tenancy
est = Establishment.unscoped.get(code="audit")
day = dt.date.fromisoformat({day!r})
times = []
for _ in range(2):
    started = time.perf_counter()
    report = night_audit(establishment=est, actor=None, business_date=day)
    times.append(time.perf_counter() - started)
with tenancy.scope(est):
    entries = Entry.objects.filter(establishment=est).count()
print(json.dumps({{"first_s": round(times[0], 2), "second_s": round(times[1], 3), "entries": entries, "rooms_sold": report.figures["rooms_sold"]}}))
"""


def audit_bench(engine: str, stays: int = 10_000) -> None:
    """The night audit of one hotel of `stays` rooms, every one in house."""
    with LiveServer(engine=engine, workers=1) as server:
        log(f"night audit on {engine}: seeding {stays:,} in-house stays")
        info = json.loads(server.python(AUDIT_SEED.format(n=stays)).strip().splitlines()[-1])
        COMMANDS.extend(server.commands)
        out = json.loads(server.python(AUDIT_RUN.format(day=info["day"])).strip().splitlines()[-1])
        emit(bench="night_audit", engine=engine, in_house_stays=stays, rooms=stays, **out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument(
        "--only",
        choices=["availability", "booking", "pages", "billing", "audit", "queue"],
        default=None,
    )
    args = parser.parse_args()
    pg_url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("BENCH_DATABASE_URL")
    emit(
        bench="machine",
        cpus=os.cpu_count(),
        python=platform.python_version(),
        platform=platform.platform(),
        sqlite=sqlite3.sqlite_version,
        postgres=bool(pg_url),
    )
    if args.only in (None, "pages"):
        pages_bench(min(args.samples, 100))
    if args.only in (None, "queue"):
        queue_bench(min(args.samples, 200))
    if args.only in (None, "availability"):
        availability_bench("sqlite", args.samples)
    engines = ["sqlite"] + (["postgres"] if pg_url else [])
    if args.only in (None, "billing"):
        for engine in engines:
            billing_bench(engine, args.clients, args.seconds)
    if args.only in (None, "audit"):
        for engine in engines:
            audit_bench(engine)
    if args.only in ("availability", "pages", "billing", "audit", "queue"):
        engines = []
    for engine in engines:
        ours = booking_bench(engine, args.clients, args.seconds)
        log(f"engine ceiling on {engine}")
        if engine == "sqlite":
            ceiling = raw_sqlite(min(args.seconds, 10))
            how = "raw sqlite3, 4 processes, same transaction shape"
        else:
            ceiling = raw_postgres(pg_url, min(args.seconds, 10), args.clients)
            how = f"pgbench, {args.clients} clients, same transaction shape"
        if ceiling:
            emit(
                bench="engine_ceiling",
                engine=engine,
                method=how,
                transactions_per_s=round(ceiling, 1),
                ours_bookings_per_s=round(ours, 1),
                ratio=round(ours / ceiling, 3),
            )
    if not pg_url:
        log("TEST_DATABASE_URL is not set: PostgreSQL figures skipped")
    emit(bench="commands", commands=COMMANDS)


if __name__ == "__main__":
    main()

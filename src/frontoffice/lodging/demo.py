"""The demo hotel: 120 rooms in 6 types, a year of reservations around today at realistic
occupancy, guests from several countries, one login per role. Deterministic for a given
day; loading it twice changes nothing."""

from __future__ import annotations

import datetime as dt
import random
import sys
import unicodedata
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from frontoffice.core import services as core_services
from frontoffice.core.models import Customer, Department, Establishment, Role, StaffRole

from . import inventory, services
from .models import (
    InventoryNight,
    Reservation,
    ReservationNight,
    ReservationStatus,
    Source,
)

CODE = "demo"
PASSWORD = "demo"
ROOM_TYPES = [
    # code, name, persons, rooms, base rate
    ("sgl", "Single", 1, 20, "89.00"),
    ("dbl", "Double", 2, 40, "119.00"),
    ("twn", "Twin", 2, 25, "119.00"),
    ("sup", "Superior double", 3, 15, "159.00"),
    ("fam", "Family room", 4, 12, "189.00"),
    ("ste", "Suite", 4, 8, "349.00"),
]
LOGINS = [
    ("desk", Role.FRONT_DESK_AGENT),
    ("reception", Role.RECEPTIONIST),
    ("concierge", Role.CONCIERGE),
    ("porter", Role.PORTER),
    ("cashier", Role.CASHIER),
    ("clerk", Role.FILE_CLERK),
    ("manager", Role.FRONT_OFFICE_MANAGER),
    ("finance", Role.BACK_OFFICE_FINANCE),
    ("hr", Role.BACK_OFFICE_HR),
    ("admin", Role.ADMINISTRATOR),
]
NAMES = {
    "NL": (
        ["Daan", "Emma", "Sem", "Julia", "Lucas", "Sophie", "Noah", "Tess"],
        ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer"],
        "nl",
        "+316",
    ),
    "DE": (
        ["Lukas", "Mia", "Leon", "Hannah", "Felix", "Lena", "Jonas", "Anna"],
        ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann"],
        "de",
        "+49151",
    ),
    "PL": (
        ["Jakub", "Zuzanna", "Antoni", "Julia", "Jan", "Maja", "Szymon", "Zofia"],
        [
            "Nowak",
            "Kowalski",
            "Wiśniewski",
            "Wójcik",
            "Kowalczyk",
            "Kamiński",
            "Lewandowski",
            "Zieliński",
        ],
        "pl",
        "+4860",
    ),
    "ES": (
        ["Hugo", "Lucía", "Martín", "Sofía", "Pablo", "Martina", "Mateo", "Valeria"],
        ["García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez"],
        "es",
        "+346",
    ),
    "GB": (
        ["Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Lily"],
        ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Davies"],
        "en",
        "+447700",
    ),
    "US": (
        ["James", "Olivia", "Liam", "Emma", "Ethan", "Ava", "Mason", "Mia"],
        ["Johnson", "Miller", "Davis", "Moore", "Clark", "Lewis", "Walker", "Hall"],
        "en",
        "+1202555",
    ),
    "FR": (
        ["Gabriel", "Louise", "Raphaël", "Jade", "Arthur", "Ambre", "Louis", "Alice"],
        ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand"],
        "",
        "+336",
    ),
}
COUNTRY_WEIGHTS = {"NL": 30, "DE": 20, "GB": 14, "US": 10, "ES": 9, "PL": 9, "FR": 8}


def _progress(label: str, done: int, total: int, out=sys.stderr) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    out.write(f"\r{label:<28} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        out.write("\n")
    out.flush()


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower().replace(" ", "").replace("ł", "l"))
    return folded.encode("ascii", "ignore").decode()


def _phone(rng: random.Random, prefix: str) -> str:
    digits = 11 - len(prefix.lstrip("+")) + 2
    return prefix + "".join(str(rng.randrange(10)) for _ in range(max(digits, 6)))


def load(stdout=sys.stdout, days_back: int = 180, days_ahead: int = 185) -> bool:
    """Create the demo hotel. Returns False when it already exists (nothing changes)."""
    if Establishment.objects.filter(code=CODE).exists():
        stdout.write("The demo hotel is already loaded; nothing changed.\n")
        return False
    User = get_user_model()
    rng = random.Random(20261123)
    with transaction.atomic():
        root = User.objects.filter(username="root").first() or User.objects.create_superuser(
            "root", email="", password=PASSWORD
        )
        est = core_services.establishment_create(
            actor=root,
            code=CODE,
            name="Hotel Amstel Demo",
            kind="hotel",
            timezone_name="Europe/Amsterdam",
            currency="EUR",
            language="en",
        )
        for kind, name, ext in [
            (Department.Kind.CONCIERGE, "Concierge", "210"),
            (Department.Kind.BELL_DESK, "Bell desk", "220"),
            (Department.Kind.HOUSEKEEPING, "Housekeeping", "300"),
            (Department.Kind.ACCOUNTING, "Accounting", "400"),
            (Department.Kind.HR, "Human resources", "410"),
        ]:
            Department.objects.create(establishment=est, kind=kind, name=name, extension=ext)
        Department.objects.filter(establishment=est, kind=Department.Kind.FRONT_DESK).update(
            extension="100"
        )
        for username, role in LOGINS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(username, password=PASSWORD)
            if role in (Role.FRONT_OFFICE_MANAGER, Role.ADMINISTRATOR):
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            StaffRole.objects.get_or_create(user=user, establishment=est, role=role)
        number_by_floor: dict[int, int] = {}
        types = {}
        floor = 1
        for index, (code, name, persons, count, rate) in enumerate(ROOM_TYPES):
            types[code] = services.room_type_create(
                establishment=est,
                code=code,
                name=name,
                capacity=persons,
                base_rate=Decimal(rate),
                sort_order=index,
            )
            for _ in range(count):
                if number_by_floor.get(floor, 0) >= 20:
                    floor += 1
                number_by_floor[floor] = number_by_floor.get(floor, 0) + 1
                services.room_create(
                    establishment=est,
                    number=f"{floor}{number_by_floor[floor]:02d}",
                    room_type_code=code,
                    floor=floor,
                    features=rng.sample(
                        ["balcony", "bathtub", "city view", "canal view", "quiet", "accessible"], 2
                    ),
                )
        plan_bb = services.rate_plan_create(
            establishment=est,
            code="bb",
            name="Bed & breakfast",
            prices={c: Decimal(r) + 18 for c, _n, _p, _k, r in ROOM_TYPES},
        )
        services.rate_plan_create(
            establishment=est,
            code="nr",
            name="Non-refundable",
            min_stay=2,
            prices={
                c: (Decimal(r) * Decimal("0.88")).quantize(Decimal("0.01"))
                for c, _n, _p, _k, r in ROOM_TYPES
            },
        )
        today = est.today()
        summer = dt.date(today.year + (1 if today.month > 8 else 0), 7, 1)
        for code, _n, _p, _k, rate in ROOM_TYPES:
            services.rate_plan_override(
                plan=plan_bb,
                room_type_code=code,
                start=summer,
                end=summer + dt.timedelta(days=62),
                price=Decimal(rate) + 48,
            )
        first = today - dt.timedelta(days=days_back)
        inventory.ensure(est, today + dt.timedelta(days=inventory.HORIZON_DAYS), start=first)
        _reservations(est, types, rng, root, first, today, days_ahead, stdout)
    stdout.write("Demo hotel loaded.\n")
    return True


def _reservations(est, types, rng, root, first, today, days_ahead, stdout) -> None:
    last = today + dt.timedelta(days=days_ahead)
    total_days = (last - first).days
    sold: dict[tuple[str, dt.date], int] = {}
    customers: list[Customer] = []
    stays = []  # (type_code, arrival, nights, adults, children, customer_index, source)
    countries = list(COUNTRY_WEIGHTS)
    weights = list(COUNTRY_WEIGHTS.values())
    for offset in range(total_days):
        day = first + dt.timedelta(days=offset)
        if offset % 10 == 0 or offset == total_days - 1:
            _progress("Planning stays", offset + 1, total_days)
        # Busier at weekends and in summer; the far future is not booked up yet.
        season = 0.78 + 0.12 * (day.month in (5, 6, 7, 8, 9)) - 0.1 * (day.month in (1, 2, 11))
        weekend = 0.08 if day.weekday() in (4, 5) else 0.0
        pickup = (
            1.0 if day <= today + dt.timedelta(days=14) else max(0.35, 1 - (day - today).days / 260)
        )
        target = min(0.97, (season + weekend) * pickup)
        for code, _name, persons, rooms, _rate in ROOM_TYPES:
            wanted = int(rooms * target) - sold.get((code, day), 0)
            for _ in range(max(0, wanted)):
                nights = rng.choices([1, 2, 3, 4, 5, 7, 10], [22, 30, 20, 12, 8, 6, 2])[0]
                span = [day + dt.timedelta(days=i) for i in range(nights)]
                if any(sold.get((code, d), 0) >= rooms for d in span) or span[-1] >= last:
                    continue
                for d in span:
                    sold[(code, d)] = sold.get((code, d), 0) + 1
                adults = min(persons, rng.choice([1, 2, 2, 2, 3]))
                children = rng.choice([0, 0, 0, 1, 2]) if persons - adults > 0 else 0
                children = min(children, persons - adults)
                if customers and rng.random() < 0.15:
                    holder = rng.randrange(len(customers))  # a returning guest
                else:
                    country = rng.choices(countries, weights)[0]
                    firsts, lasts, language, prefix = NAMES[country]
                    fn, ln = rng.choice(firsts), rng.choice(lasts)
                    customers.append(
                        Customer(
                            establishment=est,
                            first_name=fn,
                            last_name=ln,
                            email=_ascii(f"{fn}.{ln}.{len(customers)}@example.com"),
                            phone=_phone(rng, prefix),
                            language=language,
                            nationality=country,
                            vip_level=rng.choices([0, 1, 2, 3], [94, 3, 2, 1])[0],
                        )
                    )
                    holder = len(customers) - 1
                source = rng.choices(Source.values, [25, 15, 8, 4, 20, 22, 2, 3, 1])[0]
                stays.append((code, day, nights, adults, children, holder, source))
    stdout.write(f"Saving {len(customers)} guests and {len(stays)} reservations…\n")
    customers = bulk_create_with_history(customers, Customer, batch_size=1000, default_user=root)
    customers = list(Customer.objects.filter(establishment=est).order_by("pk"))
    reservations, cancelled = [], []
    used = set()
    for index, (code, arrival, nights, adults, children, holder, source) in enumerate(stays):
        departure = arrival + dt.timedelta(days=nights)
        if departure < today:
            status = rng.choices(
                [ReservationStatus.CHECKED_OUT, ReservationStatus.NO_SHOW], [98, 2]
            )[0]
        elif arrival < today:
            status = ReservationStatus.CHECKED_IN  # departures today leave later today
        else:
            status = ReservationStatus.CONFIRMED
        rate = Decimal(dict((c, r) for c, _n, _p, _k, r in ROOM_TYPES)[code])
        while True:
            confirmation = services.new_confirmation()
            if confirmation not in used:
                used.add(confirmation)
                break
        reservations.append(
            Reservation(
                establishment=est,
                confirmation=confirmation,
                customer=customers[holder],
                room_type=types[code],
                arrival=arrival,
                departure=departure,
                adults=adults,
                children=children,
                status=status,
                source=source,
                guarantee="credit_card" if source != "walk_in" else "none",
                total_price=rate * nights,
                created_by=root,
            )
        )
        if arrival > today and rng.random() < 0.06:
            cancelled.append(index)
        if index % 500 == 0 or index == len(stays) - 1:
            _progress("Building reservations", index + 1, len(stays))
    # Some future bookings were cancelled: they hold no nights.
    for index in cancelled:
        reservations[index].status = ReservationStatus.CANCELLED
        reservations[index].cancel_reason = "Change of plans"
    saved = []
    for start in range(0, len(reservations), 1000):
        saved += bulk_create_with_history(
            reservations[start : start + 1000], Reservation, batch_size=1000, default_user=root
        )
        _progress("Saving reservations", min(start + 1000, len(reservations)), len(reservations))
    saved = list(Reservation.objects.filter(establishment=est).order_by("pk"))
    nights_rows = []
    held_count: dict[tuple[int, dt.date], int] = {}
    for r in saved:
        held = r.status not in (ReservationStatus.CANCELLED, ReservationStatus.NO_SHOW)
        price = r.total_price / r.nights_count
        for i in range(r.nights_count):
            d = r.arrival + dt.timedelta(days=i)
            nights_rows.append(
                ReservationNight(
                    establishment=est,
                    reservation=r,
                    room_type_id=r.room_type_id,
                    date=d,
                    price=price,
                    held=held,
                )
            )
            if held:
                held_count[(r.room_type_id, d)] = held_count.get((r.room_type_id, d), 0) + 1
    for start in range(0, len(nights_rows), 5000):
        ReservationNight.objects.bulk_create(nights_rows[start : start + 5000], batch_size=1000)
        _progress("Saving nights", min(start + 5000, len(nights_rows)), len(nights_rows))
    rows = list(InventoryNight.objects.filter(establishment=est, date__gte=first, date__lt=last))
    changed = []
    for row in rows:
        n = held_count.get((row.room_type_id, row.date), 0)
        if n:
            row.sold = n
            changed.append(row)
    InventoryNight.objects.bulk_update(changed, ["sold"], batch_size=1000)
    _progress("Updating inventory", 1, 1)

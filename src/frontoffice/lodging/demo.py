"""The demo hotel: 120 rooms in 6 types, a year of reservations around today at realistic
occupancy, guests from several countries, one login per role. Deterministic for a given
day; loading it twice changes nothing.

It is made through the same services as everything else: the reservations are imported
with `reservation_import`, which takes their nights through the booking's own conditional
UPDATE, so the demo cannot oversell or leave a counter wrong either.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import unicodedata
from decimal import Decimal

import phonenumbers
from django.contrib.auth import get_user_model
from django.db import transaction

from frontoffice.billing.services import folios as folio_services
from frontoffice.billing.services import invoices as invoice_services
from frontoffice.billing.services import ledger
from frontoffice.billing.services import setup as billing_setup
from frontoffice.core import tenancy
from frontoffice.core.errors import Conflict
from frontoffice.core.models import Department, Establishment, Role
from frontoffice.core.services import auth as auth_services
from frontoffice.core.services import establishments as establishment_services

from . import services
from .limits import HORIZON_DAYS
from .models import Housekeeping, Reservation, ReservationStatus, Room, Source
from .services import inventory

CODE = "demo"
PASSWORD = "demo"
ROOM_TYPES = [
    # code, name, persons, rooms, base rate
    ("sgl", "Single room", 1, 20, "89.00"),
    ("dbl", "Double room", 2, 40, "119.00"),
    ("twn", "Twin room", 2, 25, "119.00"),
    ("sup", "Superior double room", 3, 15, "159.00"),
    ("fam", "Family room", 4, 12, "189.00"),
    ("ste", "Suite", 4, 8, "349.00"),
]
# The names a guest reads on a hotel's own site in each language (data, not code).
NAMES_PER_LANGUAGE = {
    "sgl": {
        "nl": "Eenpersoonskamer",
        "de": "Einzelzimmer",
        "pl": "Pokój jednoosobowy",
        "es": "Habitación individual",
    },
    "dbl": {
        "nl": "Tweepersoonskamer",
        "de": "Doppelzimmer",
        "pl": "Pokój dwuosobowy",
        "es": "Habitación doble",
    },
    "twn": {
        "nl": "Twinkamer",
        "de": "Zweibettzimmer",
        "pl": "Pokój typu twin",
        "es": "Habitación doble con dos camas",
    },
    "sup": {
        "nl": "Superior tweepersoonskamer",
        "de": "Doppelzimmer Superior",
        "pl": "Pokój dwuosobowy typu superior",
        "es": "Habitación doble superior",
    },
    "fam": {
        "nl": "Familiekamer",
        "de": "Familienzimmer",
        "pl": "Pokój rodzinny",
        "es": "Habitación familiar",
    },
    "ste": {"nl": "Suite", "de": "Suite", "pl": "Apartament", "es": "Suite"},
    "bb": {
        "nl": "Logies en ontbijt",
        "de": "Übernachtung mit Frühstück",
        "pl": "Nocleg ze śniadaniem",
        "es": "Alojamiento y desayuno",
    },
    "nr": {
        "nl": "Niet-restitueerbaar",
        "de": "Nicht erstattungsfähig",
        "pl": "Taryfa bezzwrotna",
        "es": "No reembolsable",
    },
}


def _names(code: str, name: str) -> dict[str, str]:
    return {"en": name, **NAMES_PER_LANGUAGE[code]}


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
    ),
    "DE": (
        ["Lukas", "Mia", "Leon", "Hannah", "Felix", "Lena", "Jonas", "Anna"],
        ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann"],
        "de",
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
    ),
    "ES": (
        ["Hugo", "Lucía", "Martín", "Sofía", "Pablo", "Martina", "Mateo", "Valeria"],
        ["García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez"],
        "es",
    ),
    "GB": (
        ["Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Lily"],
        ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Davies"],
        "en",
    ),
    "US": (
        ["James", "Olivia", "Liam", "Emma", "Ethan", "Ava", "Mason", "Mia"],
        ["Johnson", "Miller", "Davis", "Moore", "Clark", "Lewis", "Walker", "Hall"],
        "en",
    ),
    "FR": (
        ["Gabriel", "Louise", "Raphaël", "Jade", "Arthur", "Ambre", "Louis", "Alice"],
        ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand"],
        "",
    ),
}
COUNTRY_WEIGHTS = {"NL": 30, "DE": 20, "GB": 14, "US": 10, "ES": 9, "PL": 9, "FR": 8}


# Polish women carry the feminine form of these surnames.
FEMININE_PL = {"Zuzanna", "Julia", "Maja", "Zofia"}


class DemoRefused(Exception):
    pass


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


def _surname(country: str, first: str, last: str) -> str:
    if country == "PL" and first in FEMININE_PL:
        for masculine, feminine in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
            if last.endswith(masculine):
                return last[: -len(masculine)] + feminine
    return last


def _phone(rng: random.Random, country: str) -> str:
    """A valid mobile number of the country (the app checks every number it stores)."""
    example = phonenumbers.example_number_for_type(country, phonenumbers.PhoneNumberType.MOBILE)
    national = str(example.national_number)
    for _attempt in range(50):
        tail = "".join(str(rng.randrange(10)) for _ in range(5))
        candidate = phonenumbers.PhoneNumber(
            country_code=example.country_code, national_number=int(national[:-5] + tail)
        )
        if phonenumbers.is_valid_number(candidate):
            return phonenumbers.format_number(candidate, phonenumbers.PhoneNumberFormat.E164)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)


def refuse_reason() -> str | None:
    """Why the demo may not be loaded here: it creates logins with a known password, so
    never beside real establishments."""
    if Establishment.unscoped.exclude(code=CODE).exists():
        return (
            "This database holds other establishments. The demo creates logins with the "
            "password 'demo' and is only loaded into a database of its own."
        )
    return None


def load(stdout=sys.stdout, days_back: int = 180, days_ahead: int = 185) -> bool:
    """Create the demo hotel. Returns False when it already exists (nothing changes);
    raises DemoRefused beside other establishments."""
    if Establishment.unscoped.filter(code=CODE).exists():
        stdout.write("The demo hotel is already loaded; nothing changed.\n")
        return False
    reason = refuse_reason()
    if reason:
        raise DemoRefused(reason)
    User = get_user_model()
    rng = random.Random(20261123)
    with transaction.atomic():
        root = User.objects.filter(username="root").first() or auth_services.user_create(
            username="root", password=PASSWORD, superuser=True
        )
        est = establishment_services.establishment_create(
            actor=root,
            code=CODE,
            name="Hotel Amstel Demo",
            kind="hotel",
            timezone_name="Europe/Amsterdam",
            currency="EUR",
            language="en",
            country="NL",
        )
        with tenancy.scope(est):
            _setup(est, rng)
            today = est.today()
            first = today - dt.timedelta(days=days_back)
            inventory.ensure(est, today + dt.timedelta(days=HORIZON_DAYS), start=first)
            _reservations(est, rng, root, first, today, days_ahead, stdout)
            _billing(est)
            _desk(est, rng, root, today, stdout)
            from .extensions import demo_steps

            for step in demo_steps:
                step(est, rng, root, today, stdout)
    stdout.write("Demo hotel loaded.\n")
    return True


def _setup(est, rng) -> None:
    User = get_user_model()
    for kind, name, ext in [
        (Department.Kind.CONCIERGE, "Concierge", "210"),
        (Department.Kind.BELL_DESK, "Bell desk", "220"),
        (Department.Kind.HOUSEKEEPING, "Housekeeping", "300"),
        (Department.Kind.ACCOUNTING, "Accounting", "400"),
        (Department.Kind.HR, "Human resources", "410"),
    ]:
        establishment_services.department_save(
            establishment=est, kind=kind, name=name, extension=ext
        )
    front_desk = Department.objects.get(establishment=est, kind=Department.Kind.FRONT_DESK)
    establishment_services.department_save(
        establishment=est,
        department=front_desk,
        kind=front_desk.kind,
        name=front_desk.name,
        extension="100",
    )
    for username, role in LOGINS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = auth_services.user_create(username=username, password=PASSWORD)
        establishment_services.staff_role_grant(establishment=est, user=user, role=role)
    number_by_floor: dict[int, int] = {}
    floor = 1
    for index, (code, name, persons, count, rate) in enumerate(ROOM_TYPES):
        services.room_type_create(
            establishment=est,
            code=code,
            name=name,
            names=_names(code, name),
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
    services.rate_plan_create(
        establishment=est,
        code="bb",
        name="Bed & breakfast",
        names=_names("bb", "Bed & breakfast"),
        prices={c: Decimal(r) + 18 for c, _n, _p, _k, r in ROOM_TYPES},
    )
    services.rate_plan_create(
        establishment=est,
        code="nr",
        name="Non-refundable",
        names=_names("nr", "Non-refundable"),
        min_stay=2,
        prices={
            c: (Decimal(r) * Decimal("0.88")).quantize(Decimal("0.01"))
            for c, _n, _p, _k, r in ROOM_TYPES
        },
    )
    _rates(est, User.objects.get(username="manager"))


def _rates(est, manager) -> None:
    """What a manager sets on the rates page, so the page shows something real: weekend
    prices for bed & breakfast for half a year, a summer season, and a busy weekend within
    the first two weeks the page shows (a two-night minimum for arrivals on the Friday, no
    non-refundable arrivals on the Saturday). Through the same service as the page, in the
    manager's name."""
    today = est.today()
    codes = [c for c, _n, _p, _k, _r in ROOM_TYPES]
    for code, _n, _p, _k, rate in ROOM_TYPES:
        services.rate_plan_days_change(
            establishment=est,
            actor=manager,
            rate_plan_code="bb",
            room_type_codes=[code],
            first_night=today,
            last_night=today + dt.timedelta(days=182),
            weekdays=[4, 5],  # Friday and Saturday nights
            price=Decimal(rate) + 18 + 25,
        )
    summer = dt.date(today.year + (1 if today.month > 8 else 0), 7, 1)
    for code, _n, _p, _k, rate in ROOM_TYPES:
        services.rate_plan_days_change(
            establishment=est,
            actor=manager,
            rate_plan_code="bb",
            room_type_codes=[code],
            first_night=max(summer, today),
            last_night=summer + dt.timedelta(days=61),
            price=Decimal(rate) + 48,
        )
    ahead = (4 - today.weekday()) % 7
    friday = today + dt.timedelta(days=ahead if ahead >= 3 else ahead + 7)
    services.rate_plan_days_change(
        establishment=est,
        actor=manager,
        rate_plan_code="bb",
        room_type_codes=codes,
        first_night=friday,
        last_night=friday,
        min_stay=2,
    )
    services.rate_plan_days_change(
        establishment=est,
        actor=manager,
        rate_plan_code="nr",
        room_type_codes=codes,
        first_night=friday + dt.timedelta(days=1),
        last_night=friday + dt.timedelta(days=1),
        closed_to_arrival=True,
    )


def _plan(rng, first, today, days_ahead):
    """Stays to import: (type, arrival, nights, adults, children, guest, source), where
    guest is a new guest's details or the index of an earlier stay's guest."""
    last = today + dt.timedelta(days=days_ahead)
    total_days = (last - first).days
    sold: dict[tuple[str, dt.date], int] = {}
    guests = 0
    stays = []
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
                if guests and rng.random() < 0.15:
                    guest = rng.randrange(len(stays))  # a returning guest
                else:
                    country = rng.choices(countries, weights)[0]
                    firsts, lasts, language = NAMES[country]
                    fn = rng.choice(firsts)
                    ln = _surname(country, fn, rng.choice(lasts))
                    guest = {
                        "first_name": fn,
                        "last_name": ln,
                        "email": _ascii(f"{fn}.{ln}.{guests}@example.com"),
                        "phone": _phone(rng, country),
                        "language": language,
                        "nationality": country,
                        "vip_level": rng.choices([0, 1, 2, 3], [94, 3, 2, 1])[0],
                    }
                    guests += 1
                source = rng.choices(Source.values, [25, 15, 8, 4, 20, 22, 2, 3, 1])[0]
                stays.append((code, day, nights, adults, children, guest, source))
    return stays


def _reservations(est, rng, root, first, today, days_ahead, stdout) -> None:
    stays = _plan(rng, first, today, days_ahead)
    stdout.write(f"Importing {len(stays)} reservations…\n")
    holders: list[int] = []
    for index, (code, arrival, nights, adults, children, guest, source) in enumerate(stays):
        departure = arrival + dt.timedelta(days=nights)
        cancel_reason = ""
        if departure < today:
            status = rng.choices(
                [ReservationStatus.CHECKED_OUT, ReservationStatus.NO_SHOW], [98, 2]
            )[0]
        elif arrival < today:
            status = ReservationStatus.CHECKED_IN  # departures today leave later today
        else:
            status = ReservationStatus.CONFIRMED
            if arrival > today and rng.random() < 0.06:
                status, cancel_reason = ReservationStatus.CANCELLED, "Change of plans"
        returning = isinstance(guest, int)
        try:
            reservation = services.reservation_import(
                establishment=est,
                actor=root,
                room_type_code=code,
                arrival=arrival,
                departure=departure,
                status=status,
                adults=adults,
                children=children,
                customer_id=holders[guest] if returning else None,
                guest=None if returning else guest,
                source=source,
                guarantee="credit_card" if source != "walk_in" else "none",
                cancel_reason=cancel_reason,
            )
        except Conflict as error:  # pragma: no cover - the plan never oversells
            raise DemoRefused(f"stay {index} could not be imported: {error.detail}") from None
        holders.append(reservation.customer_id)
        if index % 250 == 0 or index == len(stays) - 1:
            _progress("Importing reservations", index + 1, len(stays))


def _billing(est) -> None:
    """Dutch VAT (accommodation 9 % until 2025, 21 % from 2026; food 9 %; the rest 21 %),
    Amsterdam's city tax of 12.5 % of the room price, and the desk's allowance limit."""
    nine_until = dt.date(2025, 12, 31)
    billing_setup.tax_rate_save(
        establishment=est,
        category="room",
        rate="9",
        valid_from=dt.date(2019, 1, 1),
        valid_until=nine_until,
    )
    billing_setup.tax_rate_save(
        establishment=est, category="room", rate="21", valid_from=dt.date(2026, 1, 1)
    )
    for category, rate in [
        ("breakfast", "9"),
        ("food_and_beverage", "9"),
        ("minibar", "21"),
        ("phone", "21"),
        ("laundry", "21"),
        ("parking", "21"),
        ("service", "21"),
        ("other", "21"),
    ]:
        billing_setup.tax_rate_save(
            establishment=est, category=category, rate=rate, valid_from=dt.date(2019, 1, 1)
        )
    services.city_tax_save(
        establishment=est,
        kind="percent_of_room",
        percent=Decimal("12.5"),
        valid_from=dt.date(2024, 1, 1),
    )
    folio_services.billing_settings_set(establishment=est, actor=None, allowance_limit="25")


EXTRAS = [
    ("breakfast", "Breakfast", "24.50"),
    ("minibar", "Minibar", "6.00"),
    ("food_and_beverage", "Dinner", "58.00"),
    ("laundry", "Laundry", "18.00"),
    ("parking", "Parking", "35.00"),
]


def _desk(est, rng, root, today, stdout) -> None:
    """The desk as it stands this morning: every guest in house has a room and a folio with
    the nights so far and some extras, part of it paid; vacant rooms in every housekeeping
    status; a company account with an invoice still to be paid."""
    in_house = list(
        Reservation.objects.filter(establishment=est, status=ReservationStatus.CHECKED_IN)
        .select_related("folio")
        .prefetch_related("nights")
        .order_by("arrival", "id")
    )
    stdout.write(f"Rooms and folios for {len(in_house)} guests in house…\n")
    occupied = set()
    for index, reservation in enumerate(in_house):
        reservation = services.reservation_assign_room(reservation=reservation, actor=root)
        occupied.add(reservation.room_id)
        folio = reservation.folio
        for night in reservation.nights.all():
            if night.date < today:
                ledger.charge_post(
                    folio=folio,
                    actor=root,
                    category="room",
                    unit_price=night.price,
                    description=f"Room {reservation.room.number}, {night.date.isoformat()}",
                )
        for category, description, price in rng.sample(EXTRAS, rng.randrange(0, 3)):
            ledger.charge_post(
                folio=folio,
                actor=root,
                category=category,
                unit_price=price,
                quantity=reservation.adults if category == "breakfast" else 1,
                description=description,
            )
        balance = sum((e.amount for e in folio.entries.all()), Decimal(0))
        if balance > 0 and (reservation.departure == today or rng.random() < 0.4):
            # Guests leaving today mostly settled last night; others paid a deposit.
            paid = (
                balance
                if reservation.departure == today
                else (balance / 2).quantize(Decimal("0.01"))
            )
            ledger.payment_take(
                folio=folio,
                actor=root,
                amount=paid,
                method=rng.choice(["cash", "bank_transfer"]),
            )
        if index % 25 == 0 or index == len(in_house) - 1:
            _progress("Rooms and folios", index + 1, len(in_house))
    vacant = list(
        Room.objects.filter(establishment=est, active=True)
        .exclude(pk__in=occupied)
        .order_by("number")
    )
    for room in vacant:
        status = rng.choices(
            [Housekeeping.CLEAN, Housekeeping.INSPECTED, Housekeeping.DIRTY], [45, 30, 25]
        )[0]
        if status != room.housekeeping:
            services.room_set_housekeeping(room=room, status=status, actor=root)
    for room in Room.objects.filter(pk__in=occupied).exclude(housekeeping=Housekeeping.DIRTY):
        if rng.random() < 0.5:
            services.room_set_housekeeping(room=room, status=Housekeeping.DIRTY, actor=root)
    company = folio_services.folio_create(
        establishment=est,
        actor=root,
        kind="company",
        name="Van Dijk Consultancy B.V.",
        address="Keizersgracht 123",
        postal_code="1015 CJ",
        city="Amsterdam",
        country="NL",
        vat_id="NL853746333B01",
        email="finance@vandijk.example",
    )
    for category, description, price, quantity in [
        ("room", "Meeting room, full day", "450.00", 1),
        ("food_and_beverage", "Lunch buffet", "27.50", 12),
        ("service", "Projector and screen", "75.00", 1),
    ]:
        ledger.charge_post(
            folio=company,
            actor=root,
            category=category,
            unit_price=price,
            quantity=quantity,
            description=description,
        )
    invoice_services.invoice_issue(folio=company, actor=root)

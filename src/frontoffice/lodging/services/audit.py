"""The night audit (day close): close the open business date of a hotel.

In one transaction, holding the establishment's row first:
1. stays due to arrive by that date and still only confirmed are refused
   (409 `arrivals_pending`, with the list) unless the auditor says to mark them no-shows;
   then they are, set-based, releasing their nights from that date on as a no-show does;
2. every in-house stay's folio is charged that night's room (its agreed price, the room's
   tax rate on that date) and the city tax, set-based: the rows are built in Python from one
   query and inserted in batches with ON CONFLICT DO NOTHING (INSERT OR IGNORE on SQLite)
   on the ledger's unique posting key, `audit:room:<reservation>:<date>`;
3. the occupied rooms become dirty (one UPDATE, their history rows in one INSERT);
4. room blocks whose cut-off is that date give their unsold rooms back (`blocks`);
5. the daily report is computed and stored;
6. the business date rolls to the next day.

Crash-safe and idempotent two ways over: a crash (even SIGKILL) before the commit leaves
nothing, so a rerun starts afresh; and a charge already posted (by an earlier step of the
page's run, see `night_audit_step`) is never posted again, because its key is. A date
already closed answers its stored report and posts nothing. Two audits of one date at once
queue on the establishment's row (PostgreSQL FOR UPDATE; SQLite's IMMEDIATE transactions
take the write lock at BEGIN): the second finds the report and answers it.

Postings on the desk during the audit (`billing.services.ledger`) lock the folio together
with its establishment's row, so they wait for the close and are dated with the next day.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections import Counter, defaultdict
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from frontoffice.billing import taxes
from frontoffice.billing.models import Category, Entry, Folio
from frontoffice.core import formats, money, tenancy
from frontoffice.core.errors import Conflict, Invalid
from frontoffice.core.models import Establishment
from frontoffice.core.services.establishments import establishment_close_day

from .. import audit_report
from ..models import CityTax, DailyReport, Reservation, ReservationNight, ReservationStatus
from . import block_nights, inventory
from .blocks import release_due
from .reservations import _retry_on_deadlock
from .rooms import rooms_mark_dirty

# The page runs the audit as these steps, each its own request and transaction; the last
# one runs the whole audit again (posting nothing twice) and closes the day.
STEPS = ("no_shows", "charges", "housekeeping", "close")
BATCH = 2000
# Tests only: seconds to sleep after the first batch of charges is inserted, inside the
# transaction, so a test can kill the process halfway through a real audit.
PAUSE_ENV = "FRONTOFFICE_AUDIT_PAUSE_AFTER_POSTING"


class ArrivalsPending(Conflict):
    code = "arrivals_pending"


def _user(actor: AbstractBaseUser | None):
    return actor if actor is not None and actor.is_authenticated else None


def _pause_for_tests() -> None:
    seconds = os.environ.get(PAUSE_ENV)
    if seconds:
        print("night audit: first charges posted, pausing", file=sys.stderr, flush=True)
        time.sleep(float(seconds))


def _open_day(establishment_id: int, day: dt.date) -> tuple[Establishment, DailyReport | None]:
    """Lock the establishment's row (first, always: the order every audit and every posting
    takes), then say whether `day` is closed already (its report) or is the open date."""
    est = inventory.lock_establishment(establishment_id)
    stored = DailyReport.objects.filter(establishment_id=est.pk, business_date=day).first()
    if stored is not None:
        return est, stored
    open_day = est.business_day()
    if day > open_day:
        raise Invalid(
            _("%(date)s is not open yet: the open business date is %(open)s.")
            % {"date": formats.date(day), "open": formats.date(open_day)},
            code="future_date",
            field="business_date",
        )
    if day < open_day:
        raise Invalid(
            _("%(date)s is not the open business date (%(open)s) and was never closed.")
            % {"date": formats.date(day), "open": formats.date(open_day)},
            code="not_open",
            field="business_date",
        )
    return est, None


def _no_shows(
    est: Establishment, actor: AbstractBaseUser | None, day: dt.date, mark: bool
) -> list[str]:
    """Stays due by `day` still confirmed: refused unless `mark`, then made no-shows."""
    pending = list(
        Reservation.objects.filter(
            establishment_id=est.pk, status=ReservationStatus.CONFIRMED, arrival__lte=day
        )
        .select_for_update(of=("self",))
        .select_related("customer")
        .order_by("pk")
    )
    if not pending:
        return []
    if not mark:
        count = len(pending)
        raise ArrivalsPending(
            ngettext(
                "%(count)d guest due to arrive has not checked in: check them in or mark "
                "them as no-shows.",
                "%(count)d guests due to arrive have not checked in: check them in or mark "
                "them as no-shows.",
                count,
            )
            % {"count": count},
            extra={
                "arrivals": [
                    {
                        "confirmation": r.confirmation,
                        "guest": r.customer.full_name,
                        "arrival": r.arrival.isoformat(),
                        "guarantee": r.guarantee,
                    }
                    for r in pending
                ]
            },
        )
    ids = [r.pk for r in pending]
    # As `reservation_no_show`: the nights from the date on go back on sale. Several stays
    # of one type on one night give back one room each (release takes one per date).
    nights = ReservationNight.objects.filter(reservation_id__in=ids, held=True, date__gte=day)
    rows = list(nights.values_list("reservation__block_id", "room_type_id", "date"))
    # Stays booked from a block still open give their rooms back to the block.
    block_ids = sorted({block_id for block_id, _rt, _d in rows if block_id})
    open_blocks = {b for b in block_ids if block_nights.open_block(b)}
    for block_id in sorted(open_blocks):
        block_nights.give_back(block_id, [(rt, d) for b, rt, d in rows if b == block_id])
    pairs = [(rt, d) for b, rt, d in rows if b not in open_blocks]
    inventory.lock(pairs)
    counts: dict[int, Counter] = defaultdict(Counter)
    for room_type_id, night in pairs:
        counts[room_type_id][night] += 1
    for room_type_id, per_night in sorted(counts.items()):
        while per_night:
            inventory.release(room_type_id, sorted(per_night))
            per_night = Counter({d: n - 1 for d, n in per_night.items() if n > 1})
    nights.update(held=False)
    Reservation.objects.filter(pk__in=ids).update(
        status=ReservationStatus.NO_SHOW, no_show_date=day, updated_at=timezone.now()
    )
    for r in pending:
        r.status, r.no_show_date = ReservationStatus.NO_SHOW, day
    Reservation.history.bulk_history_create(
        pending, update=True, default_user=_user(actor), default_change_reason=None
    )
    return [r.confirmation for r in pending]


def _in_house(est_id: int, day: dt.date, reservation_id: int | None = None):
    """The nights of `day` of the stays in house (checked in), one row per stay (or of
    one stay)."""
    nights = ReservationNight.objects.filter(
        establishment_id=est_id,
        date=day,
        held=True,
        reservation__status=ReservationStatus.CHECKED_IN,
    )
    return nights if reservation_id is None else nights.filter(reservation_id=reservation_id)


def _persons(city_tax: CityTax, adults: int, children: int) -> int:
    return adults + (0 if city_tax.children_exempt else children)


def _post_charges(
    est: Establishment,
    actor: AbstractBaseUser | None,
    day: dt.date,
    reservation_id: int | None = None,
) -> int:
    """The room and city tax of `day` on every in-house stay's folio (or on one stay's);
    returns how many entries were inserted now (0 when they all were before)."""
    currency = est.currency
    user = _user(actor)
    room_rate = taxes.rate_on(est.pk, Category.ROOM, day)
    city_tax = audit_report.city_tax_on(est.pk, day)
    city_rate = taxes.rate_on(est.pk, Category.CITY_TAX, day) if city_tax else None
    stays = (
        _in_house(est.pk, day, reservation_id)
        .values_list(
            "reservation_id",
            "price",
            "reservation__folio_id",
            "reservation__folio__status",
            "reservation__adults",
            "reservation__children",
            "room__number",
        )
        .order_by("reservation_id")
    )

    connection = transaction.get_connection()
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    business_date = ops.adapt_datefield_value(day)
    user_id = user.pk if user else None

    def dec(value):
        return None if value is None else ops.adapt_decimalfield_value(value, 13, 3)

    def charge(folio_id, category, key, unit_price, quantity, rate, description=""):
        amount = money.quantize(unit_price * quantity, currency)
        tax = taxes.included(amount, rate, currency)
        return (
            est.pk, folio_id, Entry.Kind.CHARGE, category, description, dec(quantity),
            dec(unit_price), dec(amount), dec(rate), dec(tax), business_date, key,
            user_id, now,
        )  # fmt: skip

    rows = []
    for res_id, price, folio_id, folio_status, adults, children, number in stays:
        # An invoiced (closed) account takes nothing more; the desk reopens it first.
        if folio_id is None or folio_status != Folio.Status.OPEN:
            continue
        price = money.quantize(price, currency)
        key = audit_report.room_key(res_id, day)
        rows.append(charge(folio_id, Category.ROOM, key, price, Decimal(1), room_rate, number))
        if city_tax is None:
            continue
        key = audit_report.city_tax_key(res_id, day)
        if city_tax.kind == CityTax.Kind.PERCENT_OF_ROOM:
            unit = money.quantize(price * city_tax.percent / 100, currency)
            quantity = Decimal(1)
        else:
            unit = money.quantize(city_tax.amount, currency)
            quantity = Decimal(_persons(city_tax, adults, children))
        if unit > 0 and quantity > 0:
            rows.append(charge(folio_id, Category.CITY_TAX, key, unit, quantity, city_rate))
    posted = Entry.objects.filter(
        establishment_id=est.pk, business_date=day, posting_key__startswith="audit:"
    )
    before = posted.count()
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            # The unique (establishment, posting_key) index drops what was posted before.
            # Plain parameters, not model instances: the ORM's per-field preparation of
            # 20,000 rows costs seconds; these are the values it would send. PostgreSQL
            # takes a batch as one statement of many rows, SQLite its own loop.
            batch = rows[start : start + BATCH]
            if connection.vendor == "postgresql":
                cursor.execute(
                    _insert_entries_sql(connection, len(batch)),
                    [value for row in batch for value in row],
                )
            else:
                cursor.executemany(_insert_entries_sql(connection, 1), batch)
            if start == 0 and reservation_id is None:
                _pause_for_tests()
    return posted.count() - before


ENTRY_COLUMNS = (
    "establishment_id", "folio_id", "kind", "category", "description", "quantity",
    "unit_price", "amount", "tax_rate", "tax_amount", "business_date", "posting_key",
    "created_by_id", "created_at",
)  # fmt: skip


def _insert_entries_sql(connection, rows: int) -> str:
    """INSERT … ON CONFLICT DO NOTHING (both engines) of the columns above; every other
    column of an entry is empty or keeps its default, written here."""
    defaults = {
        "method": "''",
        "card_brand": "''",
        "card_last4": "''",
        "card_token": "''",
        "gateway_reference": "''",
        "reason": "''",
    }
    known = set(ENTRY_COLUMNS) | set(defaults) | {"id"}
    nullable = [f.column for f in Entry._meta.concrete_fields if f.column not in known and f.null]
    missing = [f.column for f in Entry._meta.concrete_fields if f.column not in known]
    if set(missing) != set(nullable):  # a new required column: say so, never guess
        raise NotImplementedError(f"Entry columns not written by the audit: {missing}")
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in (*ENTRY_COLUMNS, *defaults))
    values = "(" + ", ".join(["%s"] * len(ENTRY_COLUMNS) + list(defaults.values())) + ")"
    return (
        f"INSERT INTO {quote(Entry._meta.db_table)} ({columns}) VALUES "
        f"{', '.join([values] * rows)} ON CONFLICT DO NOTHING"
    )


def _make_rooms_dirty(est: Establishment, actor: AbstractBaseUser | None, day: dt.date) -> int:
    occupied = _in_house(est.pk, day).filter(room__isnull=False).values("room_id")
    return rooms_mark_dirty(establishment_id=est.pk, rooms=occupied, actor=actor)


def night_audit(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser | None,
    business_date: dt.date,
    mark_no_shows: bool = False,
) -> DailyReport:
    """Close `business_date` (the open one) and answer its daily report; a date already
    closed answers the report stored then, posting nothing. 409 `arrivals_pending` while
    stays due are neither checked in nor (with `mark_no_shows`) marked no-shows; 422
    `future_date` / `not_open` for another date."""

    def close() -> DailyReport:
        with transaction.atomic():
            est, stored = _open_day(establishment.pk, business_date)
            if stored is not None:
                return stored
            _no_shows(est, actor, business_date, mark_no_shows)
            _post_charges(est, actor, business_date)
            _make_rooms_dirty(est, actor, business_date)
            # Room blocks whose cut-off is this date give their unsold rooms back.
            release_due(establishment_id=est.pk, actor=actor, business_date=business_date)
            report = DailyReport.objects.create(
                establishment=est,
                business_date=business_date,
                figures=audit_report.daily_figures(est, business_date),
                created_by=_user(actor),
            )
            establishment_close_day(establishment=est, business_date=business_date)
            return report

    with tenancy.scope(establishment):
        report = _retry_on_deadlock(close)
    establishment.business_date = business_date + dt.timedelta(days=1)
    return report


def night_audit_step(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser | None,
    business_date: dt.date,
    step: str,
    mark_no_shows: bool = False,
) -> dict:
    """One step of the audit, in its own transaction (the page shows each as it ends):
    {"step", "count", "closed", "report"}. Each may be run again: no-shows are marked once,
    charges are posted once (their keys), a dirty room stays dirty. The last step, "close",
    is the whole `night_audit`."""
    if step not in STEPS:
        raise Invalid(_("Unknown step."), field="step")
    if step == "close":
        report = night_audit(
            establishment=establishment,
            actor=actor,
            business_date=business_date,
            mark_no_shows=mark_no_shows,
        )
        return {"step": step, "count": 0, "closed": True, "report": report}

    def run() -> dict:
        with transaction.atomic():
            est, stored = _open_day(establishment.pk, business_date)
            if stored is not None:
                return {"step": step, "count": 0, "closed": True, "report": stored}
            if step == "no_shows":
                count = len(_no_shows(est, actor, business_date, mark_no_shows))
            elif step == "charges":
                count = _post_charges(est, actor, business_date)
            else:
                count = _make_rooms_dirty(est, actor, business_date)
            return {"step": step, "count": count, "closed": False, "report": None}

    with tenancy.scope(establishment):
        return _retry_on_deadlock(run)


def stay_post_night(
    *, reservation: Reservation, actor: AbstractBaseUser | None, day: dt.date
) -> int:
    """Post one in-house stay's room and city tax of `day` now, as the night audit would
    (the same posting keys, so the audit never posts them again): for a guest who leaves on
    the day they came, before that night's audit. Its own transaction: the charge stays on
    the folio even when the check-out that follows is refused for the balance."""
    with tenancy.scope(reservation.establishment_id), transaction.atomic():
        est = Establishment.objects.get(pk=reservation.establishment_id)
        return _post_charges(est, actor, day, reservation.pk)

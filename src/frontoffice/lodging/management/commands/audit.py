import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from frontoffice.core import tenancy
from frontoffice.core.errors import DomainError
from frontoffice.core.models import Establishment, Kind
from frontoffice.lodging.services import ArrivalsPending, night_audit


class Command(BaseCommand):
    help = (
        "Night audit (day close): close the open business date of every hotel, or of one. "
        "Posts each in-house stay's room and city tax, makes the occupied rooms dirty, stores "
        "the daily report and rolls the business date. Run it again safely: a closed date "
        "posts nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--establishment", help="the establishment's code (default: all)")
        parser.add_argument(
            "--date",
            type=dt.date.fromisoformat,
            help="the business date to close, YYYY-MM-DD (default: each one's open date)",
        )
        parser.add_argument(
            "--mark-no-shows",
            action="store_true",
            help="mark stays due to arrive and not checked in as no-shows",
        )

    def handle(self, *args, **options):
        code = options["establishment"]
        with tenancy.every_establishment():
            hotels = Establishment.objects.order_by("code")
            hotels = (
                hotels.filter(code=code.lower())
                if code
                else hotels.filter(kind__in=[Kind.HOTEL, Kind.MOTEL])
            )
            hotels = list(hotels)
        if code and not hotels:
            raise CommandError(f"No establishment with the code {code!r}.")
        pending = failed = 0
        for index, hotel in enumerate(hotels, 1):
            day = options["date"] or hotel.business_day()
            self.stdout.write(
                f"[{index}/{len(hotels)}] {hotel.code} {day.isoformat()}: ", ending=""
            )
            try:
                report = night_audit(
                    establishment=hotel,
                    actor=None,
                    business_date=day,
                    mark_no_shows=options["mark_no_shows"],
                )
            except ArrivalsPending as error:
                pending += 1
                arrivals = ", ".join(a["confirmation"] for a in error.extra["arrivals"])
                self.stdout.write(f"arrivals pending ({arrivals})")
                continue
            except DomainError as error:
                failed += 1
                self.stdout.write(f"{error.code}: {error.detail}")
                continue
            f = report.figures
            self.stdout.write(
                f"closed: {f['rooms_sold']}/{f['rooms_available']} rooms "
                f"({f['occupancy_percent']} %), room revenue {f['room_revenue']} "
                f"{f['currency']}, {f['no_shows']} no-shows"
            )
        closed = len(hotels) - pending - failed
        summary = f"Night audit: {closed} closed, {pending} with arrivals pending, {failed} failed."
        if pending:
            raise CommandError(
                summary + " Check the arrivals in or run again with --mark-no-shows.",
                returncode=3,
            )
        if failed:
            raise CommandError(summary, returncode=4)
        self.stdout.write(summary)

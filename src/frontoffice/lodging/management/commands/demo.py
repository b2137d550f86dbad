from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from frontoffice.core.models import Establishment
from frontoffice.lodging import demo


class Command(BaseCommand):
    help = "Load the demo hotel (120 rooms, a year of reservations, one login per role)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="only when the database holds no establishment yet",
        )

    def handle(self, *args, if_empty=False, **options):
        # A fresh data directory works too: the tables are made first.
        call_command("migrate", interactive=False, verbosity=0)
        if if_empty and Establishment.unscoped.exists():
            self.stdout.write("The database already holds data; the demo was not loaded.")
        else:
            try:
                demo.load(stdout=self.stdout)
            except demo.DemoRefused as refusal:
                raise CommandError(str(refusal)) from None
        if Establishment.unscoped.filter(code=demo.CODE).exists():
            self.stdout.write(f"\nDemo logins (password for all: {demo.PASSWORD!r}):")
            self.stdout.write(f"  {'root':<10} superuser: the whole installation")
            for username, role in demo.LOGINS:
                self.stdout.write(f"  {username:<10} {role.label}")
            self.stdout.write("Open http://127.0.0.1:8000/ and log in.")

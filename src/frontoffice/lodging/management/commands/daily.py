from django.core.management import call_command
from django.core.management.base import BaseCommand

from frontoffice.core import tenancy
from frontoffice.core.models import Establishment
from frontoffice.lodging.services import inventory


class Command(BaseCommand):
    help = (
        "Daily upkeep (run it from cron once a day): extend every hotel's per-night inventory "
        "two years ahead, then prune old Idempotency-Keys, expired tokens and lock-outs."
    )

    def handle(self, *args, **options):
        with tenancy.every_establishment():
            establishments = list(Establishment.objects.order_by("pk"))
        for index, establishment in enumerate(establishments, 1):
            with tenancy.scope(establishment):
                inventory.ensure_default_horizon(establishment)
            self.stdout.write(
                f"\r[{index}/{len(establishments)}] inventory up to "
                f"{establishment.inventory_horizon} for {establishment.code}",
                ending="",
            )
        if establishments:
            self.stdout.write("")
        call_command("prune", stdout=self.stdout)

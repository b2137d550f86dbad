import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from frontoffice.core.models import IdempotencyKey, LoginThrottle


class Command(BaseCommand):
    help = "Delete Idempotency-Key records and expired login lock-outs older than a cut-off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=72,
            help="keep Idempotency-Key records this many hours (default 72)",
        )

    def handle(self, *args, hours, **options):
        if hours < 24:
            raise CommandError(
                "Keep Idempotency-Key records at least 24 hours: clients retry for that long."
            )
        now = timezone.now()
        keys, _ = IdempotencyKey.objects.filter(
            created_at__lt=now - dt.timedelta(hours=hours)
        ).delete()
        throttles, _ = LoginThrottle.objects.filter(
            updated_at__lt=now - dt.timedelta(hours=24), locked_until__lt=now
        ).delete()
        self.stdout.write(f"Deleted {keys} idempotency keys and {throttles} old login lock-outs.")

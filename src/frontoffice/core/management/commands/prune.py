import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from frontoffice.core.services import auth, idempotency


class Command(BaseCommand):
    help = (
        "Delete Idempotency-Key records older than a cut-off, expired API tokens and lapsed "
        "login lock-outs."
    )

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
        keys = idempotency.prune(now - dt.timedelta(hours=hours))
        tokens = auth.tokens_prune(now)
        lockouts = auth.login_prune(now)
        self.stdout.write(
            f"Deleted {keys} idempotency keys, {tokens} expired API tokens and "
            f"{lockouts} lapsed login lock-outs."
        )

"""The card payment gateway: an interface, and the built-in test gateway.

`FRONTOFFICE_PAYMENT_GATEWAY` names the class (a dotted path); the default is the test
gateway below. A gateway is told a `reference` with every call and must treat two calls
with one reference as one (Stripe's idempotency keys, Adyen's merchant references): a
retried payment is then never charged twice, whichever server process the retry reaches.

Only the token, the brand and the last four digits ever reach our database.

The test gateway knows these card terminal tokens:

| token            | outcome                                                  |
|------------------|----------------------------------------------------------|
| `tok_visa`       | succeeds, Visa ending 4242                               |
| `tok_mastercard` | succeeds, Mastercard ending 4444                         |
| `tok_amex`       | succeeds, American Express ending 0005                   |
| `tok_declined`   | declined: 402 `card_declined`                            |
| `tok_timeout`    | no answer within `FRONTOFFICE_GATEWAY_TIMEOUT` seconds:  |
|                  | 504 `gateway_timeout`, recorded as failed                |

Any other token is bad input (422 `unknown_token`). It keeps what it charged in a file in
the data directory (one line per reference, under a file lock), so it is idempotent per
reference across processes, as a real gateway is, and tests can count its charges.
"""

from __future__ import annotations

import fcntl
import json
import time
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from frontoffice.core.errors import DomainError, Invalid


class PaymentDeclined(DomainError):
    code = "card_declined"
    status = 402


class GatewayTimeout(DomainError):
    code = "gateway_timeout"
    status = 504


@dataclass(frozen=True)
class GatewayResult:
    brand: str
    last4: str
    reference: str


class Gateway(Protocol):
    def charge(
        self, *, token: str, amount: Decimal, currency: str, reference: str
    ) -> GatewayResult: ...

    def refund(
        self, *, charge_reference: str, amount: Decimal, currency: str, reference: str
    ) -> GatewayResult: ...


CARDS = {
    "tok_visa": ("visa", "4242"),
    "tok_mastercard": ("mastercard", "4444"),
    "tok_amex": ("amex", "0005"),
}


class TestGateway:
    """Card terminal tokens for tests and the demo (see the module's table)."""

    __test__ = False  # not a pytest class

    def __init__(self, path: Path | None = None, timeout: float | None = None):
        self.path = path or Path(settings.DATA_DIR) / "test-gateway.jsonl"
        self.timeout = (
            timeout if timeout is not None else float(settings.FRONTOFFICE_GATEWAY_TIMEOUT)
        )

    def _once(self, reference: str, record: dict) -> dict:
        """The record of `reference`: the one kept before, or this one, kept now."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                handle.seek(0)
                for line in handle:
                    kept = json.loads(line)
                    if kept["reference"] == reference:
                        return kept
                handle.write(json.dumps({**record, "reference": reference}) + "\n")
                handle.flush()
                return {**record, "reference": reference}
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def charges(self) -> list[dict]:
        """Everything this gateway charged or refunded (tests count them)."""
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text().splitlines() if line]

    def charge(self, *, token, amount, currency, reference) -> GatewayResult:
        if token == "tok_declined":
            raise PaymentDeclined(_("The card was declined."))
        if token == "tok_timeout":
            time.sleep(self.timeout)
            raise GatewayTimeout(_("The card terminal did not answer in time; try again."))
        if token not in CARDS:
            raise Invalid(_("Unknown card token."), code="unknown_token", field="card_token")
        brand, last4 = CARDS[token]
        kept = self._once(
            reference,
            {"kind": "charge", "amount": str(amount), "currency": currency, "token": token},
        )
        brand, last4 = CARDS[kept["token"]]
        return GatewayResult(brand=brand, last4=last4, reference=reference)

    def refund(self, *, charge_reference, amount, currency, reference) -> GatewayResult:
        charged = [c for c in self.charges() if c["reference"] == charge_reference]
        if not charged:
            raise Invalid(_("The gateway knows no such card payment."), code="unknown_charge")
        brand, last4 = CARDS[charged[0]["token"]]
        self._once(
            reference,
            {
                "kind": "refund",
                "amount": str(amount),
                "currency": currency,
                "token": charged[0]["token"],
                "charge": charge_reference,
            },
        )
        return GatewayResult(brand=brand, last4=last4, reference=reference)


@lru_cache(maxsize=4)
def _gateway_class(path: str):
    return import_string(path)


def gateway() -> Gateway:
    return _gateway_class(settings.FRONTOFFICE_PAYMENT_GATEWAY)()

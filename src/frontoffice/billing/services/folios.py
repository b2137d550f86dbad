"""Opening accounts. Posting to them is in `ledger`."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from frontoffice.core.models import Establishment
from frontoffice.customers.models import Customer

from ..models import Folio


def _actor(actor: AbstractBaseUser | None):
    return actor if actor is not None and actor.is_authenticated else None


def folio_build_for_guest(
    *, establishment: Establishment, customer: Customer | None, name: str, reference: str = ""
) -> Folio:
    """An unsaved guest folio, inserted by the caller in its own transaction (a reservation
    and its folio are made together, in one statement each)."""
    return Folio(
        establishment=establishment,
        kind=Folio.Kind.GUEST,
        name=name[:200],
        currency=establishment.currency,
        customer=customer,
        reference=reference,
    )


def folio_insert(folio: Folio, actor: AbstractBaseUser | None) -> Folio:
    """Insert a folio built above (no history row: a new folio's history is its entries)."""
    folio.created_by = _actor(actor)
    Folio._base_manager.bulk_create([folio])
    return folio

"""Luggage kept for guests under numbered claim tags, handed back only against the tag and
the guest's last name."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontoffice.billing.services import numbering
from frontoffice.core import tenancy
from frontoffice.core.errors import Conflict, Invalid
from frontoffice.core.models import Establishment
from frontoffice.core.text import fold
from frontoffice.core.validation import full_clean
from frontoffice.customers.models import Customer
from frontoffice.lodging.models import Reservation

from ..models import Luggage

SERIES = "luggage"
MAX_PIECES = 50


def _actor(actor):
    return actor if actor is not None and actor.is_authenticated else None


def luggage_store(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser | None,
    pieces: int,
    location: str,
    reservation: Reservation | None = None,
    customer: Customer | None = None,
) -> Luggage:
    """Store a guest's luggage: the next claim tag (numbered gap-free per establishment)."""
    if reservation is None and customer is None:
        raise Invalid(
            _("Choose the guest's stay or a customer."), code="requester_required", field="guest"
        )
    if isinstance(pieces, bool) or not isinstance(pieces, int) or not 1 <= pieces <= MAX_PIECES:
        raise Invalid(_("Give between 1 and %(n)s pieces.") % {"n": MAX_PIECES}, field="pieces")
    location = (location or "").strip()
    if not location:
        raise Invalid(_("Say where the luggage is kept."), field="location")
    if reservation is not None:
        if customer is not None and customer.pk != reservation.customer_id:
            raise Invalid(_("This guest is not the stay's guest."), field="customer")
        customer = reservation.customer
    with tenancy.scope(establishment), transaction.atomic():
        item = Luggage(
            establishment=establishment,
            reservation=reservation,
            customer=customer,
            pieces=pieces,
            location=location,
            stored_at=timezone.now(),
            stored_by=_actor(actor),
            number=0,
        )
        full_clean(item, exclude=["number"])
        item.number = numbering.take(establishment.pk, SERIES)
        item.save()
    return item


def luggage_release(*, luggage: Luggage, actor: AbstractBaseUser | None, last_name: str) -> Luggage:
    """Hand the luggage back to who names the guest's last name (without case or accents):
    409 `name_mismatch` otherwise, 409 `already_released` the second time."""
    with tenancy.scope(luggage.establishment_id), transaction.atomic():
        current = (
            Luggage.objects.select_for_update(of=("self",))
            .select_related("customer")
            .get(pk=luggage.pk)
        )
        if current.status == Luggage.Status.RELEASED:
            raise Conflict(
                _("The luggage of tag %(tag)s was already handed back.") % {"tag": current.tag},
                code="already_released",
            )
        if not last_name or fold(last_name) != fold(current.customer.last_name):
            raise Conflict(
                _("The name does not match the guest of this tag."), code="name_mismatch"
            )
        current.status = Luggage.Status.RELEASED
        current.released_at = timezone.now()
        current.released_by = _actor(actor)
        current.save()
    return current

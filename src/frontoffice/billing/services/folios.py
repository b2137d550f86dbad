"""Opening accounts. Posting to them is in `ledger`."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.eu import vat

from frontoffice.core.countries import is_country
from frontoffice.core.errors import Invalid
from frontoffice.core.models import Establishment
from frontoffice.customers.models import Customer

from ..models import BillingSettings, Folio
from .ledger import amount_of


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


def _text(value, field: str, limit: int, *, required: bool = False) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise Invalid(_("This text contains a character that is not allowed."), field=field)
    if required and not value:
        raise Invalid(_("This field is required."), field=field)
    if len(value) > limit:
        raise Invalid(_("This text is too long."), field=field)
    return value


def vat_number(value: str, country: str = "") -> str:
    """A European VAT number in its compact form (NL859034987B01), or a clear error. A
    number without its country prefix is read as the account's country's."""
    compact = "".join(ch for ch in value.upper() if ch.isalnum())
    if country and compact[:2].isdigit():
        compact = country + compact
    if not vat.is_valid(compact):
        raise Invalid(_("This is not a valid VAT number."), code="invalid_vat_id", field="vat_id")
    return vat.compact(compact)


def folio_create(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser | None,
    kind: str,
    name: str,
    address: str = "",
    postal_code: str = "",
    city: str = "",
    country: str = "",
    vat_id: str = "",
    email: str = "",
) -> Folio:
    """Open a company account (city ledger: invoiced later) or a house account (the
    establishment's own expenses). Guest folios are opened with their reservation."""
    if kind not in (Folio.Kind.COMPANY, Folio.Kind.HOUSE):
        raise Invalid(_("Choose a company or a house account."), field="kind")
    country = _text(country, "country", 2).upper()
    if country and not is_country(country):
        raise Invalid(_("Unknown country."), field="country")
    email = _text(email, "email", 254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Invalid(_("Enter a valid email address."), field="email") from None
    vat_id = _text(vat_id, "vat_id", 40)
    folio = Folio(
        establishment=establishment,
        kind=kind,
        name=_text(name, "name", 200, required=True),
        currency=establishment.currency,
        address=_text(address, "address", 200),
        postal_code=_text(postal_code, "postal_code", 20),
        city=_text(city, "city", 100),
        country=country,
        vat_id=vat_number(vat_id, country) if vat_id else "",
        email=email,
        created_by=_actor(actor),
    )
    folio._history_user = _actor(actor)
    with transaction.atomic():
        folio.save()
    return folio


def billing_settings_set(
    *, establishment: Establishment, actor: AbstractBaseUser | None, allowance_limit
) -> BillingSettings:
    """The manager's allowance limit (0: every allowance needs a manager)."""
    limit = amount_of(allowance_limit, establishment.currency, field="allowance_limit", zero=True)
    with transaction.atomic():
        found = (
            BillingSettings.objects.select_for_update().filter(establishment=establishment).first()
        )
        row = found or BillingSettings(establishment=establishment)
        row.allowance_limit = limit
        row._history_user = _actor(actor)
        row.save()
    return row

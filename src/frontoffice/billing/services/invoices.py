"""Issuing invoices and cancelling them (German Stornorechnung practice).

An invoice is a snapshot: the debtor, the lines, the tax per rate and the payments are
copied into its row when it is issued, so it reads the same whatever happens to the folio
later (and the database refuses an UPDATE of the row). Issuing closes the folio: nothing
more is posted until a cancellation invoice reopens it. A mistake on an invoice is never
edited away: a cancellation invoice, with a number of its own, negates it, and a new invoice
is issued for the folio as it then stands.

Numbers: invoices and cancellation invoices share one gap-free series per establishment,
"INV", and read INV-000001, INV-000002, … The number is taken under the folio's lock in the
transaction that inserts the invoice (`numbering.take`), so concurrent issues each get the
next number and a rolled-back issue gives its number back.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as StdnumError

from frontoffice.core import db, money, tenancy
from frontoffice.core.countries import is_country
from frontoffice.core.errors import Conflict, Invalid
from frontoffice.core.models import Language

from ..models import Category, ChargeCategory, Entry, Folio, Invoice
from . import numbering
from .ledger import locked, require_open

SERIES = "INV"
# Entries that are what was sold (lines of the invoice); the others are what was paid.
LINE_KINDS = {
    Entry.Kind.CHARGE,
    Entry.Kind.ALLOWANCE,
    Entry.Kind.TRANSFER_IN,
    Entry.Kind.TRANSFER_OUT,
}
PAYMENT_KINDS = {Entry.Kind.PAYMENT, Entry.Kind.REFUND}
DEBTOR_LIMITS = {"name": 200, "address": 200, "postal_code": 20, "city": 100, "country": 2}


def document_number(series: str, sequence: int) -> str:
    return f"{series}-{sequence:06d}"


def _actor(actor: AbstractBaseUser | None):
    return actor if actor is not None and actor.is_authenticated else None


def vat_id_check(value: str) -> str:
    """A European VAT number in its compact form (NL004495445B01), or 422 on field vat_id."""
    try:
        return eu_vat.validate(value)
    except StdnumError:
        raise Invalid(
            _("This is not a valid VAT number."), code="invalid_vat_id", field="vat_id"
        ) from None


def debtor_of(folio: Folio) -> dict:
    """Who the folio's invoice is addressed to unless told otherwise: the folio's own
    address fields, the name of its guest (or the folio's name)."""
    name = folio.customer.full_name if folio.customer_id else ""
    if folio.kind != Folio.Kind.GUEST or not name:
        name = folio.name
    return {
        "name": name,
        "address": folio.address,
        "postal_code": folio.postal_code,
        "city": folio.city,
        "country": folio.country,
        "vat_id": folio.vat_id,
    }


def debtor_clean(debtor: dict) -> dict:
    """The debtor as it will be printed: known keys only, spaces trimmed, lengths and the
    country checked, the VAT number validated (and written compactly)."""
    cleaned = {}
    for key, limit in DEBTOR_LIMITS.items():
        value = debtor.get(key) or ""
        if not isinstance(value, str) or "\x00" in value:
            raise Invalid(_("Enter text."), field=key)
        value = " ".join(value.split()) if key != "address" else value.strip()
        if len(value) > limit:
            raise Invalid(_("This is too long."), field=key)
        cleaned[key] = value
    cleaned["country"] = cleaned["country"].upper()
    if not cleaned["name"]:
        raise Invalid(_("Enter the name the invoice is addressed to."), field="name")
    if cleaned["country"] and not is_country(cleaned["country"]):
        raise Invalid(_("Unknown country."), field="country")
    vat_id = (debtor.get("vat_id") or "").strip()
    if not isinstance(vat_id, str) or len(vat_id) > 30:
        raise Invalid(_("This is not a valid VAT number."), code="invalid_vat_id", field="vat_id")
    cleaned["vat_id"] = vat_id_check(vat_id) if vat_id else ""
    return cleaned


def language_of(folio: Folio, language: str | None) -> str:
    """The document's language: the one asked, else the guest's, else the establishment's."""
    if language:
        if language not in Language.values:
            raise Invalid(_("Unknown language."), field="language")
        return language
    if folio.customer_id and folio.customer.language in Language.values:
        return folio.customer.language
    return folio.establishment.language


def _category_label(establishment_id: int, code: str) -> str:
    if code in Category.values:
        return str(Category(code).label)
    custom = ChargeCategory.objects.filter(
        establishment_id=establishment_id, code__iexact=code
    ).first()
    return custom.label if custom else code


def _line(entry: Entry, currency: str) -> dict:
    label = entry.description or _category_label(entry.establishment_id, entry.category)
    if entry.kind != Entry.Kind.CHARGE:
        prefix = {
            Entry.Kind.ALLOWANCE: _("Allowance"),
            Entry.Kind.TRANSFER_IN: _("Transfer in"),
            Entry.Kind.TRANSFER_OUT: _("Transfer out"),
            Entry.Kind.REVERSAL: _("Reversal"),
        }[entry.kind]
        label = f"{prefix}: {label}" if label else prefix
    if entry.kind == Entry.Kind.CHARGE and entry.unit_price is not None:
        quantity, unit_price = entry.quantity, entry.unit_price
    else:
        quantity, unit_price = Decimal(1), entry.amount
    return {
        "date": entry.business_date.isoformat(),
        "kind": entry.kind,
        "category": entry.category,
        "description": label,
        "quantity": str(quantity.normalize() if quantity == quantity.to_integral() else quantity),
        "unit_price": str(money.quantize(unit_price, currency)),
        "amount": str(money.quantize(entry.amount, currency)),
        "tax_rate": None if entry.tax_rate is None else str(entry.tax_rate.normalize()),
        "tax_amount": str(money.quantize(entry.tax_amount, currency)),
    }


def _payment(entry: Entry, currency: str) -> dict:
    # What was paid: a payment is a positive amount here, a refund a negative one.
    receipt = getattr(entry, "receipt", None) if entry.kind in PAYMENT_KINDS else None
    return {
        "date": entry.business_date.isoformat(),
        "kind": entry.kind,
        "method": entry.method,
        "amount": str(money.quantize(-entry.amount, currency)),
        "card_brand": entry.card_brand,
        "card_last4": entry.card_last4,
        "receipt": receipt.number if receipt else None,
    }


def _rate_key(rate: Decimal | None) -> str | None:
    return None if rate is None else str(rate.normalize())


def tax_per_rate(entries: list[Entry], currency: str) -> list[dict]:
    """[{rate, base, amount}] per tax rate, from the entries' own tax amounts (so the
    invoice's tax is exactly what was posted): base = gross − tax. Rates in ascending
    order; untaxed lines (no rate) last, with rate null."""
    gross: dict[str | None, Decimal] = defaultdict(Decimal)
    tax: dict[str | None, Decimal] = defaultdict(Decimal)
    for entry in entries:
        key = _rate_key(entry.tax_rate)
        gross[key] += entry.amount
        tax[key] += entry.tax_amount
    keys = sorted((k for k in gross if k is not None), key=Decimal) + (
        [None] if None in gross else []
    )
    return [
        {
            "rate": key,
            "base": str(money.quantize(gross[key] - tax[key], currency)),
            "amount": str(money.quantize(tax[key], currency)),
        }
        for key in keys
    ]


def _is_line(entry: Entry) -> bool:
    if entry.kind == Entry.Kind.REVERSAL:
        # A reversed payment is a payment taken back; a reversed charge a line.
        return entry.reverses_id is None or entry.reverses.kind not in PAYMENT_KINDS
    return entry.kind in LINE_KINDS


def _set_status(folio: Folio, status: str, actor) -> None:
    """Open or close the folio, with a history row naming the person."""
    folio.status = status
    folio._history_user = _actor(actor)
    folio.save(update_fields=["status"])


# The one-to-one `cancels` as each engine names its unique index.
CANCELS_UNIQUE = {"billing_invoice_cancels_id_key", "billing_invoice.cancels_id"}


def _insert(invoice: Invoice) -> Invoice:
    # Empty payments are fine (a cancellation lists none); `cancels` is checked by the
    # database's unique index, which two cancellations at once cannot both pass.
    invoice.full_clean(exclude=["cancels", "payments"])
    try:
        with transaction.atomic():
            invoice.save(force_insert=True)
    except IntegrityError as exc:
        if db.violated_constraint(exc) in CANCELS_UNIQUE:
            raise _already_cancelled() from None
        raise
    return invoice


def _already_cancelled() -> Conflict:
    return Conflict(_("This invoice has been cancelled already."), code="already_cancelled")


def invoice_issue(
    *,
    folio: Folio,
    actor: AbstractBaseUser | None,
    debtor: dict | None = None,
    language: str | None = None,
) -> Invoice:
    """Issue the invoice of an open folio and close it."""
    with tenancy.scope(folio.establishment_id), transaction.atomic():
        folio = locked(folio)
        require_open(folio)
        establishment = folio.establishment
        currency = folio.currency
        entries = list(
            Entry.objects.filter(folio=folio)
            .select_related("reverses", "receipt")
            .order_by("business_date", "id")
        )
        line_entries = [e for e in entries if _is_line(e)]
        if not line_entries:
            raise Conflict(
                _("There is nothing to invoice on this account."), code="nothing_to_invoice"
            )
        printed_to = debtor_clean({**debtor_of(folio), **(debtor or {})})
        language = language_of(folio, language)
        with translation.override(language):
            lines = [_line(e, currency) for e in line_entries]
        payments = [_payment(e, currency) for e in entries if not _is_line(e)]
        total = money.quantize(sum((e.amount for e in line_entries), Decimal(0)), currency)
        sequence = numbering.take(establishment.pk, SERIES)
        invoice = _insert(
            Invoice(
                establishment=establishment,
                folio=folio,
                kind=Invoice.Kind.INVOICE,
                series=SERIES,
                sequence=sequence,
                number=document_number(SERIES, sequence),
                debtor=printed_to,
                language=language,
                currency=currency,
                total=total,
                tax=tax_per_rate(line_entries, currency),
                lines=lines,
                payments=payments,
                business_date=establishment.business_day(),
                created_by=_actor(actor),
            )
        )
        _set_status(folio, Folio.Status.CLOSED, actor)
        return invoice


def _negated(value: str | None) -> str | None:
    return None if value is None else str(-Decimal(value))


def invoice_cancel(*, invoice: Invoice, actor: AbstractBaseUser | None, reason: str) -> Invoice:
    """Issue the cancellation invoice of `invoice` (its own number, every amount and tax
    negated, referring to it) and reopen the folio. An invoice is cancelled once."""
    reason = " ".join((reason or "").split())
    if not reason or "\x00" in reason:
        raise Invalid(_("Say why the invoice is cancelled."), field="reason")
    if len(reason) > 500:
        raise Invalid(_("The reason is too long."), field="reason")
    with tenancy.scope(invoice.establishment_id), transaction.atomic():
        folio = locked(invoice.folio)
        original = Invoice.objects.get(pk=invoice.pk)
        if original.kind == Invoice.Kind.CANCELLATION:
            raise Conflict(_("A cancellation invoice cannot be cancelled."), code="not_cancellable")
        establishment = folio.establishment
        sequence = numbering.take(establishment.pk, SERIES)
        lines = [
            {
                **line,
                "quantity": _negated(line["quantity"]),
                "amount": _negated(line["amount"]),
                "tax_amount": _negated(line["tax_amount"]),
            }
            for line in original.lines
        ]
        tax = [
            {**row, "base": _negated(row["base"]), "amount": _negated(row["amount"])}
            for row in original.tax
        ]
        cancellation = _insert(
            Invoice(
                establishment=establishment,
                folio=folio,
                kind=Invoice.Kind.CANCELLATION,
                series=SERIES,
                sequence=sequence,
                number=document_number(SERIES, sequence),
                reason=reason,
                debtor=original.debtor,
                language=original.language,
                currency=original.currency,
                total=-original.total,
                tax=tax,
                lines=lines,
                # The payments stay on the folio; the next invoice lists them.
                payments=[],
                business_date=establishment.business_day(),
                created_by=_actor(actor),
                cancels=original,
            )
        )
        _set_status(folio, Folio.Status.OPEN, actor)
        return cancellation

"""Accounts (folios), the append-only ledger of their entries, taxes, payments, receipts and
invoices. Generic: a hotel stay, a clinic visit or a shop's customer has a folio alike; the
hotel parts (room charges, the night audit) sit on top, in `lodging`.

The ledger is append-only. An entry's amount is signed by its effect on the balance
(charges, refunds and transfers in are positive; payments, allowances and transfers out are
negative; a reversal is the opposite of the entry it reverses), so a folio's balance is the
plain sum of its entries' amounts, exact in Decimal. Nothing is ever edited or deleted: the
database itself refuses an UPDATE of an entry, a receipt or an invoice (triggers made by the
first migration), and a mistake is corrected by a reversing entry or a cancellation invoice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from frontoffice.core import names as names_mod
from frontoffice.core.models import (
    Establishment,
    EstablishmentOwned,
    short_code_validator,
    validate_country,
)
from frontoffice.customers.models import Customer

MONEY = {"max_digits": 13, "decimal_places": 3}
QUANTITY = {"max_digits": 10, "decimal_places": 3}
RATE = {"max_digits": 6, "decimal_places": 3}


class Category(models.TextChoices):
    """What a charge is for. An establishment adds its own with `ChargeCategory`."""

    ROOM = "room", _("Room")
    BREAKFAST = "breakfast", _("Breakfast")
    FOOD_AND_BEVERAGE = "food_and_beverage", _("Food and beverage")
    MINIBAR = "minibar", _("Minibar")
    PHONE = "phone", _("Phone")
    LAUNDRY = "laundry", _("Laundry")
    PARKING = "parking", _("Parking")
    SERVICE = "service", _("Service")
    CITY_TAX = "city_tax", _("City tax")
    OTHER = "other", _("Other")


class Method(models.TextChoices):
    CASH = "cash", _("Cash")
    CARD = "card", _("Card")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")


class ChargeCategory(EstablishmentOwned):
    """A category of charges an establishment adds to the built-in ones (spa, bicycle hire)."""

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="charge_categories",
        verbose_name=_("establishment"),
    )
    code = models.CharField(_("code"), max_length=20, validators=[short_code_validator])
    name = models.CharField(_("name"), max_length=100)
    names = models.JSONField(_("name per language"), default=dict, blank=True)

    class Meta:
        ordering = ["establishment_id", "code"]
        verbose_name = _("charge category")
        verbose_name_plural = _("charge categories")
        constraints = [
            models.UniqueConstraint(
                "establishment", Lower("code"), name="chargecategory_code_uniq"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return names_mod.label(self.name, self.names)


class TaxRate(EstablishmentOwned):
    """The tax rate (percent, included in prices) of one category of charges from a date on:
    Dutch accommodation 9 % until 2025-12-31 and 21 % from 2026-01-01; German rooms 7 %,
    breakfast 19 %. A category with no rate on a date is not taxed."""

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="tax_rates",
        verbose_name=_("establishment"),
    )
    category = models.CharField(_("category"), max_length=30)
    rate = models.DecimalField(_("rate (%)"), **RATE)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        ordering = ["establishment_id", "category", "valid_from"]
        verbose_name = _("tax rate")
        verbose_name_plural = _("tax rates")
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "category", "valid_from"], name="taxrate_uniq"
            ),
            models.CheckConstraint(
                condition=Q(rate__gte=0) & Q(rate__lte=100), name="taxrate_range"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="taxrate_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.rate} % {self.valid_from}"


class Folio(EstablishmentOwned):
    """An account: a guest's (one per reservation, made with it), a company's (city ledger,
    invoiced later) or the house's (the hotel's own expenses)."""

    class Kind(models.TextChoices):
        GUEST = "guest", _("Guest")
        COMPANY = "company", _("Company")
        HOUSE = "house", _("House")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        # Invoiced: nothing more is posted until a cancellation invoice reopens it.
        CLOSED = "closed", _("Closed")

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="folios",
        verbose_name=_("establishment"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.GUEST)
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    currency = models.CharField(_("currency"), max_length=3)
    # What the account is for, as the app above billing names it (a reservation's
    # confirmation): billing knows nothing of reservations.
    reference = models.CharField(_("reference"), max_length=20, blank=True, db_index=True)
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="folios",
        verbose_name=_("guest"),
    )
    # The debtor's address for invoices (company accounts; a guest's is asked on invoicing).
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(
        _("country"), max_length=2, blank=True, validators=[validate_country]
    )
    vat_id = models.CharField(_("VAT number"), max_length=20, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_by"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("folio")
        verbose_name_plural = _("folios")
        indexes = [models.Index(fields=["establishment", "kind"], name="folio_kind_idx")]

    def __str__(self) -> str:
        return f"{self.pk} · {self.name}"


class Entry(EstablishmentOwned):
    """One posting on a folio. Never updated (the database refuses it), never deleted."""

    class Kind(models.TextChoices):
        CHARGE = "charge", _("Charge")
        PAYMENT = "payment", _("Payment")
        REFUND = "refund", _("Refund")
        ALLOWANCE = "allowance", _("Allowance")
        TRANSFER_IN = "transfer_in", _("Transfer in")
        TRANSFER_OUT = "transfer_out", _("Transfer out")
        REVERSAL = "reversal", _("Reversal")

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE)
    folio = models.ForeignKey(Folio, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=30, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    quantity = models.DecimalField(_("quantity"), default=1, **QUANTITY)
    unit_price = models.DecimalField(_("unit price"), null=True, blank=True, **MONEY)
    # Signed by the effect on the balance; the balance is SUM(amount).
    amount = models.DecimalField(_("amount"), **MONEY)
    # The tax included in `amount` (same sign) at `tax_rate` percent.
    tax_rate = models.DecimalField(_("tax rate"), null=True, blank=True, **RATE)
    tax_amount = models.DecimalField(_("tax"), default=0, **MONEY)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices, blank=True)
    card_brand = models.CharField(_("card brand"), max_length=20, blank=True)
    card_last4 = models.CharField(_("card's last four digits"), max_length=4, blank=True)
    card_token = models.CharField(max_length=100, blank=True)
    gateway_reference = models.CharField(max_length=100, blank=True)
    # A reversal points at the entry it reverses (each entry is reversed at most once);
    # an allowance at the charge it reduces; the two halves of a transfer at each other.
    reverses = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    applies_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="allowances"
    )
    counterpart = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    business_date = models.DateField(_("business date"))
    # Postings made by a process that may be run again (the night audit's room charge of
    # one stay and night): the unique index makes a second run post nothing.
    posting_key = models.CharField(max_length=100, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["folio_id", "id"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.UniqueConstraint(
                fields=["reverses"], condition=Q(reverses__isnull=False), name="entry_reversed_once"
            ),
            models.UniqueConstraint(
                fields=["establishment", "posting_key"],
                condition=Q(posting_key__isnull=False),
                name="entry_posting_key_uniq",
            ),
        ]
        indexes = [
            models.Index(fields=["establishment", "business_date"], name="entry_business_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.folio_id} {self.kind} {self.amount}"

    @property
    def category_label(self) -> str:
        """A built-in category's name in the page's language; an establishment's own by
        its code."""
        if self.category in Category.values:
            return str(Category(self.category).label)
        return self.category


class PaymentAttempt(EstablishmentOwned):
    """A card payment asked of the gateway, recorded whatever its outcome: a payment that
    failed or timed out is kept as failed, not taken. Only the token, the brand and the last
    four digits are stored."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        DECLINED = "declined", _("Declined")
        FAILED = "failed", _("Failed")

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE)
    folio = models.ForeignKey(Folio, on_delete=models.PROTECT, related_name="payment_attempts")
    kind = models.CharField(max_length=10, default="payment")  # payment or refund
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    card_token = models.CharField(max_length=100, blank=True)
    card_brand = models.CharField(max_length=20, blank=True)
    card_last4 = models.CharField(max_length=4, blank=True)
    gateway_reference = models.CharField(max_length=100, blank=True)
    # What the gateway is told (the request's Idempotency-Key, hashed, or the attempt's
    # own id): a retry of one payment is one attempt and one charge at the gateway.
    reference = models.CharField(max_length=100, null=True, blank=True)
    error_code = models.CharField(max_length=50, blank=True)
    entry = models.OneToOneField(
        Entry, on_delete=models.PROTECT, null=True, blank=True, related_name="attempt"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "reference"],
                condition=Q(reference__isnull=False),
                name="paymentattempt_reference_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.folio_id} {self.amount} {self.status}"


class BillingSettings(EstablishmentOwned):
    """What the front office manager decides about accounts: the largest allowance the
    desk may give without a manager (above it, folio.correct is needed)."""

    establishment = models.OneToOneField(
        Establishment,
        on_delete=models.CASCADE,
        related_name="billing_settings",
        verbose_name=_("establishment"),
    )
    allowance_limit = models.DecimalField(_("allowance limit"), default=0, **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("billing settings")
        verbose_name_plural = _("billing settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(allowance_limit__gte=0), name="billingsettings_limit_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.establishment_id} {self.allowance_limit}"


class NumberSeries(EstablishmentOwned):
    """The last number given in one series of one establishment (invoices, cancellation
    invoices, receipts). Taken with a row lock in the transaction that issues the document,
    so numbers are gap-free: a rolled-back issue gives its number back."""

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE)
    series = models.CharField(max_length=20)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["establishment", "series"], name="numberseries_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.last}"


class Receipt(EstablishmentOwned):
    """The receipt of one payment or refund, numbered gap-free, never changed."""

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE)
    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="receipt")
    series = models.CharField(max_length=20)
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=40)
    language = models.CharField(max_length=5)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "series", "sequence"], name="receipt_sequence_uniq"
            ),
            models.UniqueConstraint(fields=["establishment", "number"], name="receipt_number_uniq"),
        ]

    def __str__(self) -> str:
        return self.number


class Invoice(EstablishmentOwned):
    """An issued invoice (or a cancellation invoice that cancels one): everything it says is
    kept as issued (debtor, lines, taxes, payments), so it never changes whatever happens to
    the folio later."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CANCELLATION = "cancellation", _("Cancellation invoice")

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE)
    folio = models.ForeignKey(Folio, on_delete=models.PROTECT, related_name="invoices")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.INVOICE)
    series = models.CharField(max_length=20)
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=40)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    debtor = models.JSONField(default=dict)
    language = models.CharField(max_length=5)
    currency = models.CharField(max_length=3)
    total = models.DecimalField(**MONEY)
    tax = models.JSONField(default=list)
    lines = models.JSONField(default=list)
    payments = models.JSONField(default=list)
    business_date = models.DateField()
    issued_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A cancellation invoice names the invoice it cancels; one-to-one, so an invoice is
    # cancelled at most once (the database refuses a second).
    cancels = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cancelled_by",
        verbose_name=_("cancels"),
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "series", "sequence"], name="invoice_sequence_uniq"
            ),
            models.UniqueConstraint(fields=["establishment", "number"], name="invoice_number_uniq"),
        ]

    def __str__(self) -> str:
        return self.number

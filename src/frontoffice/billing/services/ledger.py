"""Posting to accounts. Each function is one transaction that locks the folio's row first,
so postings to one folio run one after another (its balance and limits are read under the
lock) and postings to different folios run side by side. Entries are only ever inserted."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from frontoffice.core import db, money
from frontoffice.core.errors import Conflict, DomainError, Forbidden, Invalid
from frontoffice.core.models import Establishment

from .. import gateway as gateway_mod
from .. import selectors, taxes
from ..models import (
    Category,
    ChargeCategory,
    Entry,
    Folio,
    Method,
    PaymentAttempt,
    Receipt,
)

MAX_AMOUNT = Decimal("9999999999")
MAX_QUANTITY = Decimal("9999999")


def _actor(actor: AbstractBaseUser | None):
    return actor if actor is not None and actor.is_authenticated else None


def locked(folio: Folio) -> Folio:
    """The folio's row, locked until the transaction ends (FOR NO KEY UPDATE on PostgreSQL):
    postings to one folio run one after another. Only the folio's row (`of=self`): the
    establishment read with it is not locked, so postings to different folios, and the
    night audit's lock on the establishment, never wait for each other."""
    return (
        Folio.objects.select_for_update(no_key=True, of=("self",))
        .select_related("establishment")
        .get(pk=folio.pk)
    )


def require_open(folio: Folio) -> None:
    if folio.status != Folio.Status.OPEN:
        raise Conflict(
            _("This account is closed: an invoice was issued for it."), code="folio_closed"
        )


def amount_of(value, currency: str, *, field: str = "amount", zero: bool = False) -> Decimal:
    """A positive amount (or zero, where `zero`) in the currency's minor unit, or a clear
    error."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise Invalid(_("Enter an amount."), field=field) from None
    if not amount.is_finite() or amount < 0 or (amount == 0 and not zero) or amount > MAX_AMOUNT:
        raise Invalid(_("Enter an amount greater than zero."), field=field)
    if amount != money.quantize(amount, currency):
        places = money.precision(currency)
        raise Invalid(
            ngettext(
                "This currency has %(places)d decimal place.",
                "This currency has %(places)d decimal places.",
                places,
            )
            % {"places": places},
            field=field,
        )
    return amount


def check_category(establishment: Establishment, category: str) -> str:
    if category in Category.values:
        return category
    if ChargeCategory.objects.filter(establishment=establishment, code__iexact=category).exists():
        return category.lower()
    raise Invalid(_("Unknown category."), code="unknown_category", field="category")


class ChargeAmount(NamedTuple):
    category: str
    unit_price: Decimal
    quantity: Decimal
    amount: Decimal


def charge_amount(folio: Folio, category: str, unit_price, quantity=1) -> ChargeAmount:
    """A charge's checks, the amount it would post on `folio` and its parts, without
    writing: the category (known here), the price (in the currency's minor unit), the
    quantity (up to MAX_QUANTITY, three decimals), their product rounded to the currency
    (not above MAX_AMOUNT, not zero). `charge_post` posts what this answers; a caller that
    asks first (completing a request with a charge) gets the same refusals."""
    currency = folio.currency
    category = check_category(folio.establishment, category)
    price = amount_of(unit_price, currency, field="unit_price")
    try:
        qty = Decimal(str(quantity))
    except (InvalidOperation, ValueError):
        raise Invalid(_("Enter a quantity."), field="quantity") from None
    if (
        not qty.is_finite()
        or qty <= 0
        or qty > MAX_QUANTITY
        or qty != qty.quantize(Decimal("0.001"))
    ):
        raise Invalid(_("Enter a quantity greater than zero."), field="quantity")
    amount = money.quantize(price * qty, currency)
    if amount > MAX_AMOUNT:
        raise Invalid(_("The price times the quantity is too high."), field="unit_price")
    if amount <= 0:
        raise Invalid(_("The price times the quantity rounds to zero."), field="unit_price")
    return ChargeAmount(category, price, qty, amount)


def charge_post(
    *,
    folio: Folio,
    actor: AbstractBaseUser | None,
    category: str,
    unit_price,
    quantity=1,
    description: str = "",
) -> Entry:
    """Post a charge (tax included in the price) on the open business date."""
    with transaction.atomic():
        folio = locked(folio)
        require_open(folio)
        establishment = folio.establishment
        currency = folio.currency
        if len(description) > 200:
            raise Invalid(_("The description is too long."), field="description")
        category, price, qty, amount = charge_amount(folio, category, unit_price, quantity)
        day = establishment.business_day()
        rate = taxes.rate_on(establishment.pk, category, day)
        entry = Entry(
            establishment=establishment,
            folio=folio,
            kind=Entry.Kind.CHARGE,
            category=category,
            description=description,
            quantity=qty,
            unit_price=price,
            amount=amount,
            tax_rate=rate,
            tax_amount=taxes.included(amount, rate, currency),
            business_date=day,
            created_by=_actor(actor),
        )
        entry.save()
        return entry


# --- helpers shared by the postings below -------------------------------------------------

REASON_MAX = 500


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give a reason."), field="reason")
    if len(reason) > REASON_MAX:
        raise Invalid(_("The reason is too long."), field="reason")
    return reason


def _method(method: str) -> str:
    if method not in Method.values:
        raise Invalid(_("Choose a payment method."), code="unknown_method", field="method")
    return method


def _sum(entries) -> Decimal:
    return entries.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def _net_paid(folio: Folio) -> Decimal:
    """What was paid on the folio, less reversed payments and earlier refunds (positive)."""
    entries = Entry.objects.filter(folio_id=folio.pk)
    paid = -_sum(
        entries.filter(
            Q(kind=Entry.Kind.PAYMENT)
            | Q(kind=Entry.Kind.REVERSAL, reverses__kind=Entry.Kind.PAYMENT)
        )
    )
    refunded = _sum(
        entries.filter(
            Q(kind=Entry.Kind.REFUND)
            | Q(kind=Entry.Kind.REVERSAL, reverses__kind=Entry.Kind.REFUND)
        )
    )
    return paid - refunded


def _allowed_already(charge: Entry) -> Decimal:
    """The allowances given on a charge, less those reversed (positive)."""
    allowances = Entry.objects.filter(applies_to_id=charge.pk, kind=Entry.Kind.ALLOWANCE)
    given = -_sum(allowances)
    taken_back = _sum(Entry.objects.filter(kind=Entry.Kind.REVERSAL, reverses__in=allowances))
    return given - taken_back


def _is_reversed(entry: Entry) -> bool:
    return Entry.objects.filter(reverses_id=entry.pk).exists()


def _is_transferred(charge: Entry) -> bool:
    """A charge moved to another folio (its transfer_out points at it)."""
    return Entry.objects.filter(applies_to_id=charge.pk, kind=Entry.Kind.TRANSFER_OUT).exists()


def _refuse_transferred(charge: Entry) -> None:
    if _is_transferred(charge):
        raise Conflict(_("This charge was transferred already."), code="already_transferred")


def _receipt(entry: Entry, folio: Folio) -> Receipt:
    """The receipt of a payment or refund, issued in the entry's own transaction."""
    from .receipts import receipt_issue  # receipts → invoices → ledger: imported when used

    return receipt_issue(entry=entry)


def _entry(folio: Folio, actor, **fields) -> Entry:
    entry = Entry(
        establishment_id=folio.establishment_id,
        folio=folio,
        business_date=folio.establishment.business_day(),
        created_by=_actor(actor),
        **fields,
    )
    entry.save()
    return entry


def _entry_of(folio: Folio, entry_id, *, field: str = "entry") -> Entry:
    try:
        entry_id = int(entry_id)
    except (TypeError, ValueError):
        raise Invalid(_("Choose an entry of this account."), field=field) from None
    entry = Entry.objects.filter(folio_id=folio.pk, pk=entry_id).first()
    if entry is None:
        raise Invalid(_("Choose an entry of this account."), code="unknown_entry", field=field)
    return entry


# --- payments (cash, bank transfer, card through the gateway) ------------------------------


@dataclass(frozen=True)
class Authorisation:
    """A card charged (or refunded) at the gateway, not yet posted: the attempt row,
    committed, knows it."""

    attempt_id: int
    brand: str
    last4: str
    token: str
    reference: str


def reference_for(establishment_id: int, user_id: int | None, key: str) -> str:
    """The gateway reference of a request with an Idempotency-Key: one per key and user."""
    digest = hashlib.sha256(f"{establishment_id}:{user_id}:{key}".encode()).hexdigest()
    return f"idem-{digest[:40]}"


def _attempt(folio: Folio, actor, kind: str, amount, token: str, reference: str | None):
    """The attempt of this reference (a retry's is the first's), or a new one, committed."""
    with transaction.atomic():
        if reference is not None:
            found = (
                PaymentAttempt.objects.select_for_update()
                .filter(establishment_id=folio.establishment_id, reference=reference)
                .first()
            )
            if found is not None:
                if (found.folio_id, found.kind, found.amount, found.card_token) != (
                    folio.pk,
                    kind,
                    amount,
                    token,
                ):
                    raise Invalid(
                        _("This Idempotency-Key was used for a different request."),
                        code="idempotency_mismatch",
                    )
                return found
        attempt = PaymentAttempt(
            establishment_id=folio.establishment_id,
            folio=folio,
            kind=kind,
            amount=amount,
            currency=folio.currency,
            card_token=token,
            reference=reference,
            created_by=_actor(actor),
        )
        try:
            with transaction.atomic():
                attempt.save()
        except IntegrityError as exc:
            # A concurrent retry made it first: that one is ours too.
            if not db.violates(exc, PaymentAttempt, "paymentattempt_reference_uniq"):
                raise
            return PaymentAttempt.objects.get(
                establishment_id=folio.establishment_id, reference=reference
            )
        if reference is None:
            attempt.reference = f"att-{attempt.pk}"
            attempt.save(update_fields=["reference"])
        return attempt


def _outcome(attempt: PaymentAttempt, status: str, error: str = "", result=None) -> None:
    """Record what the gateway said, committed whatever the request answers next."""
    fields = {"status": status, "error_code": error}
    if result is not None:
        fields.update(
            card_brand=result.brand, card_last4=result.last4, gateway_reference=result.reference
        )
    # Never downgrade an attempt a concurrent retry has posted.
    PaymentAttempt.objects.filter(pk=attempt.pk, entry__isnull=True).update(**fields)


def _in_transaction() -> bool:
    """Inside a transaction of ours (a test's own wrapping transaction does not count)."""
    blocks = transaction.get_connection().atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def _gateway_call(attempt: PaymentAttempt, call) -> Authorisation:
    if _in_transaction():
        raise RuntimeError("the gateway is called outside any transaction (no lock is held)")
    try:
        result = call()
    except gateway_mod.PaymentDeclined:
        _outcome(attempt, PaymentAttempt.Status.DECLINED, "card_declined")
        raise
    except DomainError as error:
        _outcome(attempt, PaymentAttempt.Status.FAILED, error.code)
        raise
    except Exception:
        _outcome(attempt, PaymentAttempt.Status.FAILED, "gateway_error")
        raise
    _outcome(attempt, PaymentAttempt.Status.SUCCEEDED, result=result)
    return Authorisation(
        attempt_id=attempt.pk,
        brand=result.brand,
        last4=result.last4,
        token=attempt.card_token,
        reference=attempt.reference,
    )


def _folio_for_money(folio: Folio) -> Folio:
    """The folio as it is now. Payments (and refunds) are taken on a closed folio too: an
    invoiced company account is paid later, by bank transfer."""
    return Folio.objects.select_related("establishment").get(pk=folio.pk)


def card_authorise(
    *, folio: Folio, actor, amount, card_token: str, reference: str | None = None
) -> Authorisation:
    """Charge a card at the gateway, outside any transaction: the attempt is committed
    first (pending), then marked succeeded, declined or failed, so a payment the gateway
    refused or never answered stays on record as not taken. A retry with the same
    `reference` reuses the attempt and the gateway charges it once."""
    folio = _folio_for_money(folio)
    amount = amount_of(amount, folio.currency)
    token = (card_token or "").strip()
    if not token or len(token) > 100:
        raise Invalid(_("Enter the card terminal's token."), field="card_token")
    attempt = _attempt(folio, actor, "payment", amount, token, reference)
    if attempt.entry_id is not None or attempt.status == PaymentAttempt.Status.SUCCEEDED:
        return Authorisation(
            attempt.pk, attempt.card_brand, attempt.card_last4, token, attempt.reference
        )
    gw = gateway_mod.gateway()
    return _gateway_call(
        attempt,
        lambda: gw.charge(
            token=token, amount=amount, currency=folio.currency, reference=attempt.reference
        ),
    )


def payment_post(
    *, folio: Folio, actor, amount, method: str, authorisation: Authorisation | None = None
) -> Entry:
    """Post a payment (and its receipt) under the folio's lock, on an open or a closed
    (invoiced) folio. A card payment needs its authorisation; posting one authorisation
    twice returns the first entry."""
    with transaction.atomic():
        folio = locked(folio)
        method = _method(method)
        amount = amount_of(amount, folio.currency)
        card = {}
        attempt = None
        if method == Method.CARD:
            if authorisation is None:
                raise Invalid(_("Enter the card terminal's token."), field="card_token")
            attempt = PaymentAttempt.objects.select_for_update().get(pk=authorisation.attempt_id)
            if attempt.entry_id is not None:
                return attempt.entry
            card = {
                "card_brand": authorisation.brand,
                "card_last4": authorisation.last4,
                "card_token": authorisation.token,
                "gateway_reference": authorisation.reference,
            }
        # A closed (invoiced) folio is still paid: no require_open here.
        entry = _entry(folio, actor, kind=Entry.Kind.PAYMENT, amount=-amount, method=method, **card)
        if attempt is not None:
            PaymentAttempt.objects.filter(pk=attempt.pk).update(
                entry=entry, status=PaymentAttempt.Status.SUCCEEDED
            )
        _receipt(entry, folio)
        return entry


def payment_take(
    *,
    folio: Folio,
    actor,
    amount,
    method: str,
    card_token: str | None = None,
    reference: str | None = None,
) -> Entry:
    """Take a payment: cash and bank transfers are posted at once; a card is charged at the
    gateway first (outside the folio's lock, see `card_authorise`), then posted."""
    authorisation = None
    if method == Method.CARD:
        authorisation = card_authorise(
            folio=folio, actor=actor, amount=amount, card_token=card_token, reference=reference
        )
    return payment_post(
        folio=folio, actor=actor, amount=amount, method=method, authorisation=authorisation
    )


# --- refunds, allowances, reversals ------------------------------------------------------


def refund_post(*, folio: Folio, actor, amount, method: str, reason: str) -> Entry:
    """Pay money back: never more than was paid on the folio, net of earlier refunds
    (409 `refund_exceeds_payments`). Recorded with its receipt; a card refund is made on
    the card terminal and recorded here."""
    with transaction.atomic():
        folio = locked(folio)  # open or closed: money is paid back on an invoiced folio too
        method = _method(method)
        amount = amount_of(amount, folio.currency)
        reason = _reason(reason)
        if amount > _net_paid(folio):
            raise Conflict(
                _("A refund cannot be more than was paid on this account, less earlier refunds."),
                code="refund_exceeds_payments",
            )
        entry = _entry(
            folio, actor, kind=Entry.Kind.REFUND, amount=amount, method=method, reason=reason
        )
        _receipt(entry, folio)
        return entry


def allowance_post(
    *, folio: Folio, actor, entry, amount, reason: str, above_limit_allowed: bool = False
) -> Entry:
    """Reduce a charge of this folio (a goodwill gesture, a complaint): never more than the
    charge less its earlier allowances. Above the establishment's allowance limit only a
    person who may correct accounts (`above_limit_allowed`) may give it (403
    `allowance_above_limit`). The tax goes down with the charge, at the charge's rate."""
    with transaction.atomic():
        folio = locked(folio)
        require_open(folio)
        charge = entry if isinstance(entry, Entry) else _entry_of(folio, entry)
        if charge.folio_id != folio.pk:
            raise Invalid(_("Choose an entry of this account."), field="entry")
        if charge.kind != Entry.Kind.CHARGE:
            raise Invalid(_("An allowance reduces a charge."), code="not_a_charge", field="entry")
        if _is_reversed(charge):
            raise Conflict(_("This charge was reversed."), code="already_reversed")
        _refuse_transferred(charge)
        amount = amount_of(amount, folio.currency)
        reason = _reason(reason)
        allowed = _allowed_already(charge)
        if amount > charge.amount - allowed:
            raise Conflict(
                _("An allowance cannot be more than the charge, less earlier allowances."),
                code="allowance_exceeds_charge",
            )
        # The limit holds for the charge's allowances together, not for each one alone.
        limit = selectors.allowance_limit(folio.establishment)
        if allowed + amount > limit and not above_limit_allowed:
            raise Forbidden(
                _("An allowance this large needs the front office manager."),
                code="allowance_above_limit",
            )
        return _entry(
            folio,
            actor,
            kind=Entry.Kind.ALLOWANCE,
            category=charge.category,
            description=charge.description,
            amount=-amount,
            tax_rate=charge.tax_rate,
            tax_amount=-taxes.included(amount, charge.tax_rate, folio.currency),
            applies_to=charge,
            reason=reason,
        )


REVERSIBLE = {Entry.Kind.CHARGE, Entry.Kind.ALLOWANCE, Entry.Kind.PAYMENT}


def _reversal(folio: Folio, actor, entry: Entry, reason: str) -> Entry:
    try:
        with transaction.atomic():
            return _entry(
                folio,
                actor,
                kind=Entry.Kind.REVERSAL,
                category=entry.category,
                description=entry.description,
                quantity=entry.quantity,
                unit_price=entry.unit_price,
                amount=-entry.amount,
                tax_rate=entry.tax_rate,
                tax_amount=-entry.tax_amount,
                method=entry.method,
                card_brand=entry.card_brand,
                card_last4=entry.card_last4,
                reverses=entry,
                reason=reason,
            )
    except IntegrityError as exc:
        if not db.violates(exc, Entry, "entry_reversed_once"):
            raise
        raise Conflict(_("This entry was reversed already."), code="already_reversed") from None


def entry_reverse(*, entry: Entry, actor, reason: str) -> list[Entry]:
    """Cancel a charge, an allowance or a payment taken by mistake (cash or bank transfer;
    a card payment is refunded) with an entry of the opposite amount, once. A charge's
    allowances not yet reversed are reversed with it, in the same transaction (so the
    folio never shows an allowance on a charge that is gone). Returns the reversals, the
    entry's own first."""
    with transaction.atomic():
        folio = locked(entry.folio)
        require_open(folio)
        entry = Entry.objects.get(pk=entry.pk)
        reason = _reason(reason)
        if entry.kind not in REVERSIBLE:
            raise Conflict(
                _("Only charges, allowances and payments can be reversed."),
                code="not_reversible",
            )
        if entry.kind == Entry.Kind.PAYMENT and entry.method == Method.CARD:
            raise Conflict(
                _("A card payment is given back with a refund."), code="card_payment_refund"
            )
        if _is_reversed(entry):
            raise Conflict(_("This entry was reversed already."), code="already_reversed")
        if entry.kind == Entry.Kind.ALLOWANCE and _is_reversed(entry.applies_to):
            raise Conflict(_("This charge was reversed."), code="already_reversed")
        if entry.kind == Entry.Kind.CHARGE:
            _refuse_transferred(entry)
        reversals = [_reversal(folio, actor, entry, reason)]
        if entry.kind == Entry.Kind.CHARGE:
            for allowance in Entry.objects.filter(
                applies_to_id=entry.pk, kind=Entry.Kind.ALLOWANCE
            ).order_by("pk"):
                if not _is_reversed(allowance):
                    reversals.append(_reversal(folio, actor, allowance, reason))
        return reversals


# --- transfers between folios --------------------------------------------------------------


def _both_locked(first: Folio, second: Folio) -> tuple[Folio, Folio]:
    """Both folios' rows, locked in id order: two transfers between the same folios in
    opposite directions wait for each other instead of deadlocking."""
    ids = sorted({first.pk, second.pk})
    rows = {
        f.pk: f
        for f in Folio.objects.select_for_update(no_key=True)
        .select_related("establishment")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    return rows[first.pk], rows[second.pk]


def transfer_post(
    *,
    from_folio: Folio,
    to_folio: Folio,
    actor,
    entries: Iterable[int] | None = None,
    amount=None,
) -> list[Entry]:
    """Move charges (`entries`: each at what is left of it after allowances, with its tax)
    or an `amount` of the balance from one open folio to another of the same establishment
    and currency: a transfer_out here, a transfer_in there, each the other's counterpart.
    To a company account this is how a guest's bill is settled before check-out. Returns
    the pairs as [out, in, out, in, …]."""
    if (entries is None) == (amount is None):
        raise Invalid(_("Transfer either entries or an amount."), field="entries")
    with transaction.atomic():
        source, target = _both_locked(from_folio, to_folio)
        if source.pk == target.pk:
            raise Invalid(_("Choose another account."), code="same_folio", field="to_folio")
        if source.establishment_id != target.establishment_id or source.currency != target.currency:
            raise Invalid(_("Choose an account of this establishment."), field="to_folio")
        require_open(source)
        require_open(target)
        moves = []  # (amount, tax_rate, tax_amount, category, description, charge)
        if amount is not None:
            amount = amount_of(amount, source.currency)
            if amount > selectors.folio_balance(source):
                raise Conflict(
                    _("A transfer cannot be more than the account's balance."),
                    code="transfer_exceeds_balance",
                )
            moves.append((amount, None, Decimal(0), "", "", None))
        else:
            ids = list(entries)
            if not ids or len(ids) > 500 or len(set(ids)) != len(ids):
                raise Invalid(_("Choose the charges to transfer."), field="entries")
            for entry_id in ids:
                charge = _entry_of(source, entry_id, field="entries")
                if charge.kind != Entry.Kind.CHARGE:
                    raise Invalid(
                        _("Only charges can be transferred."), code="not_a_charge", field="entries"
                    )
                if _is_reversed(charge):
                    raise Conflict(_("This charge was reversed."), code="already_reversed")
                _refuse_transferred(charge)
                left = charge.amount - _allowed_already(charge)
                if left <= 0:
                    raise Conflict(
                        _("Nothing is left of this charge to transfer."),
                        code="nothing_to_transfer",
                    )
                tax = taxes.included(left, charge.tax_rate, source.currency)
                moves.append(
                    (left, charge.tax_rate, tax, charge.category, charge.description, charge)
                )
        posted = []
        for value, rate, tax, category, description, charge in moves:
            out = _entry(
                source,
                actor,
                kind=Entry.Kind.TRANSFER_OUT,
                category=category,
                description=description or target.name[:200],
                amount=-value,
                tax_rate=rate,
                tax_amount=-tax,
                applies_to=charge,
            )
            into = _entry(
                target,
                actor,
                kind=Entry.Kind.TRANSFER_IN,
                category=category,
                description=description or source.name[:200],
                amount=value,
                tax_rate=rate,
                tax_amount=tax,
                counterpart=out,
            )
            # The first half points at the second through a row of its own: entries are
            # never updated, so the link back is the second half's `counterpart`.
            posted += [out, into]
        return posted

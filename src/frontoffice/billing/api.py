"""API of billing: accounts (folios), their entries, payments, refunds, allowances,
reversals and transfers. Entries are never changed or deleted: there is no PUT, PATCH or
DELETE on them; a mistake is corrected by a reversal."""

import datetime as dt
import json
from decimal import Decimal
from typing import Literal

from django.http import HttpResponse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from frontoffice.core import money, policy
from frontoffice.core.pagination import Pagination, SerialisedPage
from frontoffice.core.schemas import ErrorOut, Text
from frontoffice.core.services import idempotency

from . import selectors
from .models import Entry, Folio, Method
from .services import folios as folio_services
from .services import ledger

router = Router(tags=["folios"])

E = "/establishments/{code}/folios"
Amount = Decimal
ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _money(amount: Decimal | None, currency: str) -> str | None:
    return None if amount is None else str(money.quantize(amount, currency))


def _plain(value: Decimal | None) -> str | None:
    """A quantity or a rate without trailing zeros: "1", "2.5", "19"."""
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


class EntryOut(Schema):
    id: int
    kind: Entry.Kind
    category: str
    description: str
    quantity: str
    unit_price: str | None
    amount: str = Field(description="Signed by its effect on the balance.")
    tax_rate: str | None = Field(description="Percent, included in the amount.")
    tax_amount: str
    method: str
    card_last4: str
    reverses: int | None
    applies_to: int | None
    counterpart: int | None
    receipt: str | None
    reason: str
    business_date: dt.date
    created_at: dt.datetime
    created_by: str | None


class FolioSummaryOut(Schema):
    id: int
    kind: Folio.Kind
    name: str
    status: Folio.Status
    currency: str
    balance: str
    reservation: str | None = Field(description="A guest folio's reservation confirmation.")


class FolioOut(FolioSummaryOut):
    address: str
    postal_code: str
    city: str
    country: str
    vat_id: str
    email: str
    entries: list[EntryOut]


class EntriesOut(Schema):
    entries: list[EntryOut]


def entry_out(entry: Entry, currency: str) -> dict:
    receipt = getattr(entry, "receipt", None) if _has_receipt(entry) else None
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "category": entry.category,
        "description": entry.description,
        "quantity": _plain(entry.quantity),
        "unit_price": _money(entry.unit_price, currency),
        "amount": _money(entry.amount, currency),
        "tax_rate": _plain(entry.tax_rate),
        "tax_amount": _money(entry.tax_amount, currency),
        "method": entry.method,
        "card_last4": entry.card_last4,
        "reverses": entry.reverses_id,
        "applies_to": entry.applies_to_id,
        "counterpart": entry.counterpart_id,
        "receipt": receipt.number if receipt else None,
        "reason": entry.reason,
        "business_date": entry.business_date.isoformat(),
        "created_at": entry.created_at.isoformat(),
        "created_by": entry.created_by.get_username() if entry.created_by_id else None,
    }


def _has_receipt(entry: Entry) -> bool:
    if entry.kind not in (Entry.Kind.PAYMENT, Entry.Kind.REFUND):
        return False
    try:
        entry.receipt  # noqa: B018 - loads the reverse one-to-one, if any
    except Entry.receipt.RelatedObjectDoesNotExist:
        return False
    return True


def folio_summary(folio: Folio, balance: Decimal) -> dict:
    return {
        "id": folio.pk,
        "kind": folio.kind,
        "name": folio.name,
        "status": folio.status,
        "currency": folio.currency,
        "balance": _money(balance, folio.currency),
        "reservation": (folio.reference or None) if folio.kind == Folio.Kind.GUEST else None,
    }


def folio_out(folio: Folio) -> dict:
    entries = selectors.folio_entries(folio)
    balance = sum((e.amount for e in entries), Decimal(0))
    return {
        **folio_summary(folio, balance),
        "address": folio.address,
        "postal_code": folio.postal_code,
        "city": folio.city,
        "country": folio.country,
        "vat_id": folio.vat_id,
        "email": folio.email,
        "entries": [entry_out(e, folio.currency) for e in entries],
    }


def _json(status: int, body) -> HttpResponse:
    return HttpResponse(
        json.dumps(body, default=str), status=status, content_type="application/json"
    )


# --- accounts ------------------------------------------------------------------------------


class FolioIn(Schema):
    kind: Literal["company", "house"]
    name: Text(200, 1)
    address: Text(200) = ""
    postal_code: Text(20) = ""
    city: Text(100) = ""
    country: Text(2) = ""
    vat_id: Text(40) = Field("", description="A European VAT number, checked (python-stdnum).")
    email: Text(254) = ""


@router.post(E, response={201: FolioOut, **ERRORS})
def folio_create(request, code: str, payload: FolioIn):
    """Open a company account (invoiced later) or a house account. Guest folios come with
    their reservation."""
    access = policy.access(request.auth, code, "folio.charge")
    folio = folio_services.folio_create(
        establishment=access.establishment, actor=request.auth, **payload.dict()
    )
    return 201, folio_out(folio)


@router.get(E, response=list[FolioSummaryOut])
@paginate(Pagination)
def folio_list(
    request,
    code: str,
    kind: Folio.Kind | None = None,
    status: Folio.Status | None = None,
):
    access = policy.access(request.auth, code, "folio.view")
    rows = selectors.folio_list(access.establishment, kind=kind, status=status)
    return SerialisedPage(rows, lambda f: folio_summary(f, f.balance))


@router.get(E + "/{folio_id}", response={200: FolioOut, 403: ErrorOut, 404: ErrorOut})
def folio_get(request, code: str, folio_id: int):
    access = policy.access(request.auth, code, "folio.view")
    return folio_out(selectors.folio_get(access.establishment, folio_id))


# --- postings ------------------------------------------------------------------------------

AmountField = Field(..., description='A positive amount, as a string ("119.00").')


class ChargeIn(Schema):
    category: Text(30, 1)
    description: Text(200) = ""
    quantity: Decimal = Decimal(1)
    unit_price: Decimal = AmountField


@router.post(E + "/{folio_id}/charges", response={201: EntryOut, **ERRORS})
def charge_create(request, code: str, folio_id: int, payload: ChargeIn):
    """Post a charge (tax included in the price, at the category's rate on the business
    date). 409 `folio_closed`; 422 `unknown_category`."""
    access = policy.access(request.auth, code, "folio.charge")
    folio = selectors.folio_get(access.establishment, folio_id)
    entry = ledger.charge_post(folio=folio, actor=request.auth, **payload.dict())
    return _json(201, entry_out(entry, folio.currency))


class PaymentIn(Schema):
    amount: Decimal = AmountField
    method: Method
    card_token: Text(100) | None = Field(
        None, description="The card terminal's token (method card): tok_visa, tok_declined, …"
    )


class RefundIn(Schema):
    amount: Decimal = AmountField
    method: Method
    reason: Text(500, 1)


def _once(request, payload: Schema, call, *, before=None):
    """Run `call` once per Idempotency-Key (if sent), the key written in the posting's own
    transaction. `before` runs outside any transaction first (the card gateway), skipped
    when the key's answer is known already."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return _json(*call(before() if before else None))
    fp = idempotency.fingerprint("POST", request.path, payload.dict())
    replayed = idempotency.replay(user=request.auth, key=key, fp=fp)
    if replayed is not None:
        return _json(*replayed)
    prepared = before(key) if before else None
    status, body = idempotency.run_once(
        user=request.auth, key=key, fp=fp, call=lambda: call(prepared)
    )
    return _json(status, body)


@router.post(
    E + "/{folio_id}/payments",
    response={201: EntryOut, 402: ErrorOut, 504: ErrorOut, **ERRORS},
)
def payment_create(request, code: str, folio_id: int, payload: PaymentIn):
    """Take a payment (a receipt is numbered with it). A card is charged through the
    gateway with its terminal token: 402 `card_declined`, 504 `gateway_timeout` (recorded
    as a failed attempt, nothing taken), 422 `unknown_token`. Send an `Idempotency-Key`:
    a retry returns the first answer and never charges the card twice."""
    access = policy.access(request.auth, code, "folio.pay")
    est = access.establishment
    folio = selectors.folio_get(est, folio_id)

    def authorise(key=None):
        if payload.method != Method.CARD:
            return None
        reference = None
        if key is not None:
            reference = ledger.reference_for(est.pk, request.auth.pk, key)
        return ledger.card_authorise(
            folio=folio,
            actor=request.auth,
            amount=payload.amount,
            card_token=payload.card_token,
            reference=reference,
        )

    def call(authorisation):
        entry = ledger.payment_post(
            folio=folio,
            actor=request.auth,
            amount=payload.amount,
            method=payload.method,
            authorisation=authorisation,
        )
        return 201, entry_out(entry, folio.currency)

    return _once(request, payload, call, before=authorise)


@router.post(E + "/{folio_id}/refunds", response={201: EntryOut, **ERRORS})
def refund_create(request, code: str, folio_id: int, payload: RefundIn):
    """Pay money back (front office manager): never more than was paid, less earlier
    refunds (409 `refund_exceeds_payments`). `Idempotency-Key` as for payments."""
    access = policy.access(request.auth, code, "folio.correct")
    folio = selectors.folio_get(access.establishment, folio_id)

    def call(_prepared):
        entry = ledger.refund_post(folio=folio, actor=request.auth, **payload.dict())
        return 201, entry_out(entry, folio.currency)

    return _once(request, payload, call)


class AllowanceIn(Schema):
    entry: int = Field(..., ge=1, le=2**62, description="The charge it reduces.")
    amount: Decimal = AmountField
    reason: Text(500, 1)


@router.post(E + "/{folio_id}/allowances", response={201: EntryOut, **ERRORS})
def allowance_create(request, code: str, folio_id: int, payload: AllowanceIn):
    """Reduce a charge of this folio. Up to the establishment's allowance limit the desk
    may; above it only the front office manager (403 `allowance_above_limit`). 409
    `allowance_exceeds_charge`."""
    access = policy.access(request.auth, code, "folio.charge")
    folio = selectors.folio_get(access.establishment, folio_id)
    entry = ledger.allowance_post(
        folio=folio,
        actor=request.auth,
        above_limit_allowed=access.can("folio.correct"),
        **payload.dict(),
    )
    return _json(201, entry_out(entry, folio.currency))


class ReverseIn(Schema):
    reason: Text(500, 1)


@router.post(E + "/{folio_id}/entries/{entry_id}/reverse", response={201: EntriesOut, **ERRORS})
def entry_reverse(request, code: str, folio_id: int, entry_id: int, payload: ReverseIn):
    """Reverse a charge (with its allowances), an allowance, or a cash or bank payment
    taken by mistake (front office manager), once: 409 `already_reversed`,
    `not_reversible`, `card_payment_refund`."""
    access = policy.access(request.auth, code, "folio.correct")
    folio = selectors.folio_get(access.establishment, folio_id)
    entry = selectors.entry_get(folio, entry_id)
    posted = ledger.entry_reverse(entry=entry, actor=request.auth, reason=payload.reason)
    return _json(201, {"entries": [entry_out(e, folio.currency) for e in posted]})


class TransferIn(Schema):
    to_folio: int = Field(..., ge=1, le=2**62)
    entries: list[int] | None = Field(None, max_length=500)
    amount: Decimal | None = None


@router.post(E + "/{folio_id}/transfers", response={201: EntriesOut, **ERRORS})
def transfer_create(request, code: str, folio_id: int, payload: TransferIn):
    """Move charges (`entries`) or an `amount` of the balance to another open account of
    this establishment (a company's, to settle a guest's bill before check-out). The
    answer lists the pairs: transfer_out here, transfer_in there."""
    access = policy.access(request.auth, code, "folio.charge")
    est = access.establishment
    source = selectors.folio_get(est, folio_id)
    target = selectors.folio_get(est, payload.to_folio)
    posted = ledger.transfer_post(
        from_folio=source,
        to_folio=target,
        actor=request.auth,
        entries=payload.entries,
        amount=payload.amount,
    )
    return _json(201, {"entries": [entry_out(e, source.currency) for e in posted]})

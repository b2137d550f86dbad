"""The folio pages: one account's entries with running totals and the forms that post to
it, and the list of company and house accounts. The same services as the API."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from frontoffice.core import formats
from frontoffice.core.errors import DomainError, NotFound
from frontoffice.core.services import idempotency
from frontoffice.core.views import establishment_page, form_error, page

from . import selectors
from .forms import (
    AccountForm,
    AllowanceForm,
    ChargeForm,
    LimitForm,
    PaymentForm,
    RefundForm,
    ReverseForm,
    TransferForm,
)
from .models import Entry, Folio, Method
from .services import folios as folio_services
from .services import ledger

# What each form on the folio page needs; charges are reversible, so they do not ask.
ACTIONS = {
    "charge": ("folio.charge", ChargeForm),
    "payment": ("folio.pay", PaymentForm),
    "refund": ("folio.correct", RefundForm),
    "allowance": ("folio.charge", AllowanceForm),
    "reverse": ("folio.correct", ReverseForm),
    "transfer": ("folio.charge", TransferForm),
}

# What a closed (invoiced) folio still takes: a company pays its invoice later.
MONEY_ON_CLOSED = {"payment", "refund"}


def _folio(access, folio_id) -> Folio:
    try:
        return selectors.folio_get(access.establishment, folio_id)
    except NotFound:
        raise Http404 from None


def _token() -> str:
    return secrets.token_urlsafe(16)


def _fresh_token(form) -> None:
    """After a refusal the form comes back with a new token: its corrected submission is a
    new request (the refused one's token keeps the refusal as its answer)."""
    if "form_token" in form.fields and form.is_bound:
        data = form.data.copy()
        data["form_token"] = _token()
        form.data = data


def _answered(response) -> None:
    """A stored answer of an earlier submission of this form: a refusal stays one."""
    if response is not None and response[0] >= 400:
        status, body = response
        raise DomainError(
            body.get("detail", ""), code=body.get("code"), status=status, field=body.get("field")
        )


def _makers(access, folio, lines, reversed_ids) -> dict:
    """A maker of each form the person may use on this folio: maker(data=None)."""
    est = access.establishment
    # A closed (invoiced) folio is still paid (and paid back), nothing else is posted to it.
    closed = folio.status != Folio.Status.OPEN
    charges = [
        (line.entry.pk, f"#{line.entry.pk} {line.entry.category_label} {line.entry.description}")
        for line in lines
        if line.entry.kind == Entry.Kind.CHARGE and line.entry.pk not in reversed_ids
    ]
    reversible = [
        (
            line.entry.pk,
            f"#{line.entry.pk} {line.entry.get_kind_display()} {line.entry.category_label}",
        )
        for line in lines
        if line.entry.kind in ledger.REVERSIBLE
        and line.entry.pk not in reversed_ids
        and not (line.entry.kind == Entry.Kind.PAYMENT and line.entry.method == Method.CARD)
    ]
    companies = list(selectors.company_folios(est, exclude=folio.pk))
    makers = {
        "charge": lambda data=None: ChargeForm(
            data, establishment=est, auto_id="charge_%s", initial={"form_token": _token()}
        ),
        "payment": lambda data=None: PaymentForm(
            data, auto_id="payment_%s", initial={"form_token": _token(), "method": Method.CARD}
        ),
        "refund": lambda data=None: RefundForm(
            data, auto_id="refund_%s", initial={"form_token": _token()}
        ),
        "allowance": lambda data=None: AllowanceForm(
            data, auto_id="allowance_%s", initial={"form_token": _token()}, charges=charges
        ),
        "reverse": lambda data=None: ReverseForm(
            data, auto_id="reverse_%s", initial={"form_token": _token()}, entries=reversible
        ),
        "transfer": lambda data=None: TransferForm(
            data, auto_id="transfer_%s", initial={"form_token": _token()}, companies=companies
        ),
    }
    return {
        name: maker
        for name, maker in makers.items()
        if access.can(ACTIONS[name][0])
        and (name != "transfer" or companies)
        and (not closed or name in MONEY_ON_CLOSED)
    }


def _forms(access, folio, lines, reversed_ids, bound=None) -> dict:
    makers = _makers(access, folio, lines, reversed_ids)
    return {
        name: bound[1] if bound and bound[0] == name else maker() for name, maker in makers.items()
    }


def _render(request, access, folio, bound=None, confirm=None, status=200):
    lines = selectors.folio_lines(folio)
    reversed_ids = selectors.reversed_ids(folio)
    total_tax = sum((line.entry.tax_amount for line in lines), Decimal(0))
    return page(
        request,
        access,
        "billing/folio_detail.html",
        {
            "folio": folio,
            "lines": lines,
            "balance": lines[-1].running if lines else Decimal(0),
            "tax": total_tax,
            "reversed_ids": reversed_ids,
            "forms": _forms(access, folio, lines, reversed_ids, bound),
            "confirm": confirm,
            "limit": selectors.allowance_limit(access.establishment),
            "invoices": selectors.folio_invoices(folio),
        },
        nav="folios",
        status=status,
    )


@establishment_page("folio.view")
def folio_detail(request, access, folio_id):
    return _render(request, access, _folio(access, folio_id))


def _summary(name: str, form, folio) -> str:
    """The question asked before money leaves or moves, with the amount as the page's
    language writes money (12,50 € / €12.50)."""
    d = form.cleaned_data
    amount = formats.amount(d["amount"], folio.currency) if "amount" in d else ""
    if name == "payment":
        return _("Take a payment of %(amount)s (%(method)s)?") % {
            "amount": amount,
            "method": dict(Method.choices)[d["method"]],
        }
    if name == "refund":
        return _("Pay back %(amount)s (%(method)s)?") % {
            "amount": amount,
            "method": dict(Method.choices)[d["method"]],
        }
    if name == "allowance":
        return _("Give an allowance of %(amount)s on entry %(entry)s?") % {
            "amount": amount,
            "entry": d["entry"],
        }
    if name == "reverse":
        return _("Reverse entry %(entry)s? This cannot be undone.") % {"entry": d["entry"]}
    return _("Transfer %(amount)s to %(account)s?") % {
        "amount": amount,
        "account": dict(form.fields["to_folio"].choices).get(d["to_folio"], ""),
    }


def _act(request, access, folio, name, d):
    user = request.user
    if name == "charge":
        body = {k: d[k] for k in ("category", "description", "quantity", "unit_price")}
        _answered(
            idempotency.run_once(
                user=user,
                key=f"form:{d['form_token']}",
                fp=idempotency.fingerprint("POST", request.path, body),
                call=lambda: (
                    201,
                    {"entry": ledger.charge_post(folio=folio, actor=user, **body).pk},
                ),
            )
        )
        return _("The charge was posted.")
    if name == "payment":
        body = {k: d[k] for k in ("amount", "method", "card_token")}
        key = f"form:{d['form_token']}"
        fp = idempotency.fingerprint("POST", request.path, body)
        earlier = idempotency.replay(user=user, key=key, fp=fp)
        _answered(earlier)
        if earlier is None:
            authorisation = None
            if d["method"] == Method.CARD:
                authorisation = ledger.card_authorise(
                    folio=folio,
                    actor=user,
                    amount=d["amount"],
                    card_token=d["card_token"],
                    reference=ledger.reference_for(folio.establishment_id, user.pk, key),
                )
            answer = idempotency.run_once(
                user=user,
                key=key,
                fp=fp,
                call=lambda: (
                    201,
                    {
                        "entry": ledger.payment_post(
                            folio=folio,
                            actor=user,
                            amount=d["amount"],
                            method=d["method"],
                            authorisation=authorisation,
                        ).pk
                    },
                ),
            )
            _answered(answer)
        return _("The payment was taken.")
    if name == "refund":
        body = {k: d[k] for k in ("amount", "method", "reason")}
        answer = idempotency.run_once(
            user=user,
            key=f"form:{d['form_token']}",
            fp=idempotency.fingerprint("POST", request.path, body),
            call=lambda: (201, {"entry": ledger.refund_post(folio=folio, actor=user, **body).pk}),
        )
        _answered(answer)
        return _("The refund was recorded.")
    if name == "allowance":
        ledger.allowance_post(
            folio=folio,
            actor=user,
            entry=d["entry"],
            amount=d["amount"],
            reason=d["reason"],
            above_limit_allowed=access.can("folio.correct"),
        )
        return _("The allowance was posted.")
    if name == "reverse":
        entry = selectors.entry_get(folio, d["entry"])
        ledger.entry_reverse(entry=entry, actor=user, reason=d["reason"])
        return _("The entry was reversed.")
    target = selectors.folio_get(access.establishment, d["to_folio"])
    ledger.transfer_post(from_folio=folio, to_folio=target, actor=user, amount=d["amount"])
    return _("The amount was transferred.")


@establishment_page("folio.view")
def folio_post(request, access, folio_id, action):
    if action not in ACTIONS:
        raise Http404
    permission, _form = ACTIONS[action]
    if not access.can(permission):
        raise PermissionDenied
    folio = _folio(access, folio_id)
    if request.method != "POST":
        return redirect("folio_detail", code=access.establishment.code, folio_id=folio.pk)
    makers = _makers(access, folio, selectors.folio_lines(folio), selectors.reversed_ids(folio))
    if action not in makers:  # a closed folio, or no company to transfer to
        return redirect("folio_detail", code=access.establishment.code, folio_id=folio.pk)
    form = makers[action](request.POST)
    if not form.is_valid():
        if "form_token" in form.errors:
            form.add_error(None, _("This form has expired: enter it again."))
        _fresh_token(form)
        return _render(request, access, folio, bound=(action, form), status=422)
    d = form.cleaned_data
    # Money that leaves or moves is asked about once before it is posted.
    if action != "charge" and not d.get("confirmed"):
        try:
            # An amount the currency cannot hold is refused before it is asked about
            # (the question shows it as money, rounded to the currency's decimals).
            if "amount" in d:
                ledger.amount_of(d["amount"], folio.currency)
        except DomainError as error:
            form_error(form, error)
            _fresh_token(form)
            return _render(request, access, folio, bound=(action, form), status=error.status)
        return _render(
            request,
            access,
            folio,
            bound=(action, form),
            confirm={
                "action": action,
                "form": form,
                "question": _summary(action, form, folio),
                "danger": action != "payment",
            },
        )
    try:
        done = _act(request, access, folio, action, d)
    except DomainError as error:
        form_error(form, error, {"unit_price": "unit_price", "to_folio": "to_folio"})
        # A card terminal that did not answer may have charged: its retry keeps the token
        # (and so the gateway reference), which the gateway charges once.
        if error.code != "gateway_timeout":
            _fresh_token(form)
        return _render(request, access, folio, bound=(action, form), status=error.status)
    messages.success(request, done)
    return redirect("folio_detail", code=access.establishment.code, folio_id=folio.pk)


@establishment_page("folio.view")
def folio_list(request, access):
    """Company and house accounts, and a form to open one."""
    est = access.establishment
    form = AccountForm(request.POST or None) if access.can("folio.charge") else None
    limit_form = None
    if access.can("folio.correct"):
        limit_form = LimitForm(
            request.POST if "allowance_limit" in request.POST else None,
            # In the page's language (25,00 on a Dutch page): read back the same way.
            initial={
                "allowance_limit": formats.plain_amount(
                    selectors.allowance_limit(est), est.currency
                )
            },
        )
    if request.method == "POST":
        if "allowance_limit" in request.POST and limit_form is not None:
            if limit_form.is_valid():
                try:
                    folio_services.billing_settings_set(
                        establishment=est,
                        actor=request.user,
                        allowance_limit=limit_form.cleaned_data["allowance_limit"],
                    )
                except DomainError as error:
                    form_error(limit_form, error)
                else:
                    messages.success(request, _("The allowance limit was saved."))
                    return redirect("folio_list", code=est.code)
        elif form is None:
            raise PermissionDenied
        elif form.is_valid():
            try:
                folio = folio_services.folio_create(
                    establishment=est, actor=request.user, **form.cleaned_data
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("The account was opened."))
                return redirect("folio_detail", code=est.code, folio_id=folio.pk)
    kind = request.GET.get("kind")
    kinds = [kind] if kind in (Folio.Kind.COMPANY, Folio.Kind.HOUSE) else None
    rows = selectors.folio_list(est).filter(
        kind__in=kinds or [Folio.Kind.COMPANY, Folio.Kind.HOUSE]
    )
    paginator = Paginator(rows, 50)
    page_obj = paginator.get_page(request.GET.get("page"))
    return page(
        request,
        access,
        "billing/folio_list.html",
        {"form": form, "limit_form": limit_form, "page_obj": page_obj, "kind": kind or ""},
        nav="folios",
        status=422 if request.method == "POST" else 200,
    )

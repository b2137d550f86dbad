"""Pages of the concierge: the catalogue (search, filters, open now, what guests of a similar
profile booked), an attraction, keeping the catalogue, and recommending or booking one for a
guest (its cost on the guest's folio, asked about once)."""

from __future__ import annotations

import datetime as dt
import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from frontoffice.core import dates, formats
from frontoffice.core.errors import DomainError, Invalid, NotFound
from frontoffice.core.services import idempotency
from frontoffice.core.validation import row_id
from frontoffice.core.views import establishment_page, form_error, page
from frontoffice.customers import selectors as customer_selectors

from . import selectors_concierge as selectors
from .forms_concierge import AttractionForm, BookingForm, CatalogueFilter, hours_text
from .models import Attraction, Recommendation
from .services import concierge as services

SHOWN = 200


def _guest(access, raw):
    """The guest of ?guest=, through customers' selector (which hides whom the person may
    not see): unknown is 404, like the guest's own page."""
    guest_id = row_id(raw)
    if guest_id is None:
        raise Http404
    customer = customer_selectors.customer_get(access.establishment, guest_id, access=access)
    if customer is None:
        raise Http404
    return customer


def _attraction(access, attraction_id) -> Attraction:
    try:
        return selectors.attraction_get(access.establishment, attraction_id)
    except NotFound:
        raise Http404 from None


def note_in(notes: dict, language: str) -> str:
    """The note in the page's language, else the English one, else any."""
    if not notes:
        return ""
    return notes.get(language) or notes.get("en") or next(iter(notes.values()))


def card(attraction: Attraction, local: dt.datetime, language: str) -> dict:
    return {
        "a": attraction,
        "open": selectors.is_open(attraction.opening_hours, local),
        "note": note_in(attraction.notes, language),
        "languages": [formats.language_name(code) for code in attraction.languages],
        "price": "€" * attraction.price_level,
    }


@establishment_page("concierge.view")
def catalogue(request, access):
    est = access.establishment
    language = translation.get_language() or "en"
    form = CatalogueFilter(request.GET, languages=selectors.languages_spoken(est))
    filters = form.cleaned_data if form.is_valid() else {}
    guest = _guest(access, request.GET["guest"]) if request.GET.get("guest") else None
    now = timezone.now()
    local = selectors.local_time(est, now)
    rows = selectors.attraction_search(
        est,
        q=filters.get("q") or "",
        category=filters.get("category") or None,
        language=filters.get("language") or None,
        open_at=now if filters.get("open_now") else None,
    )
    context = {
        "form": form,
        "cards": [card(a, local, language) for a in rows[:SHOWN]],
        "more": len(rows) > SHOWN,
        "guest": guest,
        "guest_query": urlencode({"guest": guest.pk}) if guest else "",
    }
    if getattr(request, "htmx", False):
        return page(request, access, "guestservice/_attraction_results.html", context)
    if guest is not None:
        ranked, similar = selectors.popular_with_similar(est, guest, at=now)
        context["popular"] = [(card(a, local, language), n) for a, n in ranked]
        context["popular_similar"] = similar
    return page(request, access, "guestservice/concierge.html", context, nav="concierge")


@establishment_page("concierge.view")
def attraction_detail(request, access, attraction_id):
    est = access.establishment
    attraction = _attraction(access, attraction_id)
    guest = _guest(access, request.GET["guest"]) if request.GET.get("guest") else None
    language = translation.get_language() or "en"
    names = formats.locale().days["format"]["wide"]
    hours = [
        (names[day], hours_text(attraction.opening_hours.get(str(day), []))) for day in range(7)
    ]
    notes = sorted(attraction.notes.items(), key=lambda item: item[0] != language)
    local = selectors.local_time(est, timezone.now())
    return page(
        request,
        access,
        "guestservice/attraction_detail.html",
        {
            "c": card(attraction, local, language),
            "hours": hours,
            "notes": [(formats.language_name(code), text) for code, text in notes],
            "guest": guest,
            "guest_query": urlencode({"guest": guest.pk}) if guest else "",
        },
        nav="concierge",
    )


@establishment_page("attraction.manage")
def attraction_edit(request, access, attraction_id=None):
    est = access.establishment
    attraction = _attraction(access, attraction_id) if attraction_id else None
    if request.method == "POST":
        form = AttractionForm(request.POST)
        if form.is_valid():
            # Notes in languages the form has no field for are kept as they were.
            others = {}
            if attraction is not None:
                others = {
                    k: v for k, v in attraction.notes.items() if f"notes_{k}" not in form.fields
                }
            data = form.service_data(others)
            try:
                if attraction is None:
                    attraction = services.attraction_create(
                        establishment=est, actor=request.user, **data
                    )
                    messages.success(request, _("The attraction was added."))
                else:
                    attraction = services.attraction_update(
                        attraction=attraction, actor=request.user, **data
                    )
                    messages.success(request, _("The attraction was saved."))
            except DomainError as error:
                form_error(form, error, {"opening_hours": "hours_0", "notes": "notes_en"})
            else:
                return redirect("attraction_detail", code=est.code, attraction_id=attraction.pk)
    else:
        initial = AttractionForm.initial_of(attraction) if attraction else {}
        form = AttractionForm(initial=initial)
    return page(
        request,
        access,
        "guestservice/attraction_form.html",
        {"form": form, "attraction": attraction},
        nav="concierge",
        status=422 if form.is_bound and form.errors else 200,
    )


def _answered(response) -> None:
    """A stored answer of an earlier submission of this form: a refusal stays one."""
    if response is not None and response[0] >= 400:
        status, body = response
        raise DomainError(
            body.get("detail", ""), code=body.get("code"), status=status, field=body.get("field")
        )


def _fresh_token(form) -> None:
    data = form.data.copy()
    data["form_token"] = secrets.token_urlsafe(16)
    form.data = data


@establishment_page("recommendation.manage")
def attraction_book(request, access, attraction_id):
    """Recommend the attraction to the guest of ?guest=, or book it for them."""
    est = access.establishment
    attraction = _attraction(access, attraction_id)
    if not request.GET.get("guest"):
        messages.info(request, _("Open the catalogue from the guest's page to book for them."))
        return redirect("attraction_detail", code=est.code, attraction_id=attraction.pk)
    guest = _guest(access, request.GET["guest"])
    stays = selectors.chargeable_stays(est, guest)
    confirm = None
    status = 200
    if request.method == "POST":
        form = BookingForm(request.POST, stays=stays)
        if form.is_valid():
            d = form.cleaned_data
            try:
                body = _booking(est, d)
                if d["charge_to_folio"] and not d["confirmed"]:
                    confirm = _question(est, guest, attraction, d, body)
                else:
                    answer = idempotency.run_once(
                        user=request.user,
                        key=f"form:{d['form_token']}",
                        fp=idempotency.fingerprint("POST", request.path, _fingerprint(d)),
                        call=lambda: (
                            201,
                            {"id": _create(est, request.user, guest, attraction, body).pk},
                        ),
                    )
                    _answered(answer)
                    messages.success(
                        request,
                        _("The booking was saved.")
                        if d["kind"] == Recommendation.Kind.BOOKING
                        else _("The recommendation was saved."),
                    )
                    return redirect("guest_detail", code=est.code, guest_id=guest.pk)
            except DomainError as error:
                form_error(form, error, {"at": "time", "for_date": "date"})
                _fresh_token(form)
                status = 422
        else:
            if "form_token" in form.errors:
                form.add_error(None, _("This form has expired: enter it again."))
            _fresh_token(form)
            status = 422
    else:
        form = BookingForm(
            initial={
                "form_token": secrets.token_urlsafe(16),
                "date": est.today(),
                "reservation": stays[0].confirmation if stays else "",
            },
            stays=stays,
        )
    return page(
        request,
        access,
        "guestservice/attraction_book.html",
        {
            "form": form,
            "a": attraction,
            "guest": guest,
            "confirm": confirm,
            "guest_query": urlencode({"guest": guest.pk}),
        },
        nav="concierge",
        status=status,
    )


def _booking(est, d) -> dict:
    """The service's arguments from the form: a booking's local date and time made aware
    in the establishment's zone."""
    booking = d["kind"] == Recommendation.Kind.BOOKING
    at = None
    if booking:
        if d["time"] is None:
            raise Invalid(_("A booking needs its time."), field="time")
        at = dt.datetime.combine(d["date"], d["time"], tzinfo=dates.zone(est.timezone))
    reservation = selectors.reservation_of(est, d["reservation"]) if d["reservation"] else None
    return {
        "kind": d["kind"],
        "for_date": None if booking else d["date"],
        "at": at,
        "party_size": d["party_size"],
        "confirmation": d["confirmation"],
        "cost": d["cost"] or None,
        "reservation": reservation,
        "charge_to_folio": d["charge_to_folio"],
        "notes": d["notes"],
    }


def _fingerprint(d) -> dict:
    return {k: str(v) for k, v in d.items() if k not in ("form_token", "confirmed")}


def _create(est, user, guest, attraction, body) -> Recommendation:
    return services.recommendation_create(
        establishment=est, actor=user, customer=guest, attraction=attraction, **body
    )


def _question(est, guest, attraction, d, body) -> str:
    """Asked once before a cost goes on the folio (checked first, so nothing is asked
    about that would be refused)."""
    services.recommendation_build(
        establishment=est, actor=None, customer=guest, attraction=attraction, **body
    )
    return _(
        "Book %(place)s for %(count)s on %(when)s and charge %(amount)s to the folio of %(stay)s?"
    ) % {
        "place": attraction.name,
        "count": formats.number(d["party_size"]),
        "when": formats.datetime(body["at"]),
        "amount": formats.amount(body["cost"], est.currency),
        "stay": body["reservation"].confirmation,
    }

"""Pages of procedures: the knowledge base, templates and scripts, sending a message, the
outbox."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from frontoffice.core.errors import DomainError
from frontoffice.core.validation import row_id
from frontoffice.core.views import establishment_page, form_error, page
from frontoffice.customers import selectors as customer_selectors
from frontoffice.lodging import selectors as lodging_selectors

from . import selectors, services
from .forms import AnswerForm, MessageForm, TemplateForm
from .models import Channel
from .services import rendering
from .services.messages import confirm_on_booking, message_preview


def _query(request) -> str:
    return (request.GET.get("q") or "")[:200].replace("\x00", "")


# --- the knowledge base -------------------------------------------------------------------


@establishment_page("answer.view")
def answers(request, access):
    """The desk on the phone: a search box with the focus, results as they type."""
    q = _query(request)
    found = list(selectors.answer_search(access.establishment, q, language=get_language())[:20])
    context = {"q": q, "found": found}
    if request.htmx:
        return page(request, access, "procedures/_answer_results.html", context)
    return page(request, access, "procedures/answers.html", context, nav="answers")


@establishment_page("answer.manage")
def answer_edit(request, access, answer_id=None):
    est = access.establishment
    row = None
    if answer_id is not None:
        try:
            row = selectors.answer_get(est, answer_id)
        except DomainError:
            raise Http404 from None
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                if row is None:
                    services.answer_create(
                        establishment=est, actor=request.user, **form.cleaned_data
                    )
                else:
                    services.answer_update(answer=row, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("The answer was saved."))
                return redirect("answers", code=est.code)
    else:
        initial = {"language": get_language()}
        if row is not None:
            initial = {k: getattr(row, k) for k in ("topic", "answer", "keywords", "language")}
        form = AnswerForm(initial=initial)
    return page(
        request, access, "procedures/answer_form.html", {"form": form, "row": row}, nav="answers"
    )


# --- templates and scripts ----------------------------------------------------------------


@establishment_page("template.view")
def templates(request, access):
    """Scripts per channel and the current templates; managers turn confirmations on
    booking on or off here."""
    est = access.establishment
    if request.method == "POST":
        if not access.can("template.manage"):
            raise PermissionDenied
        on = request.POST.get("confirm_on_booking") == "on"
        services.message_settings_set(establishment=est, actor=request.user, confirm_on_booking=on)
        if on:
            messages.success(request, _("New reservations now get their confirmation by email."))
        else:
            messages.success(request, _("Confirmations are no longer sent on booking."))
        return redirect("templates", code=est.code)
    protocols = selectors.protocol_list(est)
    channels = [
        (label, [p for p in protocols if p.channel == value]) for value, label in Channel.choices
    ]
    return page(
        request,
        access,
        "procedures/templates.html",
        {
            "templates": selectors.template_list(est),
            "channels": channels,
            "placeholders": rendering.PLACEHOLDERS,
            "confirm_on_booking": confirm_on_booking(est.pk),
        },
        nav="answers",
    )


SAMPLE = {
    "guest_name": "Anna de Vries",
    "first_name": "Anna",
    "last_name": "de Vries",
    "confirmation": "K7M2PQ9X",
    "nights": "2",
    "room_type": "Double",
}


def _sample(access, language: str) -> dict:
    import datetime as dt

    from frontoffice.core import formats

    today = access.establishment.today()
    return {
        **SAMPLE,
        "establishment": access.establishment.name,
        "arrival": formats.date(today + dt.timedelta(days=7), "long", language),
        "departure": formats.date(today + dt.timedelta(days=9), "long", language),
    }


@establishment_page("template.manage")
def template_new(request, access):
    """A new version of a template, with a live preview filled with a sample guest."""
    est = access.establishment
    if request.method == "POST" and not request.htmx:
        form = TemplateForm(request.POST)
        if form.is_valid():
            try:
                row = services.template_create(
                    establishment=est, actor=request.user, **form.cleaned_data
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(
                    request, _("Version %(version)s was saved.") % {"version": row.version}
                )
                return redirect("templates", code=est.code)
    elif request.htmx:
        form = TemplateForm(request.GET)
        form.is_valid()
        data = form.cleaned_data
        preview = error = None
        try:
            filled = _sample(access, data.get("language") or "en")
            preview = {
                "subject": rendering.render_text(data.get("subject", ""), filled),
                "body": rendering.render_text(data.get("body", ""), filled),
            }
        except DomainError as refused:
            error = refused.detail
        return page(
            request,
            access,
            "procedures/_template_preview.html",
            {"preview": preview, "error": error},
        )
    else:
        initial = {"active": True}
        kind, language = request.GET.get("kind"), request.GET.get("language")
        if kind and language:
            current = [t for t in selectors.template_list(est, kind=kind, language=language) if t]
            if current:
                row = current[0]
                initial.update(
                    kind=row.kind, language=row.language, subject=row.subject, body=row.body
                )
        form = TemplateForm(initial=initial)
    return page(
        request,
        access,
        "procedures/template_form.html",
        {"form": form, "placeholders": rendering.PLACEHOLDERS},
        nav="answers",
    )


# --- messages -----------------------------------------------------------------------------


def _recipient(access, request):
    est = access.establishment
    source = request.POST if request.method == "POST" else request.GET
    reservation = None
    confirmation = (source.get("reservation") or "").strip()
    if confirmation:
        try:
            reservation = lodging_selectors.reservation_get(est, confirmation, access=access)
        except DomainError:
            raise Http404 from None
    guest_id = source.get("guest") or ""
    customer = None
    if row_id(guest_id) is not None:
        customer = customer_selectors.customer_get(est, row_id(guest_id), access=access)
    if customer is None and reservation is not None:
        customer = reservation.customer
    if customer is None:
        raise Http404
    return customer, reservation


@establishment_page("message.send")
def message_new(request, access):
    """Send a guest a message: the template chosen, the text shown as the guest will read
    it (their language), then sent on a second, deliberate press."""
    est = access.establishment
    customer, reservation = _recipient(access, request)
    source = request.POST if request.method == "POST" else request.GET
    # The guest's reservations to choose from (the one asked for is among them).
    stays = list(
        lodging_selectors.reservation_list(est, access=access, customer_id=customer.pk)[:20]
    )
    if reservation is not None and reservation not in stays:
        stays.insert(0, reservation)
    form = MessageForm(
        source if "template" in source else None,
        reservations=stays,
        initial={"reservation": reservation.confirmation if reservation else ""},
    )
    preview = error = None
    if form.is_bound and form.is_valid():
        try:
            preview = message_preview(
                establishment=est,
                template=form.cleaned_data["template"],
                customer=customer,
                reservation=reservation,
            )
        except DomainError as refused:
            error = refused.detail
        if request.method == "POST" and form.cleaned_data["confirmed"] and preview:
            try:
                message = services.message_send(
                    establishment=est,
                    actor=request.user,
                    template=form.cleaned_data["template"],
                    customer=customer,
                    reservation=reservation,
                )
            except DomainError as refused:
                form_error(form, refused)
            else:
                message.refresh_from_db()
                if message.status == message.Status.SENT:
                    messages.success(request, _("The message was sent."))
                else:
                    messages.error(
                        request,
                        _("The message could not be sent: %(error)s") % {"error": message.error},
                    )
                return redirect("guest_detail", code=est.code, guest_id=customer.pk)
    context = {
        "form": form,
        "customer": customer,
        "reservation": reservation,
        "preview": preview,
        "error": error,
        "ask": request.method == "POST" and preview is not None and not form.errors,
    }
    if request.htmx:
        return page(request, access, "procedures/_message_preview.html", context)
    return page(request, access, "procedures/message_form.html", context, nav="guests")


@establishment_page("message.send")
def outbox(request, access):
    rows = selectors.message_list(access.establishment, access=access)
    page_obj = Paginator(rows, 50).get_page(request.GET.get("page"))
    return page(
        request,
        access,
        "procedures/outbox.html",
        {"page_obj": page_obj, "query": ""},
        nav="answers",
    )

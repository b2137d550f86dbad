"""Staff pages of complaints and compliments, the manager's desk and the shift log: the
same services and selectors as the API."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from frontoffice.billing import selectors as billing_selectors
from frontoffice.billing.models import Category, Entry
from frontoffice.core import formats
from frontoffice.core.errors import DomainError
from frontoffice.core.models import Department
from frontoffice.core.validation import row_id
from frontoffice.core.views import establishment_page, form_error, page
from frontoffice.customers import selectors as customer_selectors
from frontoffice.customers import services as customer_services
from frontoffice.lodging import selectors as lodging_selectors

from . import desk_panels
from .forms_complaints import ComplaintFilter, ComplaintForm, ResolveForm, ShiftNoteForm
from .models import Complaint
from .selectors import complaints as selectors
from .services import complaints as services
from .services import shiftlog

LIST_ROWS = 200


@establishment_page("complaint.view")
def complaint_list(request, access):
    """Open complaints by default (escalated first); filtered by status, category and a
    guest's name or the description's words. A bad status or category falls back to the
    default; a bad search text (too long) is the form's error and lists nothing, the other
    filters kept in the form."""
    form = ComplaintFilter(request.GET or None)
    data = {}
    if form.is_bound:
        form.is_valid()
        # A value out of the lists (a hand-made address) drops that filter only.
        data = form.cleaned_data
    shown = data.get("status") or "open"
    kind = request.GET.get("kind") if request.GET.get("kind") in Complaint.Kind.values else None
    bad_text = form.is_bound and "q" in form.errors
    rows = selectors.complaint_list(
        access.establishment,
        access=access,
        status={"all": None, "escalated": "open"}.get(shown, shown),
        escalated=True if shown == "escalated" else None,
        kind=kind,
        category=data.get("category") or None,
        text=data.get("q") or None,
    )
    if not form.is_bound:
        form = ComplaintFilter(initial={"status": "open"})
    return page(
        request,
        access,
        "guestservice/complaint_list.html",
        {
            "rows": [] if bad_text else list(rows[:LIST_ROWS]),
            "shown": shown,
            "kind": kind,
            "form": form,
        },
        nav="complaints",
    )


def _guest_from(request, access):
    raw = request.GET.get("guest") or request.POST.get("guest") or ""
    if row_id(raw) is None:
        return None
    return customer_selectors.customer_get(access.establishment, row_id(raw), access=access)


@establishment_page("complaint.create")
def complaint_new(request, access):
    """Take a complaint (or record a compliment) from a guest: first find the guest, then
    say what happened."""
    est = access.establishment
    guest = _guest_from(request, access)
    if guest is None:
        q = (request.GET.get("q") or "")[:200].replace("\x00", "").strip()
        found = (
            list(customer_selectors.customer_search(est, q, access=access)[:20])
            if len(q) >= 2
            else []
        )
        return page(
            request,
            access,
            "guestservice/complaint_guest.html",
            {"q": q, "found": found},
            nav="complaints",
        )
    stays = list(lodging_selectors.reservation_list(est, access=access, customer_id=guest.pk)[:20])
    by_code = {r.confirmation: r for r in stays}
    if request.method == "POST":
        form = ComplaintForm(request.POST, stays=stays)
        if form.is_valid():
            d = form.cleaned_data
            try:
                complaint = services.complaint_create(
                    customer=guest,
                    actor=request.user,
                    kind=d["kind"],
                    category=d["category"],
                    severity=d["severity"],
                    description=d["description"],
                    reservation=by_code.get(d["reservation"]),
                    follow_up=d["follow_up"],
                )
            except DomainError as error:
                form_error(form, error)
            else:
                if complaint.escalated:
                    messages.warning(
                        request, _("Taken, and escalated to the front office manager.")
                    )
                else:
                    messages.success(request, _("Taken."))
                return redirect("complaint_detail", code=est.code, complaint_id=complaint.pk)
    else:
        in_house = [r for r in stays if r.status == "checked_in"]
        initial = {"reservation": in_house[0].confirmation} if in_house else {}
        if request.GET.get("kind") in Complaint.Kind.values:
            initial["kind"] = request.GET["kind"]
        form = ComplaintForm(initial=initial, stays=stays)
    return page(
        request,
        access,
        "guestservice/complaint_form.html",
        {"form": form, "guest": guest},
        nav="complaints",
    )


def _complaint(access, complaint_id) -> Complaint:
    complaint = selectors.complaint_get(access.establishment, complaint_id, access=access)
    if complaint is None:
        raise Http404
    return complaint


def _charges(access, complaint) -> list[tuple[int, str]]:
    """The stay's charges still standing, for the compensation (those who see money)."""
    if not access.can("folio.view") or complaint.reservation is None:
        return []
    folio = complaint.reservation.folio
    if folio is None:
        return []
    reversed_ids = billing_selectors.reversed_ids(folio)
    labels = dict(Category.choices)
    return [
        (
            e.pk,
            f"{labels.get(e.category, e.category)} · {e.business_date:%d-%m} · "
            f"{formats.amount(e.amount, folio.currency)}",
        )
        for e in billing_selectors.folio_entries(folio)
        if e.kind == Entry.Kind.CHARGE and e.pk not in reversed_ids
    ]


def _may_resolve(access, complaint) -> bool:
    return (
        complaint.status == Complaint.Status.OPEN
        and access.can("complaint.resolve")
        and (not complaint.escalated or access.can("manager.desk"))
    )


@establishment_page("complaint.view")
def complaint_detail(request, access, complaint_id):
    """The complaint, and for those who may resolve it the resolution form; Resolve asks
    once (it cannot be undone, and compensation is money on the guest's account)."""
    complaint = _complaint(access, complaint_id)
    customer_services.private_look_record(
        customer=complaint.customer, actor=request.user, what=f"complaint {complaint.pk}"
    )
    may_resolve = _may_resolve(access, complaint)
    charges = _charges(access, complaint) if may_resolve else []
    confirm = None
    status = 200
    if request.method == "POST":
        if not access.can("complaint.resolve") or (
            complaint.escalated and not access.can("manager.desk")
        ):
            raise PermissionDenied
        if not may_resolve:  # resolved meanwhile, in another tab
            messages.info(request, _("This complaint is resolved already."))
            return redirect(
                "complaint_detail", code=access.establishment.code, complaint_id=complaint.pk
            )
        form = ResolveForm(request.POST, charges=charges)
        if form.is_valid():
            d = form.cleaned_data
            if d["compensation"] and not access.can("folio.charge"):
                raise PermissionDenied
            if not d["confirmed"]:
                confirm = _question(d, access)
            else:
                try:
                    services.complaint_resolve(
                        complaint=complaint,
                        actor=request.user,
                        resolution=d["resolution"],
                        may_resolve_escalated=access.can("manager.desk"),
                        above_limit_allowed=access.can("folio.correct"),
                        compensation=d["compensation"],
                        charge_entry=d["charge_entry"] if d["compensation"] else None,
                        satisfaction=d["satisfaction"],
                        follow_up=d["follow_up"],
                    )
                except DomainError as error:
                    form_error(form, error, {"compensation": "compensation"})
                    status = error.status
                else:
                    messages.success(request, _("Resolved."))
                    return redirect(
                        "complaint_detail",
                        code=access.establishment.code,
                        complaint_id=complaint.pk,
                    )
        else:
            status = 422
    else:
        form = ResolveForm(charges=charges)
    return page(
        request,
        access,
        "guestservice/complaint_detail.html",
        {
            "c": complaint,
            "form": form if may_resolve else None,
            "confirm": confirm,
            "show_money": access.can("folio.view"),
        },
        nav="complaints",
        status=status,
    )


def _question(d, access) -> str:
    if d["compensation"]:
        return _("Resolve this complaint and give %(amount)s on the guest's account?") % {
            "amount": formats.amount(d["compensation"], access.establishment.currency)
        }
    return _("Resolve this complaint? It cannot be reopened.")


# --- the manager's desk ---------------------------------------------------------------------


@establishment_page("manager.desk")
def manager_desk(request, access):
    """Open complaints (escalated first), VIPs arriving today and in house with their
    handling instructions, what other areas add (desk_panels), and the shift log."""
    est = access.establishment
    open_complaints = list(
        selectors.complaint_list(est, access=access, status=Complaint.Status.OPEN)[:50]
    )
    panels = []
    for panel in desk_panels.manager_panels:
        found = panel(request, access)
        if found is not None:
            panels.append(found)
    return page(
        request,
        access,
        "guestservice/manager_desk.html",
        {
            "complaints": open_complaints,
            "vips": selectors.vip_stays(est, access=access),
            "panels": panels,
            "notes": selectors.shift_notes(est, user=request.user, limit=20),
            "note_form": ShiftNoteForm(),
            "back": "desk",
        },
        nav="manager_desk",
    )


# --- the shift log --------------------------------------------------------------------------


@establishment_page("shiftlog.use")
def shift_log(request, access):
    est = access.establishment
    status = 200
    if request.method == "POST":
        form = ShiftNoteForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            department = None
            if d["department"]:
                department = Department.objects.filter(
                    establishment=est, kind=d["department"]
                ).first()
            try:
                shiftlog.shift_note_write(
                    establishment=est,
                    actor=request.user,
                    text=d["text"],
                    important=d["important"],
                    department=department,
                )
            except DomainError as error:
                form_error(form, error)
                status = error.status
            else:
                messages.success(request, _("The note is in the shift log."))
                return _back(request, est)
        else:
            status = 422
    else:
        form = ShiftNoteForm()
    return page(
        request,
        access,
        "guestservice/shift_log.html",
        {"notes": selectors.shift_notes(est, user=request.user), "note_form": form},
        nav="shift_log",
        status=status,
    )


def _back(request, est):
    if request.POST.get("back") == "desk" and request.access.can("manager.desk"):
        return redirect("manager_desk", code=est.code)
    return redirect("shift_log", code=est.code)


@establishment_page("shiftlog.use")
def shift_log_read(request, access, note_id):
    """Mark a note read (POST)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    note = selectors.shift_note_get(access.establishment, note_id)
    if note is None:
        raise Http404
    shiftlog.shift_note_read(note=note, actor=request.user)
    return _back(request, access.establishment)

"""Reads of complaints, the manager's desk and the shift log. Private guests' complaints
only for those who may see private guests (`access`, required; None: the system)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from frontoffice.core.models import Establishment
from frontoffice.core.text import fold
from frontoffice.core.validation import is_row_id
from frontoffice.customers import privacy
from frontoffice.lodging.models import Reservation, ReservationStatus

from ..models import Complaint, ShiftNote, ShiftNoteRead

ROWS = 200


def complaint_list(
    establishment: Establishment,
    *,
    access,
    status: str | None = None,
    kind: str | None = None,
    escalated: bool | None = None,
    customer_id: int | None = None,
    category: str | None = None,
    text: str | None = None,
) -> QuerySet[Complaint]:
    """The latest first; the open escalated ones before all others when listing open ones.
    `text`: every word (at most four) in the guest's name (without case or accents) or in
    the description; only among the guests the access may see."""
    rows = (
        Complaint.objects.filter(establishment=establishment)
        .filter(privacy.visible(access, "customer__"))
        .select_related("customer", "reservation", "taken_by", "resolved_by")
    )
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if escalated is not None:
        rows = rows.filter(escalated=escalated)
    if category:
        rows = rows.filter(category=category)
    for word in (text or "").replace("\x00", "").split()[:4]:
        rows = rows.filter(
            Q(customer__search_key__contains=fold(word)) | Q(description__icontains=word)
        )
    if customer_id is not None:
        if not 0 < customer_id < 2**62:
            return rows.none()
        rows = rows.filter(customer_id=customer_id)
    return rows.order_by("-escalated", "-taken_at", "-id")


def complaint_get(establishment: Establishment, complaint_id, *, access) -> Complaint | None:
    if not is_row_id(complaint_id):
        return None
    return (
        complaint_list(establishment, access=access)
        .filter(pk=complaint_id)
        .select_related("reservation__folio", "allowance")
    ).first()


@dataclass
class VipStays:
    arriving: list[Reservation]
    in_house: list[Reservation]


def vip_stays(establishment: Establishment, *, access) -> VipStays:
    """VIPs arriving today (not yet checked in) and VIPs in house, with their guest."""
    today = establishment.business_day()
    base = (
        Reservation.objects.filter(establishment=establishment, customer__vip_level__gt=0)
        .filter(privacy.visible(access, "customer__"))
        .select_related("customer", "room", "room_type")
        .order_by("-customer__vip_level", "customer__last_name", "id")
    )
    return VipStays(
        arriving=list(base.filter(arrival=today, status=ReservationStatus.CONFIRMED)[:ROWS]),
        in_house=list(base.filter(status=ReservationStatus.CHECKED_IN)[:ROWS]),
    )


def shift_notes(establishment: Establishment, *, user, limit: int = 100) -> list[ShiftNote]:
    """The latest notes, unread ones (by `user`) first, each with `read_by_me` and its
    read receipts (`reads`, with their readers)."""
    mine = ShiftNoteRead.objects.filter(note=OuterRef("pk"), user=user)
    return list(
        ShiftNote.objects.filter(establishment=establishment)
        .annotate(read_by_me=Exists(mine))
        .select_related("author", "department")
        .prefetch_related(Prefetch("reads", queryset=ShiftNoteRead.objects.select_related("user")))
        .order_by("read_by_me", "-created_at", "-id")[:limit]
    )


def shift_note_get(establishment: Establishment, note_id) -> ShiftNote | None:
    if not is_row_id(note_id):
        return None
    return ShiftNote.objects.filter(establishment=establishment, pk=note_id).first()


def unread_count(establishment: Establishment, *, user) -> int:
    return (
        ShiftNote.objects.filter(establishment=establishment).exclude(Q(reads__user=user)).count()
    )

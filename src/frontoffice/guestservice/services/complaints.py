"""Complaints and compliments: taking them (with the escalation rule) and resolving them
(with compensation posted as an allowance on the stay's folio, in the same transaction).

Rules decided here:
- A complaint is escalated to the front office manager when taken if its severity is high
  or critical, or if the guest is a VIP (level 1 to 3). A compliment never is; it is
  recorded resolved (nothing to resolve).
- An open complaint is resolved once (409 `already_resolved`). An escalated one only by a
  person allowed the manager's desk (403 `escalated_manager_only`).
- Compensation `{amount, charge_entry?}` needs the complaint's stay (422 `no_stay`) and is an
  allowance on that stay's folio through billing's `ledger.allowance_post`, with all its
  rules (not more than the charge less earlier allowances: 409 `allowance_exceeds_charge`;
  above the establishment's allowance limit only for those allowed `folio.correct`: 403
  `allowance_above_limit`). Without `charge_entry` it reduces the stay's latest room charge
  still standing; a stay with none is 422 `charge_required`. If the allowance is refused,
  the complaint stays open: nothing is written.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from frontoffice.billing.models import Category, Entry
from frontoffice.billing.services import ledger
from frontoffice.core import tenancy
from frontoffice.core.errors import Conflict, Forbidden, Invalid
from frontoffice.core.validation import full_clean
from frontoffice.customers.models import Customer
from frontoffice.lodging.models import Reservation

from ..models import Complaint

ESCALATING_SEVERITIES = {Complaint.Severity.HIGH, Complaint.Severity.CRITICAL}


def escalates(*, kind: str, severity: str, customer: Customer) -> bool:
    """The front office manager takes over high and critical complaints and every
    complaint of a VIP."""
    if kind != Complaint.Kind.COMPLAINT:
        return False
    return severity in ESCALATING_SEVERITIES or customer.vip_level > 0


def _choice(value: str, choices, field: str) -> str:
    if value not in choices.values:
        raise Invalid(_("Choose one of the listed values."), field=field)
    return value


def complaint_create(
    *,
    customer: Customer,
    actor: AbstractBaseUser | None,
    category: str,
    description: str,
    severity: str = Complaint.Severity.MEDIUM,
    kind: str = Complaint.Kind.COMPLAINT,
    reservation: Reservation | None = None,
    follow_up: dt.date | None = None,
) -> Complaint:
    """Take a complaint (or record a compliment) from a guest, about one of their stays
    when given (422 when the stay is another guest's)."""
    kind = _choice(kind, Complaint.Kind, "kind")
    category = _choice(category, Complaint.Category, "category")
    severity = _choice(severity, Complaint.Severity, "severity")
    description = (description or "").strip()
    if not description:
        raise Invalid(_("Say what happened."), field="description")
    if reservation is not None and reservation.customer_id != customer.pk:
        raise Invalid(_("This stay is another guest's."), code="wrong_stay", field="reservation")
    now = timezone.now()
    with tenancy.scope(customer.establishment_id), transaction.atomic():
        complaint = Complaint(
            establishment_id=customer.establishment_id,
            kind=kind,
            category=category,
            severity=Complaint.Severity.LOW if kind == Complaint.Kind.COMPLIMENT else severity,
            customer=customer,
            reservation=reservation,
            description=description,
            taken_by=actor,
            taken_at=now,
            follow_up=follow_up,
        )
        if escalates(kind=kind, severity=severity, customer=customer):
            complaint.escalated, complaint.escalated_at = True, now
        if kind == Complaint.Kind.COMPLIMENT:
            complaint.status = Complaint.Status.RESOLVED
            complaint.resolved_by, complaint.resolved_at = actor, now
        full_clean(complaint, exclude=["establishment"])
        complaint.save()
    return complaint


def _default_charge(folio) -> Entry:
    """The stay's latest room charge still standing (not reversed, not moved away)."""
    charge = (
        Entry.objects.filter(folio=folio, kind=Entry.Kind.CHARGE, category=Category.ROOM)
        .exclude(pk__in=Entry.objects.filter(reverses__isnull=False).values("reverses_id"))
        .exclude(pk__in=Entry.objects.filter(kind=Entry.Kind.TRANSFER_OUT).values("applies_to_id"))
        .order_by("-id")
        .first()
    )
    if charge is None:
        raise Invalid(
            _("This stay has no room charge yet: choose the charge to reduce."),
            code="charge_required",
            field="charge_entry",
        )
    return charge


def complaint_resolve(
    *,
    complaint: Complaint,
    actor: AbstractBaseUser | None,
    resolution: str,
    may_resolve_escalated: bool,
    above_limit_allowed: bool = False,
    compensation: Decimal | str | None = None,
    charge_entry: int | None = None,
    satisfaction: int | None = None,
    follow_up: dt.date | None = None,
) -> Complaint:
    """Resolve an open complaint, once; an escalated one only by the manager
    (`may_resolve_escalated`). Compensation is an allowance on the stay's folio, written in
    the same transaction (see the module's rules)."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise Invalid(_("Say how it was resolved."), field="resolution")
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise Invalid(_("Satisfaction is from 1 to 5."), field="satisfaction")
    with tenancy.scope(complaint.establishment_id), transaction.atomic():
        current = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("reservation__folio")
            .get(pk=complaint.pk)
        )
        if current.status != Complaint.Status.OPEN:
            raise Conflict(_("This complaint is resolved already."), code="already_resolved")
        if current.escalated and not may_resolve_escalated:
            raise Forbidden(
                _("This complaint was escalated: the front office manager resolves it."),
                code="escalated_manager_only",
            )
        if compensation is not None:
            if current.reservation is None or current.reservation.folio is None:
                raise Invalid(
                    _("Compensation goes on a stay's account: this complaint has no stay."),
                    code="no_stay",
                    field="compensation",
                )
            folio = current.reservation.folio
            charge = charge_entry if charge_entry is not None else _default_charge(folio)
            current.allowance = ledger.allowance_post(
                folio=folio,
                actor=actor,
                entry=charge,
                amount=compensation,
                reason=_allowance_reason(current, resolution),
                above_limit_allowed=above_limit_allowed,
            )
            current.compensation = -current.allowance.amount
        current.status = Complaint.Status.RESOLVED
        current.resolution = resolution
        current.resolved_by, current.resolved_at = actor, timezone.now()
        current.satisfaction = satisfaction
        if follow_up is not None:
            current.follow_up = follow_up
        full_clean(current, exclude=["establishment"])
        current.save()
    return current


def _allowance_reason(complaint: Complaint, resolution: str) -> str:
    """The allowance's reason is data the whole team (and the guest's bill) reads: in the
    establishment's language, not in that of whoever resolved the complaint."""
    with translation.override(complaint.establishment.language or "en"):
        return _("Complaint %(id)s: %(resolution)s") % {
            "id": complaint.pk,
            "resolution": resolution[:400],
        }

"""Writes of a room's day-to-day state: its housekeeping status (clean, dirty, inspected),
with the person who set it in the room's history."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from frontoffice.core import tenancy
from frontoffice.core.errors import Invalid

from ..models import Housekeeping, Room


def room_set_housekeeping(*, room: Room, status: str, actor: AbstractBaseUser | None) -> Room:
    """Set the status; the same status again writes nothing (no history row)."""
    if status not in Housekeeping.values:
        raise Invalid(
            _("Unknown housekeeping status: %(value)s") % {"value": str(status)[:20]},
            code="invalid_housekeeping",
            field="housekeeping",
        )
    with tenancy.scope(room.establishment_id), transaction.atomic():
        current = Room.objects.select_for_update().select_related("room_type").get(pk=room.pk)
        if current.housekeeping != status:
            current.housekeeping = status
            current._history_user = actor
            current.save(update_fields=["housekeeping"])
    return current

"""The shift log: notes handed from shift to shift, and who has read them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontoffice.core import tenancy
from frontoffice.core.errors import Invalid
from frontoffice.core.models import Department, Establishment
from frontoffice.core.validation import full_clean

from ..models import ShiftNote, ShiftNoteRead


def shift_note_write(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser,
    text: str,
    important: bool = False,
    department: Department | None = None,
) -> ShiftNote:
    """A note for the next shifts; the author has read it."""
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write the note."), field="text")
    now = timezone.now()
    with tenancy.scope(establishment), transaction.atomic():
        note = ShiftNote(
            establishment=establishment,
            author=actor,
            text=text,
            important=important,
            department=department,
            created_at=now,
        )
        full_clean(note, exclude=["establishment"])
        note.save()
        ShiftNoteRead.objects.create(
            establishment=establishment, note=note, user=actor, read_at=now
        )
    return note


def shift_note_read(*, note: ShiftNote, actor: AbstractBaseUser) -> ShiftNoteRead:
    """The read receipt of `actor`: once; reading again keeps the first time."""
    with tenancy.scope(note.establishment_id):
        existing = ShiftNoteRead.objects.filter(note=note, user=actor).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                return ShiftNoteRead.objects.create(
                    establishment_id=note.establishment_id,
                    note=note,
                    user=actor,
                    read_at=timezone.now(),
                )
        except IntegrityError:  # read at the same moment in another tab
            return ShiftNoteRead.objects.get(note=note, user=actor)

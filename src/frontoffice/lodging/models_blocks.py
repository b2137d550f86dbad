"""Room blocks: rooms per type per night held for a group until a cut-off date.

A block takes its rooms from the per-night inventory when it is made (they count in
`InventoryNight.sold`), so the general sale cannot sell them; reservations picked up from
the block take its nights (`picked_up + 1 WHERE picked_up < held`), not the inventory's.
At the release (by hand, or by the night audit of the cut-off date) what is unsold goes back
to the inventory: `released` records it, and `held` becomes what was picked up.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from frontoffice.core.models import Establishment, EstablishmentOwned

from .models import RoomType


class BlockStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RELEASED = "released", _("Released")


class RoomBlock(EstablishmentOwned):
    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="room_blocks",
        verbose_name=_("establishment"),
    )
    name = models.CharField(_("name"), max_length=200)
    cutoff = models.DateField(_("cut-off date"))
    status = models.CharField(
        _("status"), max_length=10, choices=BlockStatus.choices, default=BlockStatus.OPEN
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Who made, renamed, moved the cut-off of and released the block, and when (the
    # pick-up counters are on BlockNight: a booking writes no history row here).
    history = HistoricalRecords(
        excluded_fields=["created_at", "created_by", "released_at", "released_by"]
    )

    class Meta:
        ordering = ["cutoff", "id"]
        verbose_name = _("room block")
        verbose_name_plural = _("room blocks")
        indexes = [models.Index(fields=["establishment", "status", "cutoff"], name="block_due_idx")]

    def __str__(self) -> str:
        return self.name


class BlockNight(EstablishmentOwned):
    """Rooms of one type held by a block on one night, and how many are picked up. After
    the release `released` says how many went back on sale (the block held
    `held + released`)."""

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE)
    block = models.ForeignKey(RoomBlock, on_delete=models.CASCADE, related_name="nights")
    room_type = models.ForeignKey(RoomType, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    held = models.IntegerField()
    picked_up = models.IntegerField(default=0)
    released = models.IntegerField(default=0)

    class Meta:
        ordering = ["room_type_id", "date"]
        constraints = [
            models.UniqueConstraint(fields=["block", "room_type", "date"], name="blocknight_uniq"),
            models.CheckConstraint(
                condition=Q(picked_up__gte=0) & Q(picked_up__lte=F("held")),
                name="blocknight_picked_up_within_held",
            ),
            models.CheckConstraint(condition=Q(released__gte=0), name="blocknight_released_min"),
        ]

    def __str__(self) -> str:
        return f"{self.block_id} {self.room_type_id} {self.date}: {self.picked_up}/{self.held}"

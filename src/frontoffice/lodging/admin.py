"""Setup of room types, rooms, out-of-order periods and rates in the Django admin.

Every save that changes what can be sold recomputes the per-night capacity in the same
transaction; a change that would leave a night oversold is refused as a form error."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext as _

from frontoffice.core import refcache
from frontoffice.core.admin import EstablishmentScopedAdmin
from frontoffice.core.errors import DomainError

from . import inventory
from .models import RatePlan, RatePlanOverride, RatePlanPrice, Room, RoomOutOfOrder, RoomType


class _Rollback(Exception):
    pass


def simulate(work) -> str | None:
    """Run `work` in a savepoint that is always rolled back; return the domain error, if any."""
    try:
        with transaction.atomic():
            work()
            raise _Rollback
    except _Rollback:
        return None
    except DomainError as error:
        return str(error.detail)


class RoomTypeForm(forms.ModelForm):
    class Meta:
        model = RoomType
        fields = (
            "establishment",
            "code",
            "name",
            "capacity",
            "base_rate",
            "overbooking_allowance",
            "description",
            "sort_order",
        )

    def clean(self):
        data = super().clean()
        if self.instance.pk and not self.errors:
            instance = self.instance

            def work():
                RoomType.objects.filter(pk=instance.pk).update(
                    overbooking_allowance=data.get("overbooking_allowance", 0)
                )
                instance.refresh_from_db()
                inventory.recompute_future(instance)

            error = simulate(work)
            if error:
                raise forms.ValidationError(error)
        return data


@admin.register(RoomType)
class RoomTypeAdmin(EstablishmentScopedAdmin):
    form = RoomTypeForm
    list_display = (
        "code",
        "name",
        "capacity",
        "base_rate",
        "overbooking_allowance",
        "establishment",
    )
    list_filter = ("establishment",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        refcache.clear()
        if change:
            inventory.recompute_future(obj)
        else:
            inventory.add_room_type(obj)


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ("establishment", "room_type", "number", "floor", "features", "active")

    def clean(self):
        data = super().clean()
        if self.instance.pk and not self.errors:
            old = Room.objects.select_related("room_type").get(pk=self.instance.pk)

            def work():
                Room.objects.filter(pk=old.pk).update(
                    room_type=data["room_type"], active=data["active"]
                )
                inventory.recompute_future(old.room_type)
                inventory.recompute_future(data["room_type"])

            error = simulate(work)
            if error:
                raise forms.ValidationError(error)
        return data


@admin.register(Room)
class RoomAdmin(EstablishmentScopedAdmin):
    form = RoomForm
    list_display = ("number", "room_type", "floor", "active", "establishment")
    list_filter = ("establishment", "room_type", "active", "floor")
    search_fields = ("number",)

    def save_model(self, request, obj, form, change):
        old_type = Room.objects.get(pk=obj.pk).room_type if change else None
        super().save_model(request, obj, form, change)
        inventory.recompute_future(obj.room_type)
        if old_type and old_type.pk != obj.room_type_id:
            inventory.recompute_future(old_type)


class OutOfOrderForm(forms.ModelForm):
    class Meta:
        model = RoomOutOfOrder
        fields = ("room", "start", "end", "reason")

    def clean(self):
        data = super().clean()
        if self.errors or not data.get("room"):
            return data
        if data["end"] <= data["start"]:
            raise forms.ValidationError(_("The end must be after the start."))
        overlapping = RoomOutOfOrder.objects.filter(
            room=data["room"], start__lt=data["end"], end__gt=data["start"]
        ).exclude(pk=self.instance.pk)
        if overlapping.exists():
            raise forms.ValidationError(_("The room is already out of order then."))

        def work():
            RoomOutOfOrder.objects.filter(
                pk=self.instance.pk
            ).delete() if self.instance.pk else None
            RoomOutOfOrder.objects.create(
                establishment_id=data["room"].establishment_id,
                room=data["room"],
                start=data["start"],
                end=data["end"],
            )
            inventory.recompute(data["room"].room_type, data["start"], data["end"])

        error = simulate(work)
        if error:
            raise forms.ValidationError(error)
        return data


@admin.register(RoomOutOfOrder)
class RoomOutOfOrderAdmin(EstablishmentScopedAdmin):
    form = OutOfOrderForm
    list_display = ("room", "start", "end", "reason")

    def save_model(self, request, obj, form, change):
        old = RoomOutOfOrder.objects.get(pk=obj.pk) if change else None
        obj.establishment_id = obj.room.establishment_id
        super().save_model(request, obj, form, change)
        if old:
            inventory.recompute(old.room.room_type, old.start, old.end)
        inventory.recompute(obj.room.room_type, obj.start, obj.end)

    def delete_model(self, request, obj):
        room_type, start, end = obj.room.room_type, obj.start, obj.end
        super().delete_model(request, obj)
        inventory.recompute(room_type, start, end)


class PriceInline(admin.TabularInline):
    model = RatePlanPrice
    fields = ("room_type", "price")
    extra = 0


class OverrideInline(admin.TabularInline):
    model = RatePlanOverride
    fields = ("room_type", "start", "end", "price")
    extra = 0


@admin.register(RatePlan)
class RatePlanAdmin(EstablishmentScopedAdmin):
    list_display = ("code", "name", "min_stay", "active", "establishment")
    inlines = [PriceInline, OverrideInline]

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            obj.establishment_id = form.instance.establishment_id
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()

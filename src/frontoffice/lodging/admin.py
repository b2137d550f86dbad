"""Setup of room types, rooms, out-of-order periods and rates in the Django admin.

Scoped to the establishments the person sets up, and written through the setup services:
a change that would leave a night oversold is refused as a form error, a deletion of a room
whose nights are sold as a message, and nothing is changed either way."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from frontoffice.core.admin import EstablishmentScopedAdmin, EstablishmentScopedInline

from . import services
from .models import RatePlan, RatePlanPrice, Room, RoomOutOfOrder, RoomType


class _BelongsToParent(forms.ModelForm):
    """Rows that take their establishment from the row they belong to (a period from its
    room, a price from its plan), set before the model's own checks run. No Meta here: the
    admin builds it per request, inside the request's establishment scope, so the choice
    fields never query outside a scope."""

    parent_field = ""

    def clean(self):
        data = super().clean()
        parent = data.get(self.parent_field) or getattr(self.instance, self.parent_field, None)
        if parent is not None:
            self.instance.establishment_id = parent.establishment_id
        return data


@admin.register(RoomType)
class RoomTypeAdmin(EstablishmentScopedAdmin):
    list_display = ("code", "name", "capacity", "base_rate", "overbooking_allowance")
    list_filter = ("establishment",)
    search_fields = ("code", "name")
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

    def get_readonly_fields(self, request, obj=None):
        return ("establishment", "code") if obj else ()

    def service_save(self, request, obj, form, change):
        data = {name: getattr(obj, name) for name in services.setup.ROOM_TYPE_FIELDS}
        if change:
            services.room_type_update(room_type=obj, **data)
        else:
            created = services.room_type_create(
                establishment=obj.establishment, code=obj.code, **data
            )
            obj.pk = created.pk

    def service_delete(self, request, obj):
        services.room_type_delete(room_type=obj)


@admin.register(Room)
class RoomAdmin(EstablishmentScopedAdmin):
    list_display = ("number", "room_type", "floor", "active")
    list_filter = ("establishment", "room_type", "active", "floor")
    search_fields = ("number",)
    autocomplete_fields = ("room_type",)
    fields = ("establishment", "room_type", "number", "floor", "features", "active")

    def get_readonly_fields(self, request, obj=None):
        return ("establishment",) if obj else ()

    def service_save(self, request, obj, form, change):
        if change:
            services.room_update(
                room=obj,
                number=obj.number,
                room_type_code=obj.room_type.code,
                active=obj.active,
                floor=obj.floor,
                features=obj.features,
            )
        else:
            created = services.room_create(
                establishment=obj.establishment,
                number=obj.number,
                room_type_code=obj.room_type.code,
                floor=obj.floor,
                features=obj.features,
                active=obj.active,
            )
            obj.pk = created.pk

    def service_delete(self, request, obj):
        services.room_delete(room=obj)


class OutOfOrderForm(_BelongsToParent):
    parent_field = "room"


@admin.register(RoomOutOfOrder)
class RoomOutOfOrderAdmin(EstablishmentScopedAdmin):
    form = OutOfOrderForm
    fields = ("room", "start", "end", "reason")
    list_display = ("room", "start", "end", "reason")
    list_filter = ("establishment",)
    autocomplete_fields = ("room",)

    def get_readonly_fields(self, request, obj=None):
        # A period belongs to its room: another room gets a period of its own.
        return ("room",) if obj else ()

    def service_save(self, request, obj, form, change):
        if change:
            services.room_out_of_order_update(
                period=obj, start=obj.start, end=obj.end, reason=obj.reason
            )
        else:
            created = services.room_out_of_order(
                room=obj.room, start=obj.start, end=obj.end, reason=obj.reason
            )
            obj.pk = created.pk

    def service_delete(self, request, obj):
        services.room_back_in_order(period=obj)


class PlanRowForm(_BelongsToParent):
    parent_field = "rate_plan"


class PriceInline(EstablishmentScopedInline):
    model = RatePlanPrice
    form = PlanRowForm
    fields = ("room_type", "price")


@admin.register(RatePlan)
class RatePlanAdmin(EstablishmentScopedAdmin):
    list_display = ("code", "name", "min_stay", "active")
    list_filter = ("establishment", "active")
    fieldsets = [
        (
            None,
            {
                "fields": ("establishment", "code", "name", "min_stay", "active"),
                "description": _(
                    "Prices, minimum stays and closed-to-arrival days by date are set on the "
                    "Rates page of the establishment."
                ),
            },
        )
    ]
    inlines = [PriceInline]

    def get_readonly_fields(self, request, obj=None):
        return ("establishment", "code") if obj else ()

    def service_save(self, request, obj, form, change):
        if change:
            services.rate_plan_update(
                plan=obj, name=obj.name, min_stay=obj.min_stay, active=obj.active
            )
        else:
            created = services.rate_plan_create(
                establishment=obj.establishment,
                code=obj.code,
                name=obj.name,
                min_stay=obj.min_stay,
                active=obj.active,
            )
            obj.pk = created.pk

    def service_delete(self, request, obj):
        services.rate_plan_delete(plan=obj)

    def save_formset(self, request, form, formset, change):
        plan = form.instance
        # What Django's formset.save() would record, for the admin's change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            row = inline_form.instance
            if inline_form in formset.deleted_forms:
                if row.pk:
                    self._delete_row(row)
                    formset.deleted_objects.append(row)
                continue
            if not inline_form.has_changed():
                continue
            data = inline_form.cleaned_data
            if row.pk and "room_type" in inline_form.changed_data:
                services.rate_plan_price_delete(price=row)
            saved = services.rate_plan_set_price(
                plan=plan, room_type_code=data["room_type"].code, price=data["price"]
            )
            if row.pk:
                formset.changed_objects.append((saved, inline_form.changed_data))
            else:
                formset.new_objects.append(saved)

    @staticmethod
    def _delete_row(row: RatePlanPrice) -> None:
        services.rate_plan_price_delete(price=row)

"""Setup of room types, rooms, out-of-order periods and rates in the Django admin.

Scoped to the establishments the person sets up, and written through the setup services:
a change that would leave a night oversold is refused as a form error, a deletion of a room
whose nights are sold as a message, and nothing is changed either way. Amounts show the
currency's decimals (JPY none, KWD three), times the establishment's zone."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from frontoffice.core import formats, money
from frontoffice.core.admin import (
    EstablishmentScopedAdmin,
    EstablishmentScopedInline,
    local_time,
)
from frontoffice.core.models import Language

from . import services
from .models import (
    NAME_LENGTH,
    CityTax,
    RatePlan,
    RatePlanPrice,
    Room,
    RoomOutOfOrder,
    RoomType,
)


def _name_input(language: Language) -> forms.CharField:
    return forms.CharField(label=language.label, required=False, max_length=NAME_LENGTH)


class NamesForm(forms.ModelForm):
    """The name per language as one input per language, read from and written to `names`
    (the service checks and stores them). No Meta: see `_BelongsToParent`."""

    name_en = _name_input(Language.EN)
    name_nl = _name_input(Language.NL)
    name_de = _name_input(Language.DE)
    name_pl = _name_input(Language.PL)
    name_es = _name_input(Language.ES)

    INPUTS = tuple(f"name_{code}" for code in Language.values)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = self.instance.names or {}
        for code in Language.values:
            self.initial.setdefault(f"name_{code}", names.get(code, ""))

    def names(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"name_{code}") or "" for code in Language.values}


def names_fieldset():
    return (
        _("Name per language"),
        {
            "fields": NamesForm.INPUTS,
            "description": _(
                "Pages in that language show this name; where none is given, the name above."
            ),
        },
    )


def _show_in_currency(form, field: str) -> None:
    """An amount stored with three decimals shown with the currency's (100.000 → 100.00)."""
    instance = form.instance
    value = form.initial.get(field)
    if instance.pk and value is not None and instance.establishment_id:
        form.initial[field] = money.quantize(value, instance.establishment.currency)


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


class RoomTypeForm(NamesForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _show_in_currency(self, "base_rate")


@admin.register(RoomType)
class RoomTypeAdmin(EstablishmentScopedAdmin):
    form = RoomTypeForm
    list_display = ("code", "name", "capacity", "base_rate_shown", "overbooking_allowance")
    list_filter = ("establishment",)
    list_select_related = ("establishment",)
    search_fields = ("code", "name")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "establishment",
                    "code",
                    "name",
                    "capacity",
                    "base_rate",
                    "overbooking_allowance",
                    "description",
                    "sort_order",
                )
            },
        ),
        names_fieldset(),
    )

    @admin.display(description=_("base rate"), ordering="base_rate")
    def base_rate_shown(self, obj):
        return formats.amount(obj.base_rate, obj.establishment.currency)

    def get_readonly_fields(self, request, obj=None):
        return ("establishment", "code") if obj else ()

    def service_save(self, request, obj, form, change):
        data = {name: getattr(obj, name) for name in services.setup.ROOM_TYPE_FIELDS}
        data["names"] = form.names()
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
    list_display = ("number", "room_type", "floor", "active", "housekeeping")
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
    fields = ("room", "start", "end", "reason", "recorded")
    list_display = ("room", "start", "end", "reason", "recorded")
    list_filter = ("establishment",)
    list_select_related = ("room", "establishment")
    autocomplete_fields = ("room",)

    @admin.display(description=_("created"), ordering="created_at")
    def recorded(self, obj):
        return local_time(obj.created_at, obj.establishment) if obj.pk else ""

    def get_fields(self, request, obj=None):
        return self.fields if obj else self.fields[:-1]

    def get_readonly_fields(self, request, obj=None):
        # A period belongs to its room: another room gets a period of its own.
        return ("room", "recorded") if obj else ()

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _show_in_currency(self, "price")


class PlanRowInline(EstablishmentScopedInline):
    form = PlanRowForm

    def get_queryset(self, request):
        # The row's name and its price's decimals read these.
        return (
            super().get_queryset(request).select_related("establishment", "rate_plan", "room_type")
        )


class PriceInline(PlanRowInline):
    model = RatePlanPrice
    fields = ("room_type", "price")


class RatePlanForm(NamesForm):
    pass


@admin.register(RatePlan)
class RatePlanAdmin(EstablishmentScopedAdmin):
    form = RatePlanForm
    list_display = ("code", "name", "min_stay", "active")
    list_filter = ("establishment", "active")
    fieldsets = (
        (
            None,
            {
                "fields": ("establishment", "code", "name", "min_stay", "active"),
                "description": _(
                    "Prices, minimum stays and closed-to-arrival days by date are set on the "
                    "Rates page of the establishment."
                ),
            },
        ),
        names_fieldset(),
    )
    inlines = [PriceInline]

    def get_readonly_fields(self, request, obj=None):
        return ("establishment", "code") if obj else ()

    def service_save(self, request, obj, form, change):
        if change:
            services.rate_plan_update(
                plan=obj,
                name=obj.name,
                names=form.names(),
                min_stay=obj.min_stay,
                active=obj.active,
            )
        else:
            created = services.rate_plan_create(
                establishment=obj.establishment,
                code=obj.code,
                name=obj.name,
                names=form.names(),
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


@admin.register(CityTax)
class CityTaxAdmin(EstablishmentScopedAdmin):
    """The city tax by date: a fixed amount per person and night, or a percentage of the
    room price; the night audit posts it with each night's room charge."""

    list_display = ("establishment", "kind", "amount", "percent", "valid_from", "valid_until")
    list_filter = ("establishment", "kind")
    list_select_related = ("establishment",)
    fields = (
        "establishment",
        "kind",
        "amount",
        "percent",
        "valid_from",
        "valid_until",
        "children_exempt",
    )

    def get_readonly_fields(self, request, obj=None):
        return ("establishment",) if obj else ()

    def service_save(self, request, obj, form, change):
        saved = services.city_tax_save(
            establishment=obj.establishment,
            city_tax=obj if change else None,
            kind=obj.kind,
            valid_from=obj.valid_from,
            valid_until=obj.valid_until,
            amount=obj.amount,
            percent=obj.percent,
            children_exempt=obj.children_exempt,
        )
        obj.pk = saved.pk

    def service_delete(self, request, obj):
        services.city_tax_delete(city_tax=obj)

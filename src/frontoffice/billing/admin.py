"""Billing setup in the Django admin: tax rates by date and the establishment's own charge
categories, scoped to the establishments the person sets up and written through the
services (an overlapping rate is refused as a form error, nothing changes)."""

from __future__ import annotations

from django.contrib import admin

from frontoffice.core.admin import EstablishmentScopedAdmin

from .models import ChargeCategory, TaxRate
from .services import setup


@admin.register(TaxRate)
class TaxRateAdmin(EstablishmentScopedAdmin):
    list_display = ("establishment", "category", "rate", "valid_from", "valid_until", "name")
    list_filter = ("establishment", "category")
    list_select_related = ("establishment",)
    fields = ("establishment", "category", "rate", "valid_from", "valid_until", "name")

    def get_readonly_fields(self, request, obj=None):
        return ("establishment",) if obj else ()

    def service_save(self, request, obj, form, change):
        saved = setup.tax_rate_save(
            establishment=obj.establishment,
            tax_rate=obj if change else None,
            category=obj.category,
            rate=obj.rate,
            valid_from=obj.valid_from,
            valid_until=obj.valid_until,
            name=obj.name,
        )
        obj.pk = saved.pk

    def service_delete(self, request, obj):
        setup.tax_rate_delete(tax_rate=obj)


@admin.register(ChargeCategory)
class ChargeCategoryAdmin(EstablishmentScopedAdmin):
    list_display = ("establishment", "code", "name")
    list_filter = ("establishment",)
    list_select_related = ("establishment",)
    fields = ("establishment", "code", "name", "names")

    def get_readonly_fields(self, request, obj=None):
        return ("establishment",) if obj else ()

    def service_save(self, request, obj, form, change):
        saved = setup.charge_category_save(
            establishment=obj.establishment,
            category=obj if change else None,
            code=obj.code,
            name=obj.name,
            names=obj.names,
        )
        obj.pk = saved.pk

    def service_delete(self, request, obj):
        setup.charge_category_delete(category=obj)

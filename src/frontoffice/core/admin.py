"""Setup through the Django admin. Staff with the setup role see their own establishments'
records only; the superuser administers the whole installation."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import policy, refcache
from .models import ApiToken, Customer, Department, Establishment, LoginThrottle, StaffRole


def setup_establishment_ids(user) -> list[int] | None:
    """None means every establishment (superuser)."""
    if user.is_superuser:
        return None
    return list(
        StaffRole.objects.filter(
            user=user, role__in=policy.PERMISSIONS["setup.manage"]
        ).values_list("establishment_id", flat=True)
    )


class EstablishmentScopedAdmin(admin.ModelAdmin):
    establishment_field = "establishment"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        ids = setup_establishment_ids(request.user)
        return qs if ids is None else qs.filter(**{f"{self.establishment_field}__in": ids})

    def _allowed(self, request) -> bool:
        ids = setup_establishment_ids(request.user)
        return ids is None or bool(ids)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff and self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = setup_establishment_ids(request.user)
        if ids is not None and db_field.name == "establishment":
            kwargs["queryset"] = Establishment.objects.filter(pk__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Establishment)
class EstablishmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "timezone", "currency", "language")
    search_fields = ("code", "name")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        refcache.clear()


@admin.register(Department)
class DepartmentAdmin(EstablishmentScopedAdmin):
    list_display = ("name", "kind", "extension", "establishment")
    list_filter = ("kind",)


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "establishment")
    list_filter = ("role", "establishment")


@admin.register(Customer)
class CustomerAdmin(SimpleHistoryAdmin, EstablishmentScopedAdmin):
    list_display = ("last_name", "first_name", "email", "phone", "vip_level", "establishment")
    search_fields = ("last_name", "first_name", "email", "phone")
    readonly_fields = ("created_at", "updated_at")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Revoke a bearer token by deleting it; only its hash is stored."""

    list_display = ("user", "created_at")
    readonly_fields = ("user", "key_hash", "created_at")

    def has_add_permission(self, request):
        return False


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    """Lift a lock-out early by deleting its row."""

    list_display = ("key", "failures", "locked_until", "updated_at")
    search_fields = ("key",)

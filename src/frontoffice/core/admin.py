"""Setup through the Django admin, on the same two rules as everything else.

- Tenancy: every admin view runs scoped to the establishments the person sets up (all of
  them for the superuser), so lists, foreign-key choices, list filters, autocompletes,
  history pages, actions and deletes only ever reach those rows; another establishment's
  ids answer 404.
- One write path: saves and deletes call the services (`service_save`, `service_delete`);
  a service's refusal becomes a form error (or a message for deletes) and changes nothing.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from . import dates, formats
from .adminsite import setup_ids
from .errors import DomainError
from .models import ApiToken, Department, Establishment, LoginAttempts, StaffRole
from .services import auth, establishments


class ServiceAdmin(admin.ModelAdmin):
    """Saves and deletes go through `service_save` / `service_delete`."""

    def service_save(self, request, obj, form, change: bool) -> None:
        raise NotImplementedError(f"{type(self).__name__} must save through a service")

    def service_delete(self, request, obj) -> None:
        raise NotImplementedError(f"{type(self).__name__} must delete through a service")

    def save_model(self, request, obj, form, change):
        self.service_save(request, obj, form, change)

    def delete_model(self, request, obj):
        self.service_delete(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.service_delete(request, obj)

    def save_formset(self, request, form, formset, change):
        raise NotImplementedError(f"{type(self).__name__} must save inlines through a service")

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another establishment's id is not found: 404, like everywhere else (Django's
        # default redirects to the index with a message naming the id).
        raise Http404

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        error = getattr(request, "_service_error", None)
        if error is None:
            return form

        class WithServiceError(form):
            def clean(self):
                data = super().clean()
                field = error.field if error.field in self.fields else None
                self.add_error(field, str(error.detail))
                return data

        return WithServiceError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as error:
            if request.method != "POST" or hasattr(request, "_service_error"):
                raise
            # Everything was rolled back; show the form again with the service's reason.
            request._service_error = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except DomainError as error:
            self.message_user(request, str(error.detail), messages.ERROR)
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change",
                    args=[object_id],
                    current_app=self.admin_site.name,
                )
            )


def _rendered(response):
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    return response


def local_time(moment, establishment) -> str:
    """A moment as the page's language writes it, in the establishment's time zone
    (whichever zone the page runs in: a list may show several establishments' rows)."""
    if moment is None:
        return ""
    with timezone.override(dates.zone(establishment.timezone)):
        return formats.datetime(moment)


class EstablishmentScopedAdmin(ServiceAdmin):
    """Rows of the establishments the person sets up. The scope already filters every
    query; the permission checks also look at the object itself. The pages of one record
    (change, history) show times in its establishment's zone."""

    def _in_records_zone(self, request, object_id, view):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if obj is None:
            return view()
        with timezone.override(dates.zone(obj.establishment.timezone)):
            return _rendered(view())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._in_records_zone(
            request,
            object_id,
            lambda: super(EstablishmentScopedAdmin, self).changeform_view(
                request, object_id, form_url, extra_context
            ),
        )

    def history_view(self, request, object_id, extra_context=None):
        return self._in_records_zone(
            request,
            object_id,
            lambda: super(EstablishmentScopedAdmin, self).history_view(
                request, object_id, extra_context
            ),
        )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        ids = setup_ids(request)
        return qs if ids is None else qs.filter(establishment_id__in=ids)

    def _allowed(self, request, obj=None) -> bool:
        if not (request.user.is_active and request.user.is_staff):
            return False
        ids = setup_ids(request)
        if ids is None:
            return True
        if not ids:
            return False
        return obj is None or obj.establishment_id in ids

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request, obj)


class EstablishmentScopedInline(admin.TabularInline):
    """Rows shown and edited on their parent's page (a rate plan's prices): allowed where
    the parent is; the parent's admin saves them through the services."""

    extra = 0

    def _allowed(self, request, obj=None) -> bool:
        ids = setup_ids(request)
        if ids is None:
            return True
        return bool(ids) and (obj is None or obj.establishment_id in ids)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request, obj)


class SuperuserAdmin(ServiceAdmin):
    """Installation-wide records: the superuser's alone."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


@admin.register(Establishment)
class EstablishmentAdmin(SuperuserAdmin):
    list_display = ("code", "name", "kind", "timezone", "currency", "language", "country")
    search_fields = ("code", "name")
    fields = (
        "code",
        "name",
        "kind",
        "timezone",
        "currency",
        "language",
        "country",
        "registration_required",
    )

    def get_readonly_fields(self, request, obj=None):
        return ("code", "currency") if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False  # an establishment's records are never deleted in one click

    def service_save(self, request, obj, form, change):
        if change:
            establishments.establishment_update(
                establishment=obj, **{f: form.cleaned_data[f] for f in form.changed_data}
            )
        else:
            created = establishments.establishment_create(
                actor=request.user,
                code=obj.code,
                name=obj.name,
                kind=obj.kind,
                timezone_name=obj.timezone,
                currency=obj.currency,
                language=obj.language,
                country=obj.country,
            )
            obj.pk = created.pk


@admin.register(Department)
class DepartmentAdmin(EstablishmentScopedAdmin):
    list_display = ("name", "kind", "extension", "establishment")
    list_filter = ("kind", "establishment")
    fields = ("establishment", "kind", "name", "extension")

    def get_readonly_fields(self, request, obj=None):
        return ("establishment",) if obj else ()

    def service_save(self, request, obj, form, change):
        saved = establishments.department_save(
            establishment=obj.establishment,
            department=obj if change else None,
            kind=obj.kind,
            name=obj.name,
            extension=obj.extension,
        )
        obj.pk = saved.pk

    def service_delete(self, request, obj):
        establishments.department_delete(department=obj)


@admin.register(StaffRole)
class StaffRoleAdmin(SuperuserAdmin):
    list_display = ("user", "role", "establishment")
    list_filter = ("role", "establishment")
    fields = ("user", "establishment", "role")

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

    def service_save(self, request, obj, form, change):
        establishments.staff_role_grant(
            establishment=obj.establishment, user=obj.user, role=obj.role
        )
        obj.pk = StaffRole.unscoped.get(
            user=obj.user, establishment=obj.establishment, role=obj.role
        ).pk

    def service_delete(self, request, obj):
        establishments.staff_role_revoke(
            establishment=obj.establishment, user=obj.user, role=obj.role
        )


@admin.register(ApiToken)
class ApiTokenAdmin(SuperuserAdmin):
    """Revoke a bearer token by deleting it; only its hash is stored."""

    list_display = ("user", "name", "created_at", "last_used_at", "expires_at")
    fields = ("user", "name", "created_at", "last_used_at", "expires_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def service_delete(self, request, obj):
        auth.token_revoke_any(token_id=obj.pk)


@admin.register(LoginAttempts)
class LoginAttemptsAdmin(SuperuserAdmin):
    """Lift a lock-out early by deleting its row."""

    list_display = ("key", "attempts", "window_end")
    search_fields = ("key",)
    fields = ("key", "attempts", "window_end")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def service_delete(self, request, obj):
        auth.login_lockout_lift(key=obj.key)

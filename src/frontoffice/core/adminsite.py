"""The admin site: one login path (the staff login page) and every view scoped to the
establishments the person sets up."""

from __future__ import annotations

from functools import wraps

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from . import policy, tenancy
from .errors import DomainError

# Django 5.2's admin templates use these, and its own Dutch catalogue lacks them (they would
# show in English). Ours is read first, so it fills the gap.
DJANGO_ADMIN_GAPS = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Error:"),
)


def setup_ids(request) -> list[int] | None:
    """The establishments this person sets up; None means all (superuser)."""
    if not hasattr(request, "_setup_ids"):
        request._setup_ids = policy.establishment_ids_for(request.user, "setup.manage")
    return request._setup_ids


def delete_selected(modeladmin, request, queryset):
    """Django's confirmation page; the deletion itself through the services, all or nothing."""
    if not request.POST.get("post"):
        return django_delete_selected(modeladmin, request, queryset)
    if not modeladmin.has_delete_permission(request):
        raise PermissionDenied
    objects = list(queryset)
    try:
        with transaction.atomic(using=router.db_for_write(modeladmin.model)):
            if objects:
                modeladmin.log_deletions(request, objects)
            for obj in objects:
                modeladmin.service_delete(request, obj)
    except DomainError as error:
        modeladmin.message_user(request, str(error.detail), messages.ERROR)
        return None
    modeladmin.message_user(
        request,
        ngettext("Deleted %(count)d.", "Deleted %(count)d.", len(objects))
        % {"count": len(objects)},
        messages.SUCCESS,
    )
    return None


delete_selected.allowed_permissions = ("delete",)
delete_selected.short_description = gettext_lazy("Delete selected %(verbose_name_plural)s")


class FrontofficeAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Frontoffice setup")
    site_title = gettext_lazy("Frontoffice setup")
    index_title = gettext_lazy("Setup")
    site_url = "/"

    def has_permission(self, request):
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        ids = setup_ids(request)
        return ids is None or bool(ids)

    def login(self, request, extra_context=None):
        """One login path for all: the staff login page, throttled like every login."""
        if request.user.is_authenticated:
            raise PermissionDenied  # logged in, but no setup role
        target = request.GET.get("next") or reverse("admin:index")
        return redirect_to_login(target, login_url=reverse("login"))

    def __init__(self, name="admin"):
        super().__init__(name)
        self.add_action(delete_selected, "delete_selected")

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def scoped(request, *args, **kwargs):
            ids = setup_ids(request) if request.user.is_authenticated else []
            context = tenancy.every_establishment() if ids is None else tenancy.scope(ids)
            with context:
                response = inner(request, *args, **kwargs)
                # Admin pages are TemplateResponses, rendered after the view returns; the
                # forms and inlines they render query too, so render inside the scope.
                if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                    response.render()
                return response

        return scoped

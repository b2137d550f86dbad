"""Pages of the core: log in and out, pick an establishment, one's API tokens; and the
helpers every app's pages share (the access decorator, rendering, form errors)."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from . import dates, policy, selectors
from .errors import DomainError, Forbidden, NotFound, Throttled
from .services import auth as auth_services


def _to_login(request):
    """Send a logged-out person to the login page. Inside an htmx request the whole page
    goes there (HX-Redirect), not a login form swapped into a fragment."""
    if getattr(request, "htmx", False):
        current = request.headers.get("HX-Current-URL") or request.get_full_path()
        parts = urlsplit(current)
        back = parts.path + (f"?{parts.query}" if parts.query else "")
        response = HttpResponse(status=204)
        response["HX-Redirect"] = redirect_to_login(back).url
        return response
    return redirect_to_login(request.get_full_path())


def staff_login_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _to_login(request)
        return view(request, *args, **kwargs)

    return wrapper


def establishment_page(action: str):
    """Decorator: log-in required, then the one policy check for pages (which scopes the
    request to the establishment); passes `access`."""

    def decorate(view):
        @staff_login_required
        @wraps(view)
        def wrapper(request, code, *args, **kwargs):
            try:
                access = policy.access(request.user, code, action)
            except NotFound:
                raise Http404 from None
            except Forbidden:
                raise PermissionDenied from None
            request.access = access
            # Times on the pages are the establishment's local times.
            timezone.activate(dates.zone(access.establishment.timezone))
            try:
                return view(request, access, *args, **kwargs)
            finally:
                timezone.deactivate()

        return wrapper

    return decorate


def page(request, access, template: str, context: dict, nav: str = "", status: int = 200):
    return render(
        request,
        template,
        {
            "access": access,
            "can": access.can_map,
            "nav": nav,
            "currency": access.establishment.currency,
            **context,
        },
        status=status,
    )


def form_error(form, error: DomainError, aliases: dict[str, str] | None = None) -> None:
    """A service's refusal shown on the form, at its field where the form has one."""
    field = (aliases or {}).get(error.field, error.field)
    form.add_error(field if field in form.fields else None, str(error.detail))


class LoginForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("User name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=gettext_lazy("Password"),
        max_length=200,
        strip=False,  # spaces at either end are part of a password
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    """The one login page: the staff pages and the admin both send people here."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    safe_next = next_url and url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, require_https=request.is_secure()
    )
    if request.user.is_authenticated:
        return redirect(next_url if safe_next else "home")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = None
        try:
            user = auth_services.login(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except Throttled as exc:
            form.add_error(None, str(exc.detail))
        else:
            if user is None:
                form.add_error(None, _("Wrong user name or password."))
        if user is not None:
            auth.login(request, user)
            return redirect(next_url if safe_next else "home")
    return render(request, "core/login.html", {"form": form, "next": next_url if safe_next else ""})


@require_POST
def logout_view(request):
    auth.logout(request)
    return redirect("login")


@staff_login_required
def home(request):
    establishments = list(policy.establishments_of(request.user))
    if len(establishments) == 1:
        return redirect("dashboard", code=establishments[0].code)
    return render(request, "core/home.html", {"establishments": establishments})


@staff_login_required
@never_cache
def tokens(request):
    """One's own API tokens: when each was made and last used, when it expires; revoke."""
    if request.method == "POST":
        token_id = request.POST.get("revoke", "")
        if request.POST.get("all"):
            count = auth_services.tokens_revoke_all(user=request.user)
            messages.success(
                request,
                ngettext(
                    "Your API token was revoked.",
                    "All your %(n)s API tokens were revoked.",
                    count,
                )
                % {"n": count},
            )
        elif token_id.isascii() and token_id.isdigit() and len(token_id) < 19:
            try:
                auth_services.token_revoke(user=request.user, token_id=int(token_id))
            except NotFound:
                messages.error(request, _("That token no longer exists."))
            else:
                messages.success(request, _("The token was revoked."))
        return redirect("tokens")
    return render(
        request,
        "core/tokens.html",
        {
            "tokens": list(selectors.tokens_of(request.user)),
            "ttl_days": settings.FRONTOFFICE_TOKEN_TTL_DAYS,
        },
    )

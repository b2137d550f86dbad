"""Pages of the core: log in and out, pick an establishment; the page-access helper."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import auth
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import dates, policy, services
from .errors import Forbidden, NotFound, Throttled


def establishment_page(action: str):
    """Decorator: log-in required, then the one policy check for pages; passes `access`."""

    def decorate(view):
        @login_required
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


class LoginForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("User name"), max_length=150)
    password = forms.CharField(
        label=gettext_lazy("Password"), widget=forms.PasswordInput, max_length=200
    )


def login_view(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except Throttled as exc:
            form.add_error(None, str(exc.detail))
            user = None
        else:
            if user is None:
                form.add_error(None, _("Wrong user name or password."))
        if user is not None:
            auth.login(request, user)
            if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                return redirect(next_url)
            return redirect("home")
    return render(request, "core/login.html", {"form": form, "next": next_url}, status=200)


@require_POST
def logout_view(request):
    auth.logout(request)
    return redirect("login")


@login_required
def home(request):
    establishments = list(policy.establishments_of(request.user))
    if len(establishments) == 1:
        return redirect("dashboard", code=establishments[0].code)
    return render(request, "core/home.html", {"establishments": establishments})

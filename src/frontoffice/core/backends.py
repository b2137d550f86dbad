"""The one authentication backend: Django's model backend behind the login throttle, so
every `authenticate()` (the login page, the API token endpoint, anything else) is counted
before the password is hashed."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .errors import Throttled
from .services import auth


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get("username")
        if username is None or password is None:
            return None
        address = auth.client_address(request)
        try:
            auth.login_reserve(username, address)
        except Throttled as exc:
            if request is not None:
                request.login_throttled = exc
            # Stops every other backend too: the attempt is refused, not wrong.
            raise PermissionDenied from None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            auth.login_succeeded(username, address)
        return user

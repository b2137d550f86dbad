"""Every answer under /api/ is JSON `{code, detail}`, including the ones Django gives before
the API's own handlers run: an unknown path (404), a wrong method (405), a crash (500).
A database that stays locked beyond its timeout is 503 "busy, try again" on every path.
A NUL character in a query or a form is 400 on every path: no text column of PostgreSQL
can hold one, so it would otherwise reach the database as a 500."""

from __future__ import annotations

import json
import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from frontoffice.core import db

log = logging.getLogger(__name__)

CODES = {
    404: ("not_found", lambda: _("Not found.")),
    405: ("method_not_allowed", lambda: _("This method is not allowed here.")),
    500: ("server_error", lambda: _("Something went wrong on our side; it was logged.")),
}


class ApiErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def process_exception(self, request, exception):
        if not db.is_busy(exception):
            return None
        log.warning("database busy: %s", exception)
        if request.path.startswith("/api/"):
            response = HttpResponse(
                json.dumps({"code": "busy", "detail": _("The database is busy; try again.")}),
                status=503,
                content_type="application/json",
            )
        else:
            response = render(request, "503.html", status=503)
        response["Retry-After"] = "1"
        return response

    def __call__(self, request):
        if _carries_nul(request):
            detail = _("The request contains a character that is not allowed (NUL).")
            if request.path.startswith("/api/"):
                return HttpResponse(
                    json.dumps({"code": "invalid", "detail": detail}),
                    status=400,
                    content_type="application/json",
                )
            return HttpResponse(detail, status=400, content_type="text/plain; charset=utf-8")
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code not in CODES:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        code, detail = CODES[response.status_code]
        body = HttpResponse(
            json.dumps({"code": code, "detail": str(detail())}),
            status=response.status_code,
            content_type="application/json",
        )
        if response.has_header("Allow"):
            body["Allow"] = response["Allow"]
        return body


def api_not_found(request, *args, **kwargs):
    code, detail = CODES[404]
    return HttpResponse(
        json.dumps({"code": code, "detail": str(detail())}),
        status=404,
        content_type="application/json",
    )


def _carries_nul(request) -> bool:
    def nul(data) -> bool:
        return any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in data.lists()
        )

    if nul(request.GET):
        return True
    kind = request.META.get("CONTENT_TYPE", "")
    if request.method == "POST" and kind.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        return nul(request.POST)
    return False

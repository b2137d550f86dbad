"""Every answer under /api/ is JSON `{code, detail}`, including the ones Django gives before
the API's own handlers run: an unknown path (404), a wrong method (405), a crash (500).
A database that stays locked beyond its timeout is 503 "busy, try again" on every path."""

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

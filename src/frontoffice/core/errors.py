"""Domain errors. Each carries a machine-readable code and an HTTP status; the API maps
them to `{"code", "detail"}` and the pages to form errors, in the user's language."""

from __future__ import annotations


class DomainError(Exception):
    code = "invalid"
    status = 422

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        status: int | None = None,
        field: str | None = None,
        extra: dict | None = None,
    ):
        super().__init__(str(detail))
        self.detail = detail
        if code:
            self.code = code
        if status:
            self.status = status
        self.field = field
        # Machine-readable details an API client may act on (e.g. the existing record).
        self.extra = extra or {}

    def body(self) -> dict:
        """The API's answer: {code, detail}, the field it concerns, and any details."""
        body = {"code": self.code, "detail": str(self.detail)}
        if self.field:
            body["field"] = self.field
        body.update(self.extra)
        return body


class Invalid(DomainError):
    code = "invalid"
    status = 422


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Forbidden(DomainError):
    code = "forbidden"
    status = 403


class Conflict(DomainError):
    code = "conflict"
    status = 409


class NotAvailable(Conflict):
    code = "not_available"


class InvalidTransition(Conflict):
    code = "invalid_status"


class Throttled(DomainError):
    code = "too_many_attempts"
    status = 429

    def __init__(self, detail: str, *, retry_after: int):
        super().__init__(detail)
        self.retry_after = retry_after

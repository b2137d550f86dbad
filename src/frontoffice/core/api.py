"""API of the core: tokens and establishments."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from . import policy, selectors
from .errors import Forbidden
from .models import Kind, Language
from .pagination import Pagination
from .schemas import Code, ErrorOut, Password, Text
from .services import auth, establishments

router = Router()


class TokenIn(Schema):
    username: Text(150, 1)
    password: Password
    name: Text(100) = ""


class TokenOut(Schema):
    token: str
    expires_at: dt.datetime


class TokenInfo(Schema):
    id: int
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime
    expires_at: dt.datetime
    current: bool


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    tags=["auth"],
)
def token_create(request, payload: TokenIn):
    """A bearer token for `Authorization: Bearer …`. It expires FRONTOFFICE_TOKEN_TTL_DAYS
    (30) days after its last use, a year after it was made at the latest, and with a
    password change."""
    user = auth.login(request=request, username=payload.username, password=payload.password)
    if user is None:
        return 401, {"code": "invalid_credentials", "detail": _("Wrong user name or password.")}
    key, token = auth.token_issue(user=user, name=payload.name)
    return {"token": key, "expires_at": token.expires_at}


@router.delete("/auth/token", response={204: None, 401: ErrorOut, 422: ErrorOut}, tags=["auth"])
def token_delete(request):
    """Revoke the bearer token this request was sent with."""
    token_id = getattr(request.auth, "api_token_id", None)
    if token_id is None:
        return 422, {
            "code": "not_a_token",
            "detail": _("This request was not authenticated with a bearer token."),
        }
    auth.token_revoke(user=request.auth, token_id=token_id)
    return 204, None


@router.get("/auth/tokens", response=list[TokenInfo], tags=["auth"])
def token_list(request):
    """The caller's own tokens (never their keys)."""
    current = getattr(request.auth, "api_token_id", None)
    return [
        {
            "id": t.pk,
            "name": t.name,
            "created_at": t.created_at,
            "last_used_at": t.last_used_at,
            "expires_at": t.expires_at,
            "current": t.pk == current,
        }
        for t in selectors.tokens_of(request.auth)
    ]


@router.delete("/auth/tokens/{int:token_id}", response={204: None, 404: ErrorOut}, tags=["auth"])
def token_revoke(request, token_id: int):
    auth.token_revoke(user=request.auth, token_id=token_id)
    return 204, None


class EstablishmentIn(Schema):
    code: Code
    name: Text(200, 1)
    kind: Kind = Kind.HOTEL
    timezone: Text(64, 1) = "UTC"
    currency: Text(3, 3) = "EUR"
    language: Language = Language.EN
    country: Text(2) = ""


class EstablishmentOut(Schema):
    code: str
    name: str
    kind: str
    timezone: str
    currency: str
    language: str
    country: str
    today: dt.date


def establishment_out(est) -> dict:
    return {
        "code": est.code,
        "name": est.name,
        "kind": est.kind,
        "timezone": est.timezone,
        "currency": est.currency,
        "language": est.language,
        "country": est.country,
        "today": est.today(),
    }


@router.get("/establishments", response=list[EstablishmentOut], tags=["establishments"])
@paginate(Pagination)
def establishment_list(request):
    return [establishment_out(e) for e in policy.establishments_of(request.auth)]


@router.post(
    "/establishments",
    response={201: EstablishmentOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    tags=["establishments"],
)
def establishment_create(request, payload: EstablishmentIn):
    if not policy.can_create_establishment(request.auth):
        raise Forbidden(_("Only administrators can create establishments."))
    est = establishments.establishment_create(
        actor=request.auth,
        code=payload.code,
        name=payload.name,
        kind=payload.kind,
        timezone_name=payload.timezone,
        currency=payload.currency.upper(),
        language=payload.language,
        country=payload.country,
    )
    return 201, establishment_out(est)


@router.get(
    "/establishments/{code}",
    response={200: EstablishmentOut, 404: ErrorOut},
    tags=["establishments"],
)
def establishment_get(request, code: str):
    access = policy.access(request.auth, code, "dashboard.view")
    return establishment_out(access.establishment)

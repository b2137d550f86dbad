"""The JSON API of procedures: templates, protocols, messages, answers."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from frontoffice.core import policy
from frontoffice.core.errors import Invalid, NotFound
from frontoffice.core.models import Language
from frontoffice.core.pagination import Pagination, SerialisedPage
from frontoffice.core.schemas import ErrorOut, Text
from frontoffice.customers import selectors as customer_selectors
from frontoffice.lodging import selectors as lodging_selectors

from . import selectors, services
from .models import Channel, Message, MessageTemplate, Protocol
from .services import rendering

router = Router(tags=["procedures"])

E = "/establishments/{code}"
ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


# --- templates and protocols --------------------------------------------------------------


class TemplateOut(Schema):
    id: int
    kind: MessageTemplate.Kind
    language: Language
    version: int
    subject: str
    body: str
    active: bool
    created_at: dt.datetime
    created_by: str | None


class TemplateIn(Schema):
    kind: MessageTemplate.Kind
    language: Language
    subject: Text(200, 1)
    body: Text(10000, 1) = Field(
        ..., description="Plain text with placeholders: " + ", ".join(rendering.PLACEHOLDERS)
    )
    active: bool = True


def _by(user) -> str | None:
    return user.get_username() if user is not None else None


def template_out(row: MessageTemplate) -> dict:
    return {
        "id": row.pk,
        "kind": row.kind,
        "language": row.language,
        "version": row.version,
        "subject": row.subject,
        "body": row.body,
        "active": row.active,
        "created_at": row.created_at,
        "created_by": _by(row.created_by),
    }


class TemplatesOut(Schema):
    items: list[TemplateOut]
    count: int
    placeholders: list[str]


@router.get(E + "/templates", response={200: TemplatesOut, 403: ErrorOut, 404: ErrorOut})
def template_list(
    request,
    code: str,
    kind: MessageTemplate.Kind | None = None,
    language: Language | None = None,
    versions: bool = False,
):
    """The current version of each template per kind and language (`versions=true`: every
    version, newest first)."""
    access = policy.access(request.auth, code, "template.view")
    rows = selectors.template_list(
        access.establishment, kind=kind, language=language, every_version=versions
    )
    return {
        "items": [template_out(r) for r in rows],
        "count": len(rows),
        "placeholders": list(rendering.PLACEHOLDERS),
    }


@router.post(E + "/templates", response={201: TemplateOut, **ERRORS})
def template_create(request, code: str, payload: TemplateIn):
    """Save a new version of a template (the first is version 1). 422
    `unknown_placeholder` names a placeholder that is not in the list."""
    access = policy.access(request.auth, code, "template.manage")
    row = services.template_create(
        establishment=access.establishment, actor=request.auth, **payload.dict()
    )
    return 201, template_out(row)


class ProtocolOut(Schema):
    id: int
    channel: Channel
    kind: Protocol.Kind
    language: Language
    version: int
    title: str
    body: str
    created_at: dt.datetime


class ProtocolIn(Schema):
    channel: Channel
    kind: Protocol.Kind
    language: Language
    title: Text(200, 1)
    body: Text(10000, 1)


def protocol_out(row: Protocol) -> dict:
    return {
        "id": row.pk,
        "channel": row.channel,
        "kind": row.kind,
        "language": row.language,
        "version": row.version,
        "title": row.title,
        "body": row.body,
        "created_at": row.created_at,
    }


class ProtocolsOut(Schema):
    items: list[ProtocolOut]
    count: int


@router.get(E + "/protocols", response={200: ProtocolsOut, 403: ErrorOut, 404: ErrorOut})
def protocol_list(
    request, code: str, channel: Channel | None = None, language: Language | None = None
):
    """The current greeting and call scripts per channel, kind and language."""
    access = policy.access(request.auth, code, "template.view")
    rows = selectors.protocol_list(access.establishment, channel=channel, language=language)
    return {"items": [protocol_out(r) for r in rows], "count": len(rows)}


@router.post(E + "/protocols", response={201: ProtocolOut, **ERRORS})
def protocol_create(request, code: str, payload: ProtocolIn):
    """Save a new version of a script."""
    access = policy.access(request.auth, code, "template.manage")
    row = services.protocol_create(
        establishment=access.establishment, actor=request.auth, **payload.dict()
    )
    return 201, protocol_out(row)


# --- messages -----------------------------------------------------------------------------


class MessageIn(Schema):
    template: MessageTemplate.Kind | int = Field(
        ...,
        description="A kind (the current version in the guest's language, else the "
        "establishment's, else English) or the id of one exact version.",
    )
    reservation: Text(12, 1) | None = Field(None, description="A confirmation code.")
    customer: int | None = Field(None, description="A guest's id (without a reservation).")
    channel: Message.Via = Message.Via.EMAIL


class MessageOut(Schema):
    id: int
    status: Message.Status
    channel: Message.Via
    language: Language
    to: str
    subject: str
    body: str
    error: str
    customer: int
    reservation: str | None
    template: int
    template_kind: MessageTemplate.Kind
    template_version: int
    created_at: dt.datetime
    created_by: str | None
    sent_at: dt.datetime | None


def message_out(row: Message) -> dict:
    return {
        "id": row.pk,
        "status": row.status,
        "channel": row.channel,
        "language": row.language,
        "to": row.to_address,
        "subject": row.subject,
        "body": row.body,
        "error": row.error,
        "customer": row.customer_id,
        "reservation": row.reservation.confirmation if row.reservation_id else None,
        "template": row.template_id,
        "template_kind": row.template.kind,
        "template_version": row.template.version,
        "created_at": row.created_at,
        "created_by": _by(row.created_by),
        "sent_at": row.sent_at,
    }


@router.post(E + "/messages", response={201: MessageOut, **ERRORS})
def message_send(request, code: str, payload: MessageIn):
    """Send a guest a message from a template, in their language. The message is kept in
    the outbox; `status` says whether the mail server took it (`sent`) or not (`failed`,
    with `error`). 422 `no_address`, `reservation_required`, `guest_required`; 404
    `no_template`."""
    access = policy.access(request.auth, code, "message.send")
    est = access.establishment
    reservation = customer = None
    if payload.reservation:
        reservation = lodging_selectors.reservation_get(est, payload.reservation, access=access)
    if payload.customer is not None:
        customer = customer_selectors.customer_get(est, payload.customer, access=access)
        if customer is None:
            raise NotFound(_("No such guest."))
    if reservation is None and customer is None:
        raise Invalid(_("Give a reservation or a guest."), code="guest_required")
    message = services.message_send(
        establishment=est,
        actor=request.auth,
        template=payload.template,
        customer=customer,
        reservation=reservation,
        channel=payload.channel,
    )
    return 201, message_out(message)


@router.get(E + "/messages", response=list[MessageOut])
@paginate(Pagination)
def message_list(request, code: str, customer: int | None = None):
    """The outbox, newest first; `customer` for one guest's messages."""
    access = policy.access(request.auth, code, "message.send")
    return SerialisedPage(
        selectors.message_list(access.establishment, access=access, customer_id=customer),
        message_out,
    )


class MessageSettingsIn(Schema):
    confirm_on_booking: bool


@router.patch(E + "/message-settings", response={200: MessageSettingsIn, **ERRORS})
def message_settings_set(request, code: str, payload: MessageSettingsIn):
    """Whether a new reservation's confirmation is sent by itself."""
    access = policy.access(request.auth, code, "template.manage")
    row = services.message_settings_set(
        establishment=access.establishment,
        actor=request.auth,
        confirm_on_booking=payload.confirm_on_booking,
    )
    return {"confirm_on_booking": row.confirm_on_booking}


# --- the knowledge base -------------------------------------------------------------------


class AnswerOut(Schema):
    id: int
    language: Language
    topic: str
    answer: str
    keywords: str
    updated_at: dt.datetime


class AnswerIn(Schema):
    language: Language
    topic: Text(200, 1)
    answer: Text(4000, 1)
    keywords: Text(300) = ""


class AnswerChange(Schema):
    language: Language | None = None
    topic: Text(200, 1) | None = None
    answer: Text(4000, 1) | None = None
    keywords: Text(300) | None = None


def answer_out(row) -> dict:
    return {
        "id": row.pk,
        "language": row.language,
        "topic": row.topic,
        "answer": row.answer,
        "keywords": row.keywords,
        "updated_at": row.updated_at,
    }


@router.get(E + "/answers", response=list[AnswerOut])
@paginate(Pagination)
def answer_search(request, code: str, q: Text(200) = "", language: Language | None = None):
    """Answers holding every word of `q` (the last one may be the start of a word); those
    in `language` (default: the request's) first, then question matches before answer
    matches."""
    access = policy.access(request.auth, code, "answer.view")
    rows = selectors.answer_search(
        access.establishment, q, language=language or request.LANGUAGE_CODE
    )
    return SerialisedPage(rows, answer_out)


@router.post(E + "/answers", response={201: AnswerOut, **ERRORS})
def answer_create(request, code: str, payload: AnswerIn):
    access = policy.access(request.auth, code, "answer.manage")
    row = services.answer_create(
        establishment=access.establishment, actor=request.auth, **payload.dict()
    )
    return 201, answer_out(row)


@router.patch(E + "/answers/{answer_id}", response={200: AnswerOut, **ERRORS})
def answer_update(request, code: str, answer_id: int, payload: AnswerChange):
    access = policy.access(request.auth, code, "answer.manage")
    row = selectors.answer_get(access.establishment, answer_id)
    changes = {k: v for k, v in payload.dict().items() if v is not None}
    return answer_out(services.answer_update(answer=row, actor=request.auth, **changes))

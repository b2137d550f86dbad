"""Idempotency-Key handling: the key is written in the same transaction as the effect.

A retry after the first request committed finds the key and gets the first response. A
retry that arrives while the first is still running does the work in its own transaction,
then fails on the key's unique index (PostgreSQL waits for the first to commit; SQLite runs
one writer at a time), rolls its work back and gets the first response. A crash before
commit loses both the effect and the key, so a retry does the work once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import db
from ..errors import DomainError, Invalid
from ..models import IdempotencyKey

Response = tuple[int, Any]


def fingerprint(method: str, path: str, body: Any) -> str:
    canonical = json.dumps([method, path, body], sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(user: AbstractBaseUser, key: str, fp: str) -> Response | None:
    record = IdempotencyKey.objects.filter(user=user, key=key).first()
    if record is None:
        return None
    if record.fingerprint != fp:
        raise Invalid(
            _("This Idempotency-Key was used for a different request."),
            code="idempotency_mismatch",
        )
    return record.status_code, record.response


def replay(*, user: AbstractBaseUser, key: str, fp: str) -> Response | None:
    """The stored answer of an earlier request with this key, if there is one (for work
    that must not even start twice, such as a call to a card gateway)."""
    _check_key(key)
    return _replay(user, key, fp)


def _check_key(key) -> None:
    if not isinstance(key, str) or not key or len(key) > 200 or "\x00" in key:
        raise Invalid(_("The Idempotency-Key must be 1 to 200 characters."), code="invalid")


def run_once(
    *, user: AbstractBaseUser, key: str, fp: str, call: Callable[[], Response]
) -> Response:
    """Run `call` once per (user, key). The key row is inserted at the end of the same
    transaction as the effect: of two concurrent requests with one key, the second fails on
    the key's unique index, rolls its own work back and answers with the first's response.
    A refusal (a domain error) is an answer too, kept in its own transaction."""
    _check_key(key)
    replayed = _replay(user, key, fp)
    if replayed is not None:
        return replayed
    try:
        with transaction.atomic():
            status, body = call()
            IdempotencyKey.objects.create(
                user=user, key=key, fingerprint=fp, status_code=status, response=body
            )
            return status, body
    except IntegrityError as exc:
        if not db.violates(exc, IdempotencyKey, "idempotency_key_uniq"):
            raise
        replayed = _replay(user, key, fp)
        if replayed is None:
            raise
        return replayed
    except DomainError as error:
        body = error.body()
        try:
            with transaction.atomic():
                IdempotencyKey.objects.create(
                    user=user, key=key, fingerprint=fp, status_code=error.status, response=body
                )
        except IntegrityError:
            replayed = _replay(user, key, fp)
            if replayed is not None:
                return replayed
        raise


def prune(before) -> int:
    """Forget keys older than `before` (clients retry for a day at most)."""
    deleted, _per_model = IdempotencyKey.objects.filter(created_at__lt=before).delete()
    return deleted

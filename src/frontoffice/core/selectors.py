"""Reads of the core."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiToken


def tokens_of(user: AbstractBaseUser) -> QuerySet[ApiToken]:
    """A person's unexpired bearer tokens, most recently used first."""
    return ApiToken.objects.filter(user=user, expires_at__gt=timezone.now()).order_by(
        "-last_used_at", "-pk"
    )

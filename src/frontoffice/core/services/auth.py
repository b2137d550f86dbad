"""Logging in and bearer tokens.

Login throttling reserves the attempt before the password is checked: one conditional
UPDATE per counter (`… SET attempts = attempts + 1 WHERE attempts < limit`), so however
many guesses arrive at once, in however many server processes, no more than the limit get
as far as the password hasher. Two counters:

- per user name *and* address: `FRONTOFFICE_LOGIN_MAX_FAILURES` (5) attempts, then that
  address is locked out of that account for `FRONTOFFICE_LOGIN_LOCKOUT_SECONDS` (300) after
  the last one; a success clears it. A stranger elsewhere cannot lock the user out.
- per address (an IPv6 /64): `FRONTOFFICE_LOGIN_MAX_PER_ADDRESS` (50) failed attempts of any
  user names in a window of the same length, so one address cannot spray passwords over
  many accounts; a success gives its attempt back, so an office behind one address that
  logs in all day is never locked out by its own logins.

django-axes (considered) checks its lock before and counts the failure after the password
hash, so parallel guesses all pass its check together; hence this small module.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import secrets

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..errors import Conflict, Invalid, NotFound, Throttled
from ..models import ApiToken, LoginAttempts

# --- login throttling ---------------------------------------------------------------------


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or with FRONTOFFICE_TRUSTED_PROXIES = n the n-th
    address from the right of X-Forwarded-For (the one our own proxy saw)."""
    if request is None:
        return "-"
    proxies = settings.FRONTOFFICE_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:100]
    return (request.META.get("REMOTE_ADDR") or "-")[:100]


def _user_key(username: str, address: str) -> str:
    return f"user:{(username or '').strip().lower()[:150]}|{address}"


def _address_key(address: str) -> str:
    """IPv6 hosts get a /64 each (one machine can use all of it), so that is the unit."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return f"addr:{address}"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return f"addr:{ip.ipv4_mapped}"
        return f"addr:{ipaddress.ip_network(f'{ip}/64', strict=False)}"
    return f"addr:{ip}"


def login_reserve(username: str, address: str) -> None:
    """Count one attempt for this user name and address before the password is checked.
    Raises Throttled (nothing counted) when either counter is used up."""
    now = timezone.now()
    window = dt.timedelta(seconds=settings.FRONTOFFICE_LOGIN_LOCKOUT_SECONDS)
    user_key, address_key = _user_key(username, address), _address_key(address)
    lapsed = Q(window_end__lte=now)
    with transaction.atomic():
        LoginAttempts.objects.bulk_create(
            [LoginAttempts(key=k, attempts=0, window_end=now) for k in (user_key, address_key)],
            ignore_conflicts=True,
        )
        # Per account and address: the lock-out runs from the last counted attempt.
        counted = (
            LoginAttempts.objects.filter(key=user_key)
            .filter(lapsed | Q(attempts__lt=settings.FRONTOFFICE_LOGIN_MAX_FAILURES))
            .update(
                attempts=Case(When(lapsed, then=Value(1)), default=F("attempts") + 1),
                window_end=now + window,
            )
        )
        if counted:
            # Per address: a fixed window, every attempt counts.
            counted = (
                LoginAttempts.objects.filter(key=address_key)
                .filter(lapsed | Q(attempts__lt=settings.FRONTOFFICE_LOGIN_MAX_PER_ADDRESS))
                .update(
                    attempts=Case(When(lapsed, then=Value(1)), default=F("attempts") + 1),
                    window_end=Case(
                        When(lapsed, then=Value(now + window)), default=F("window_end")
                    ),
                )
            )
        if not counted:
            ends = (
                LoginAttempts.objects.filter(key__in=[user_key, address_key], window_end__gt=now)
                .order_by("-window_end")
                .values_list("window_end", flat=True)
                .first()
            ) or now + window
            seconds = max(1, int((ends - now).total_seconds()) + 1)
            raise Throttled(
                ngettext(
                    "Too many failed attempts. Try again in %(seconds)s second.",
                    "Too many failed attempts. Try again in %(seconds)s seconds.",
                    seconds,
                )
                % {"seconds": seconds},
                retry_after=seconds,
            )


def login_succeeded(username: str, address: str) -> None:
    """A right password clears the account's count at this address and gives the address
    its attempt back: staff behind one office address logging in all day never add up."""
    with transaction.atomic():
        LoginAttempts.objects.filter(key=_user_key(username, address)).delete()
        LoginAttempts.objects.filter(key=_address_key(address), attempts__gt=0).update(
            attempts=F("attempts") - 1
        )


def login_lockout_lift(*, key: str) -> None:
    """An administrator opens a locked account or address early."""
    LoginAttempts.objects.filter(key=key).delete()


def login_prune(now: dt.datetime | None = None) -> int:
    deleted, _per_model = LoginAttempts.objects.filter(
        window_end__lt=now or timezone.now()
    ).delete()
    return deleted


def login(*, request, username: str, password: str) -> AbstractBaseUser | None:
    """Check a user name and password (through `authenticate`, which is throttled).
    Raises Throttled when the attempt may not be made; None for wrong credentials."""
    user = authenticate(request, username=username, password=password)
    throttled = getattr(request, "login_throttled", None)
    if throttled is not None:
        raise throttled
    return user


# --- user accounts ------------------------------------------------------------------------


def user_create(
    *, username: str, password: str, superuser: bool = False, email: str = ""
) -> AbstractBaseUser:
    """A login. Staff rights in the admin follow from the roles given (staff_role_grant)."""
    User = get_user_model()
    username = (username or "").strip()
    if not username or len(username) > 150:
        raise Invalid(_("Give a user name of at most 150 characters."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(_("This user name is taken."), code="duplicate")
    if superuser:
        return User.objects.create_superuser(username, email=email, password=password)
    return User.objects.create_user(username, email=email, password=password)


# --- bearer tokens ------------------------------------------------------------------------

# A token's last use is written at most this often, not on every request.
TOUCH_SECONDS = 60
MAX_AGE_DAYS = 365


def _hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _sliding_expiry(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(days=settings.FRONTOFFICE_TOKEN_TTL_DAYS)


def token_create(*, user: AbstractBaseUser, name: str = "") -> str:
    """A new bearer token for `user`; the key is shown once, only its hash is kept."""
    return token_issue(user=user, name=name)[0]


def token_issue(*, user: AbstractBaseUser, name: str = "") -> tuple[str, ApiToken]:
    name = (name or "").strip()
    if len(name) > 100 or "\x00" in name:
        raise Invalid(_("The name is too long."), field="name")
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    latest = now + dt.timedelta(days=MAX_AGE_DAYS)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=_hash_token(key),
        auth_hash=user.get_session_auth_hash(),
        last_used_at=now,
        expires_at=min(_sliding_expiry(now), latest),
        expires_at_latest=latest,
    )
    return key, token


_TOKEN_SQL: dict[str, str] = {}


def _token_sql(connection) -> str:
    if connection.vendor in _TOKEN_SQL:
        return _TOKEN_SQL[connection.vendor]
    User = get_user_model()
    quote = connection.ops.quote_name
    user_table, token_table = quote(User._meta.db_table), quote(ApiToken._meta.db_table)
    columns = ", ".join(f"u.{quote(f.column)}" for f in User._meta.concrete_fields)
    sql = _TOKEN_SQL[connection.vendor] = (
        f"SELECT {columns}, t.id AS api_token_id, t.auth_hash AS api_token_auth_hash, "
        f"t.last_used_at < %s AS api_token_stale "
        f"FROM {user_table} u JOIN {token_table} t ON t.user_id = u.{quote(User._meta.pk.column)} "
        f"WHERE t.key_hash = %s AND t.expires_at > %s AND u.{quote('is_active')}"
    )
    return sql


def token_authenticate(key: str) -> AbstractBaseUser | None:
    """The active user a bearer token belongs to, if the token is unexpired and older than
    no password change. Slides the expiry forward (at most once a minute).

    It runs on every API request, so it is one indexed query through the ORM's public raw
    interface (a compiled ORM join costs a booking about a quarter of its Python time)."""
    if not isinstance(key, str) or not key or len(key) > 200:
        return None
    now = timezone.now()
    User = get_user_model()
    adapt = connection.ops.adapt_datetimefield_value
    stale_before = adapt(now - dt.timedelta(seconds=TOUCH_SECONDS))
    found = list(
        User.objects.raw(_token_sql(connection), [stale_before, _hash_token(key), adapt(now)])
    )
    if not found:
        return None
    user = found[0]
    if not constant_time_compare(user.api_token_auth_hash, user.get_session_auth_hash()):
        return None
    if user.api_token_stale:
        # In a transaction: on SQLite it queues for the write lock like every writer.
        with transaction.atomic():
            ApiToken.objects.filter(pk=user.api_token_id).update(
                last_used_at=now,
                expires_at=Least(Value(_sliding_expiry(now)), F("expires_at_latest")),
            )
    return user


def token_revoke(*, user: AbstractBaseUser, token_id: int) -> None:
    """Revoke one of the user's own tokens."""
    deleted, _per_model = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise NotFound(_("No such token."))


def token_revoke_any(*, token_id: int) -> None:
    """The superuser revokes anyone's token (admin)."""
    ApiToken.objects.filter(pk=token_id).delete()


def tokens_revoke_all(*, user: AbstractBaseUser) -> int:
    deleted, _per_model = ApiToken.objects.filter(user=user).delete()
    return deleted


def tokens_prune(now: dt.datetime | None = None) -> int:
    deleted, _per_model = ApiToken.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def _user_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """A deactivated user loses every token (a password change already voids them)."""
    if not instance.is_active and instance.pk:
        ApiToken.objects.filter(user_id=instance.pk).delete()


def connect_signals() -> None:
    from django.db.models.signals import post_save

    post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="fo_token_revoke")

"""Settings, read from the environment only.

Safe defaults for one machine: SQLite in the data directory, DEBUG off, plain HTTP on
loopback. PostgreSQL when DATABASE_URL says so; HTTPS hardening with FRONTOFFICE_HTTPS=1.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name: str, default: int, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, not {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("FRONTOFFICE_DATA_DIR") or Path.cwd() / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    given = os.environ.get("SECRET_KEY")
    if given:
        return given
    # Generated once into the data directory so that sessions survive restarts and all
    # worker processes agree on it.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        key = secrets.token_urlsafe(64)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(key)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

HTTPS = env_bool("FRONTOFFICE_HTTPS", False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("FRONTOFFICE_HSTS_SUBDOMAINS", True)
    # Preloading binds the whole domain to HTTPS in browsers for years: only when asked for
    # (and then Django's reminder that it is off is not needed).
    SECURE_HSTS_PRELOAD = env_bool("FRONTOFFICE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The pages send the CSRF token from the template (hx-headers), never from the cookie.
CSRF_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "frontoffice.config.apps.FrontofficeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "django_htmx",
    "simple_history",
    "csp",
    "frontoffice.core",
    "frontoffice.customers",
    "frontoffice.billing",
    "frontoffice.lodging",
    "frontoffice.guestservice",
    "frontoffice.procedures",
]

MIDDLEWARE = [
    "frontoffice.core.tenancy.TenancyMiddleware",
    "frontoffice.config.api_errors.ApiErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "frontoffice.config.urls"
WSGI_APPLICATION = "frontoffice.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]


# A request may wait for the write lock up to three times (its token's last use, a booking
# that first extends the inventory, the booking): three times this stays below the 90 s
# after which gunicorn ends a worker, so the answer is a 503.
BUSY_TIMEOUT = float(env_int("FRONTOFFICE_DB_BUSY_TIMEOUT", 20, minimum=1, maximum=25))
# A round trip at the start of every request to find a connection PostgreSQL dropped
# (a restart); off, the first request on such a connection fails once (500) and the
# connection is replaced. On by default costs a booking about a tenth of its time.
DB_HEALTH_CHECKS = env_bool("FRONTOFFICE_DB_HEALTH_CHECKS", False)


def _databases() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=DB_HEALTH_CHECKS)
        if not config["ENGINE"].endswith("postgresql"):
            raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://…)")
        config.setdefault("OPTIONS", {})
        # Parameters bound by the server let psycopg prepare the statements every request
        # repeats: less work per query in the worker and in PostgreSQL (measured ~15 %).
        config["OPTIONS"].setdefault("server_side_binding", True)
        # A wait for a row lock ends with an error (answered 503 busy) instead of hanging.
        config["OPTIONS"].setdefault("options", f"-c lock_timeout={int(BUSY_TIMEOUT * 1000)}")
        if os.environ.get("TEST_DATABASE_NAME"):
            config["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
        return {"default": config}
    return {
        "default": {
            "ENGINE": "frontoffice.core.sqlite",
            "NAME": os.environ.get("FRONTOFFICE_SQLITE_PATH") or DATA_DIR / "frontoffice.sqlite3",
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": False,  # a file cannot go away between requests
            "OPTIONS": {
                # Writers take the lock when the transaction starts, so two writers never
                # deadlock upgrading a read lock ("database is locked").
                "transaction_mode": "IMMEDIATE",
                # How long a writer waits for the write lock (our file lock and SQLite's
                # own) before the request is answered 503 busy.
                "timeout": BUSY_TIMEOUT,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)};"
                ),
            },
            "TEST": {"NAME": os.environ.get("FRONTOFFICE_TEST_SQLITE_PATH") or None},
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = ["frontoffice.core.backends.ThrottledModelBackend"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("nl", _("Dutch")),
    ("de", _("German")),
    ("pl", _("Polish")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Static files are served straight from the installed package, so `frontoffice serve`
# needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Login throttling (shared by all processes through the database).
FRONTOFFICE_LOGIN_MAX_FAILURES = env_int("FRONTOFFICE_LOGIN_MAX_FAILURES", 5, minimum=1)
FRONTOFFICE_LOGIN_MAX_PER_ADDRESS = env_int("FRONTOFFICE_LOGIN_MAX_PER_ADDRESS", 50, minimum=1)
FRONTOFFICE_LOGIN_LOCKOUT_SECONDS = env_int("FRONTOFFICE_LOGIN_LOCKOUT_SECONDS", 300, minimum=1)
# How many proxies of ours stand in front (their X-Forwarded-For is trusted that deep).
FRONTOFFICE_TRUSTED_PROXIES = env_int("FRONTOFFICE_TRUSTED_PROXIES", 0, minimum=0)
# Bearer tokens expire this many days after their last use.
FRONTOFFICE_TOKEN_TTL_DAYS = env_int("FRONTOFFICE_TOKEN_TTL_DAYS", 30, minimum=1)

# Content-Security-Policy: scripts and styles from this site only, no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

NINJA_PAGINATION_MAX_LIMIT = 200

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Card payments: the gateway class (billing/gateway.py; the default is the test gateway,
# which knows the tokens tok_visa, tok_declined, tok_timeout, …) and how long the test
# gateway's tok_timeout waits before it fails.
FRONTOFFICE_PAYMENT_GATEWAY = os.environ.get(
    "FRONTOFFICE_PAYMENT_GATEWAY", "frontoffice.billing.gateway.TestGateway"
)
FRONTOFFICE_GATEWAY_TIMEOUT = (
    env_int("FRONTOFFICE_GATEWAY_TIMEOUT_MS", 10000, minimum=0, maximum=120000) / 1000
)


def email_settings(environ) -> dict:
    """Outgoing mail: the console by default (messages appear in the server's log); SMTP
    when EMAIL_URL (smtp://user:pass@host:587?tls=1, smtps://user:pass@host:465) or
    EMAIL_HOST is given. Hand-parsed: a few fields do not need a dependency."""
    from urllib.parse import parse_qs, unquote, urlsplit

    smtp = "django.core.mail.backends.smtp.EmailBackend"
    url = environ.get("EMAIL_URL", "").strip()
    sender = environ.get("DEFAULT_FROM_EMAIL", "").strip() or "frontoffice@localhost"
    if url:
        parts = urlsplit(url)
        if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
            raise ImproperlyConfigured(
                f"EMAIL_URL must be smtp://… or smtps://… with a host, not {parts.scheme!r}"
            )
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured("EMAIL_URL has a bad port") from None
        query = {k: v[-1].strip().lower() for k, v in parse_qs(parts.query).items()}
        ssl = parts.scheme == "smtps" or query.get("ssl") in {"1", "true", "yes", "on"}
        tls = not ssl and query.get("tls") in {"1", "true", "yes", "on"}
        return {
            "EMAIL_BACKEND": smtp,
            "EMAIL_HOST": parts.hostname,
            "EMAIL_PORT": port or (465 if ssl else 587 if tls else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_TLS": tls,
            "EMAIL_USE_SSL": ssl,
            "EMAIL_TIMEOUT": 20,
            "DEFAULT_FROM_EMAIL": sender,
        }
    if environ.get("EMAIL_HOST", "").strip():
        raw_port = environ.get("EMAIL_PORT", "").strip() or "25"
        if not raw_port.isdigit():
            raise ImproperlyConfigured(f"EMAIL_PORT must be a whole number, not {raw_port!r}")
        flag = {"1", "true", "yes", "on"}
        return {
            "EMAIL_BACKEND": smtp,
            "EMAIL_HOST": environ["EMAIL_HOST"].strip(),
            "EMAIL_PORT": int(raw_port),
            "EMAIL_HOST_USER": environ.get("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": environ.get("EMAIL_HOST_PASSWORD", ""),
            "EMAIL_USE_TLS": environ.get("EMAIL_USE_TLS", "").strip().lower() in flag,
            "EMAIL_USE_SSL": environ.get("EMAIL_USE_SSL", "").strip().lower() in flag,
            "EMAIL_TIMEOUT": 20,
            "DEFAULT_FROM_EMAIL": sender,
        }
    return {
        "EMAIL_BACKEND": environ.get("EMAIL_BACKEND")
        or "django.core.mail.backends.console.EmailBackend",
        "DEFAULT_FROM_EMAIL": sender,
    }


_EMAIL = email_settings(os.environ)
EMAIL_BACKEND = _EMAIL["EMAIL_BACKEND"]
DEFAULT_FROM_EMAIL = _EMAIL["DEFAULT_FROM_EMAIL"]
EMAIL_HOST = _EMAIL.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _EMAIL.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _EMAIL.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _EMAIL.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _EMAIL.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _EMAIL.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = _EMAIL.get("EMAIL_TIMEOUT", 20)

"""Veilig settings: one module, driven by the environment.

Every variable is parsed strictly: a value that does not parse stops the start-up with a
message that names the variable, instead of silently falling back to a default.
Secrets may be given as ``NAME_FILE`` (a path whose contents are the value).
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from veilig.registry.keyformat import split_keys, validate_keys

# Lets admin and other generic classes be subscripted at run time, as the type stubs describe them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    """A string from ``NAME`` or from the file named by ``NAME_FILE``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE cannot be read: {exc}") from exc
    value = os.environ.get(name)
    if value is not None:
        return value
    if default is None:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return default


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# Placeholders a tile URL template must hold, each exactly once (Leaflet's XYZ/WMTS scheme).
_TILE_PLACEHOLDERS = ("{z}", "{x}", "{y}")


def env_tile_url(name: str, *, allow_http: bool = False) -> str:
    """An XYZ/WMTS tile URL template (``https://host/.../{z}/{x}/{y}.png``), or '' when unset.

    Strict, because the value goes into every map page and into the Content-Security-Policy:
    https only (http only when ``allow_http``, for a tile server on the developer's machine), a
    host, no user name or password, no fragment, no spaces, quotes or angle brackets, and
    exactly the placeholders ``{z}``, ``{x}`` and ``{y}``, each once.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    problem = tile_url_problem(raw, allow_http=allow_http)
    if problem:
        raise ImproperlyConfigured(f"{name} {problem}, not {raw!r}.")
    return raw


def tile_url_problem(url: str, *, allow_http: bool = False) -> str:
    """What is wrong with a tile URL template ('' when nothing is); see :func:`env_tile_url`."""
    schemes = ("https", "http") if allow_http else ("https",)
    parts = urlsplit(url)
    if parts.scheme not in schemes:
        return "must start with https://" + (" or http://" if allow_http else "")
    if not parts.hostname or parts.username is not None or parts.password is not None:
        return "must name a host (and no user name or password)"
    if parts.fragment or any(c.isspace() or c in "\"'<>`\\" for c in url):
        return "may not hold a fragment, spaces, quotes, backslashes or angle brackets"
    if any(url.count(p) != 1 for p in _TILE_PLACEHOLDERS):
        return "must hold {z}, {x} and {y}, each exactly once"
    rest = url
    for placeholder in _TILE_PLACEHOLDERS:
        rest = rest.replace(placeholder, "")
    if "{" in rest or "}" in rest:
        return "may hold no placeholders other than {z}, {x} and {y}"
    if "{" in parts.netloc or "}" in parts.netloc:
        return "must have a fixed host (no placeholder in it)"
    return ""


def tile_origin(url: str) -> str:
    """The origin of a checked tile URL (scheme, host, port), as the CSP names a source."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def env_site_url(name: str, default: str | None) -> str:
    """The site's own address (``https://veilig.voorbeeldstad.nl``), for links in e-mails.

    Strict, because every notification e-mail carries it: https (http only in DEBUG and demo
    mode), a host, no user name or password, no path other than ``/``, no query, no fragment.
    Returned without the trailing slash.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        if default is None:
            raise ImproperlyConfigured(f"Set the environment variable {name}.")
        return default
    problem = site_url_problem(raw, allow_http=DEBUG or DEMO_MODE)
    if problem:
        raise ImproperlyConfigured(f"{name} {problem}, not {raw!r}.")
    return raw.rstrip("/")


def site_url_problem(url: str, *, allow_http: bool = False) -> str:
    """What is wrong with a site address ('' when nothing is); see :func:`env_site_url`."""
    schemes = ("https", "http") if allow_http else ("https",)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "is not a valid address"
    if parts.scheme not in schemes:
        return "must start with https://" + (" or http://" if allow_http else "")
    if not parts.hostname or parts.username is not None or parts.password is not None:
        return "must name a host (and no user name or password)"
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return "must be the site's address only (no path, query or fragment)"
    if any(c.isspace() or c in "\"'<>`\\{}" for c in url):
        return "may not hold spaces, quotes, braces, backslashes or angle brackets"
    return ""


def env_text(name: str, default: str, *, max_length: int) -> str:
    """One line of plain text: no markup characters, no control characters, not too long."""
    value = os.environ.get(name, default).strip()
    if len(value) > max_length:
        raise ImproperlyConfigured(f"{name} may be at most {max_length} characters long.")
    if any(c in "<>" or not c.isprintable() for c in value):
        raise ImproperlyConfigured(
            f"{name} must be one line of plain text (no < or >, no control characters)."
        )
    return value


# --- Core -----------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=False)
# Demo mode: the synthetic city, visible demo banner, optional 2FA. Never in production.
DEMO_MODE = env_bool("VEILIG_DEMO", default=False)

_INSECURE_DEV_KEY = "insecure-development-key-never-use-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY", default=_INSECURE_DEV_KEY if (DEBUG or DEMO_MODE) else None)
if not (DEBUG or DEMO_MODE) and SECRET_KEY == _INSECURE_DEV_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set outside DEBUG and demo mode.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or DEMO_MODE else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin with Veilig's site: audited changes, the styled 403 (web/admin_site.py).
    "veilig.web.admin_config.VeiligAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # backup codes (stored hashed, see accounts/two_factor)
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "veilig.accounts",
    "veilig.notifications",
    "veilig.geo",
    "veilig.registry",
    "veilig.audit",
    "veilig.consultations",
    "veilig.cases",
    "veilig.access",
    "veilig.events",
    "veilig.signals",
    "veilig.intel",
    "veilig.privacy",
    "veilig.ui",
    "veilig.web",
    "veilig.demo",
    "veilig.scheduler",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so that static files get the policy headers too (docs/ui.md).
    "csp.middleware.CSPMiddleware",
    "veilig.web.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "veilig.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "veilig.web.middleware.NotFoundMiddleware",
]

ROOT_URLCONF = "veilig.urls"
WSGI_APPLICATION = "veilig.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "veilig" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "veilig.web.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------

VAR_DIR = Path(env_str("VEILIG_VAR_DIR", default=str(BASE_DIR / "var")))
_DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'veilig.sqlite3'}"
DATABASE_URL = env_str("DATABASE_URL", default=_DEFAULT_SQLITE)
try:
    _db: dict[str, Any] = dict(dj_database_url.parse(DATABASE_URL, conn_max_age=60))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {exc}") from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASE_URL == _DEFAULT_SQLITE:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers work beside one writer; FULL makes every commit durable.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
    }
    _db["CONN_MAX_AGE"] = 0
    # Tests use a file too (not Django's in-memory default): the live server of the browser
    # tests then gives each request thread its own connection, as production does.
    _db_file = Path(str(_db["NAME"]))
    _db["TEST"] = {"NAME": str(_db_file.with_name(f"test-{_db_file.name}"))}
elif _db["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL.")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The functional administrator's permissions in /beheer/ follow from its role.
    "veilig.accounts.permissions.AdministratorRoleBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Two-factor authentication (TOTP) is required for every role. Only demo mode may relax it,
# and then every page shows a banner saying so.
TWO_FACTOR_REQUIRED = env_bool("VEILIG_2FA_REQUIRED", default=not DEMO_MODE)
if not TWO_FACTOR_REQUIRED and not DEMO_MODE:
    raise ImproperlyConfigured("VEILIG_2FA_REQUIRED may only be false in demo mode.")
OTP_TOTP_ISSUER = "Veilig"
# First enrolment needs a one-time activation code from a functional administrator, valid for
# this many hours (docs/accounts.md).
TWO_FACTOR_ACTIVATION_HOURS = env_int("VEILIG_ACTIVATION_CODE_HOURS", 72, minimum=1)

# Reverse proxies in front of the application that each append the address they received a
# request from to X-Forwarded-For (the TLS proxy: 1). 0: the header is ignored and the address
# of the connection is the client's. The audit log's origin and the lockout below both take the
# client address from `veilig.audit.origin.client_address` (django-ipware), so they agree.
TRUSTED_PROXY_COUNT = env_int("VEILIG_TRUSTED_PROXY_COUNT", 0, minimum=0)

# Lockout after repeated failures (django-axes), per user name and client address: behind the
# proxy the client address is the real one, so a stranger elsewhere cannot lock a user out.
AXES_CLIENT_IP_CALLABLE = "veilig.audit.origin.client_address"
AXES_FAILURE_LIMIT = env_int("VEILIG_LOCKOUT_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("VEILIG_LOCKOUT_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Idle timeout: the session cookie is renewed on every request and expires after this idle time.
SESSION_IDLE_TIMEOUT_MINUTES = env_int("VEILIG_SESSION_IDLE_MINUTES", 15, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security headers (production) ----------------------------------------------------------

SECURE_HTTPS = env_bool("VEILIG_HTTPS", default=not (DEBUG or DEMO_MODE))
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_HTTPS else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Maps (docs/maps.md) --------------------------------------------------------------------

# The base layer of every map: an XYZ/WMTS tile URL template. Off by default; then the maps draw
# the local street layer (the demo city's streets) and need no tile server. In production, e.g.
# PDOK BRT-Achtergrondkaart: https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/
# EPSG:3857/{z}/{x}/{y}.png with the attribution "Kaartgegevens © Kadaster".
MAP_TILES_URL = env_tile_url("VEILIG_MAP_TILES_URL", allow_http=DEBUG)
# Shown on the map (the tile licence asks for it); required with a tile URL.
MAP_TILES_ATTRIBUTION = env_text("VEILIG_MAP_TILES_ATTRIBUTION", "", max_length=200)
MAP_TILES_MAX_ZOOM = env_int("VEILIG_MAP_TILES_MAX_ZOOM", 19, minimum=1)
if MAP_TILES_MAX_ZOOM > 22:
    raise ImproperlyConfigured(
        f"VEILIG_MAP_TILES_MAX_ZOOM must be at most 22, not {MAP_TILES_MAX_ZOOM}."
    )
if MAP_TILES_URL and not MAP_TILES_ATTRIBUTION:
    raise ImproperlyConfigured(
        "VEILIG_MAP_TILES_ATTRIBUTION must be set with VEILIG_MAP_TILES_URL (the tile licence "
        'asks for it), e.g. "Kaartgegevens © Kadaster".'
    )


# Content-Security-Policy on every response (django-csp; docs/ui.md). Scripts and styles only from
# our own static files: no inline <script>, no on*= handlers, no style="" attributes, no eval.
# data: images are the design system's inline SVG icons and the empty favicon. File downloads get
# "default-src 'none'; sandbox" instead (veilig.web.security); a view's own policy is kept.
def content_security_policy(*, tile_url: str = "") -> dict[str, Any]:
    """The policy; the tile server of the base map may serve images only when one is set."""
    return {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:", *([tile_origin(tile_url)] if tile_url else [])],
            "font-src": ["'self'"],
            "connect-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "frame-ancestors": ["'none'"],
            "form-action": ["'self'"],
        },
    }


CONTENT_SECURITY_POLICY = content_security_policy(tile_url=MAP_TILES_URL)

# Permissions-Policy on every response (veilig.web.security): every powerful browser feature off,
# except the location of the signal form's "use my location" button.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": [],
    "geolocation": ["self"],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

# --- E-mail ---------------------------------------------------------------------------------

EMAIL_HOST = env_str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="veilig@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's own address: notification e-mails carry a link to it and nothing else
# (docs/notifications.md). Required outside DEBUG and demo mode.
SITE_URL = env_site_url(
    "VEILIG_SITE_URL", default="http://localhost:8000" if DEBUG or DEMO_MODE else None
)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG or DEMO_MODE
    else "django.core.mail.backends.smtp.EmailBackend",
)

# --- Internationalisation -------------------------------------------------------------------

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "veilig" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "veilig" / "static"]
STATIC_ROOT = Path(env_str("VEILIG_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Hashed, compressed file names (long browser caching) need `collectstatic`; without it
# (the test suite) VEILIG_STATIC_MANIFEST=false serves the files under their own names.
STATIC_MANIFEST = env_bool("VEILIG_STATIC_MANIFEST", default=not (DEBUG or DEMO_MODE))
# Without collectstatic (demo, tests) WhiteNoise serves the files straight from the app folders.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
if not STATIC_MANIFEST:
    warnings.filterwarnings("ignore", message="No directory at: ")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# --- API ------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    # A choke point's NotFound (veilig.access.errors) is a 404, as for a missing record.
    "EXCEPTION_HANDLER": "veilig.web.api.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Veilig API",
    "DESCRIPTION": "API van Veilig, het informatieplatform voor het Zorg- en Veiligheidshuis.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "NotificationKindEnum": "veilig.notifications.vocabulary.NotificationKind",
    },
}

# --- Background tasks -----------------------------------------------------------------------

# django-tasks with its database backend: `manage.py veilig_worker` runs the enqueued tasks and
# enqueues the periodic ones below when due (veilig/scheduler). Tests use the same backend and
# run the worker explicitly.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The chain head of the access log is written this often to the anchor file (docs/audit.md).
AUDIT_ANCHOR_MINUTES = env_int("VEILIG_AUDIT_ANCHOR_MINUTES", 60, minimum=1)
# Append-only, outside the database; keep it on another machine or write-once storage.
AUDIT_ANCHOR_FILE = Path(
    env_str("VEILIG_AUDIT_ANCHOR_FILE", default=str(VAR_DIR / "audit-anchors.jsonl"))
)
# The early-warning rules are evaluated this often (docs/signals.md); no cron needed.
EARLY_WARNING_MINUTES = env_int("VEILIG_EARLY_WARNING_MINUTES", 15, minimum=1)
# The daily digest of notifications goes out at the first look of the worker after this local
# hour (0-23; docs/notifications.md).
NOTIFICATION_DIGEST_HOUR = env_int("VEILIG_NOTIFICATION_DIGEST_HOUR", 7)
if NOTIFICATION_DIGEST_HOUR > 23:
    raise ImproperlyConfigured(
        f"VEILIG_NOTIFICATION_DIGEST_HOUR must be an hour of the day (0-23), "
        f"not {NOTIFICATION_DIGEST_HOUR}."
    )
# name → (dotted path of a django-tasks task, interval in minutes)
PERIODIC_TASKS: dict[str, tuple[str, int]] = {
    "audit_anchor": ("veilig.audit.tasks.audit_anchor", AUDIT_ANCHOR_MINUTES),
    "early_warning": ("veilig.signals.tasks.early_warning", EARLY_WARNING_MINUTES),
    # Hourly: an action whose deadline passed comes back on its table's next agenda by itself.
    "agendas_refresh": ("veilig.consultations.tasks.agendas_refresh", 60),
    # Both look every quarter of an hour; each acts once a day (digest per user, warning per
    # action), so a worker that was down catches up at its next look.
    "notification_digest": ("veilig.notifications.tasks.notification_digest", 15),
    "actions_due_soon": ("veilig.cases.notifying.actions_due_soon", 15),
}

# --- Logging: no personal data; requests are not logged with their query strings ------------

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="WARNING")},
}

# --- Domain settings ------------------------------------------------------------------------

# Size of a forecast grid cell in metres (the Dutch police's CAS used 125 m).
GRID_CELL_METRES = env_int("VEILIG_GRID_CELL_METRES", 125, minimum=10)
# Aggregates shown to roles without case access suppress cells below this count.
DISCLOSURE_THRESHOLD = env_int("VEILIG_DISCLOSURE_THRESHOLD", 5, minimum=1)

# Keys for personal data (docs/security.md). Both are 32 random bytes in urlsafe base64, e.g. from
# `python -c "import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())"`, and
# must differ from each other and from SECRET_KEY; a missing, malformed or shared key stops the
# start-up. Only DEBUG and demo mode (which need no secrets, like SECRET_KEY) may leave them empty:
# then they are derived from SECRET_KEY, and `check --deploy` says so.
KEYS_MAY_BE_DERIVED = DEBUG or DEMO_MODE
# Encrypts the BSN at rest and keys its search digest. Keep it out of the database's backups.
FIELD_ENCRYPTION_KEY = env_str("VEILIG_FIELD_ENCRYPTION_KEY", default="").strip()
# Earlier encryption keys, only to decrypt until `manage.py bsn_reencrypt` has moved every BSN to
# the current key (key rotation); separated by commas.
FIELD_ENCRYPTION_KEYS_OLD = split_keys(env_str("VEILIG_FIELD_ENCRYPTION_KEYS_OLD", default=""))
# Key of the keyed hash (HMAC) that pseudonymises persons and addresses for analytics; separate
# from the encryption key so that analysts' data cannot be decrypted with it. Changing it changes
# every pseudonym (it cannot be rotated; see docs/security.md).
PSEUDONYM_KEY = env_str("VEILIG_PSEUDONYM_KEY", default="").strip()
validate_keys(
    field_key=FIELD_ENCRYPTION_KEY,
    old_field_keys=FIELD_ENCRYPTION_KEYS_OLD,
    pseudonym_key=PSEUDONYM_KEY,
    secret_key=SECRET_KEY,
    may_derive=KEYS_MAY_BE_DERIVED,
)

# Case documents live outside the static and media roots; only the access-checked view serves them.
DOCUMENTS_ROOT = Path(env_str("VEILIG_DOCUMENTS_ROOT", default=str(VAR_DIR / "documents")))
DOCUMENT_MAX_BYTES = env_int("VEILIG_DOCUMENT_MAX_MB", 20, minimum=1) * 1024 * 1024
DOCUMENT_CONTENT_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "text/plain": ".txt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}
# Event imports (docs/events.md, Limits): a file past a limit is refused before it is parsed
# or when the limit is reached; a job past its time or memory budget stops. The run fails with
# the reason either way.
IMPORT_MAX_UPLOAD_BYTES = env_int("VEILIG_IMPORT_MAX_UPLOAD_MB", 200, minimum=1) * 1024 * 1024
IMPORT_MAX_COLUMNS = env_int("VEILIG_IMPORT_MAX_COLUMNS", 500, minimum=10)
IMPORT_MAX_CELL_CHARS = env_int("VEILIG_IMPORT_MAX_CELL_CHARS", 32_768, minimum=256)
IMPORT_MAX_ROWS = env_int("VEILIG_IMPORT_MAX_ROWS", 5_000_000, minimum=1)
IMPORT_MAX_UNCOMPRESSED_BYTES = (
    env_int("VEILIG_IMPORT_MAX_UNCOMPRESSED_MB", 500, minimum=1) * 1024 * 1024
)
IMPORT_MAX_COMPRESSION_RATIO = env_int("VEILIG_IMPORT_MAX_COMPRESSION_RATIO", 100, minimum=2)
IMPORT_MAX_SECONDS = env_int("VEILIG_IMPORT_MAX_SECONDS", 3600, minimum=1)
IMPORT_MAX_MEMORY_BYTES = env_int("VEILIG_IMPORT_MAX_MEMORY_MB", 2048, minimum=64) * 1024 * 1024
# Break-the-glass access lasts this long before it must be asked for again.
BREAK_GLASS_HOURS = env_int("VEILIG_BREAK_GLASS_HOURS", 8, minimum=1)
# The contact address printed in the letterhead of the AVG art. 15 report (e.g. the privacy
# officer's functional mailbox); empty leaves the line out.
PRIVACY_CONTACT = env_str("VEILIG_PRIVACY_CONTACT", default="").strip()

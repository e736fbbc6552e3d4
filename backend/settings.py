"""Liaison settings. Every deploy-specific value comes from an environment variable (see README)."""
import base64
import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from backend import storage_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
_DEV_SECRET = "liaison-insecure-development-key-do-not-use-in-production-0123456789"
SECRET_KEY = os.environ.get("SECRET_KEY") or _DEV_SECRET
if not DEBUG and SECRET_KEY == _DEV_SECRET and env_bool("LIAISON_REQUIRE_SECRETS", False):
    raise ImproperlyConfigured("SECRET_KEY must be set in production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "audit",
    "events",
    "delegations",
    "badges",
    "feeds",
    "checkin",
    "office",
    "correspondence",
    "spreadsheets",
    "accounts",
    "privacy",
    "portal",
]

MIDDLEWARE = [
    "backend.health.HealthCheckMiddleware",
    "backend.query_guard.QueryStringGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "backend.errors.StorageUnavailableMiddleware",
]

ROOT_URLCONF = "backend.urls"
WSGI_APPLICATION = "backend.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "backend" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

VAR_DIR = Path(os.environ.get("LIAISON_VAR_DIR", BASE_DIR / "var"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'liaison.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # A transaction takes the write lock when it begins (waiting up to `timeout` for it), not when
    # it first writes: one that has read cannot then find the lock taken and fail with "database
    # is locked". WAL lets readers go on while a write is under way.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL;"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "core" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Guest photos (events.models.uploads): never under /media/; served by the rights-checking /photos/ view.
    "guest_photos": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"base_url": "/photos/"}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Printed badge sheets: by default under BADGE_BATCH_ROOT (below), never at a public URL.
    "badge_sheets": {"BACKEND": "badges.storage.BadgeSheetStorage"},
    # Uploaded guest spreadsheets (passport numbers inside): under SPREADSHEET_IMPORT_ROOT, no URL, kept a day at most.
    "spreadsheet_imports": {"BACKEND": "spreadsheets.storage.ImportFileStorage"},
}
if DEBUG or env_bool("LIAISON_TESTING", False):
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Uploads: photos are small; anything larger is refused before it reaches Pillow.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024


def _field_encryption_key():
    """32 bytes for AES-256-GCM. Accepts a urlsafe-base64 32-byte key, or derives one from any passphrase."""
    raw = os.environ.get("FIELD_ENCRYPTION_KEY")
    if not raw:
        if env_bool("LIAISON_REQUIRE_SECRETS", False):
            raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set in production")
        raw = "liaison-development-field-key"
    try:
        key = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        if len(key) == 32:
            return key
    except (ValueError, TypeError):
        pass
    return hashlib.sha256(("liaison-field-key:" + raw).encode()).digest()


FIELD_ENCRYPTION_KEY = _field_encryption_key()

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "core.api.filtering.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # How many proxies in front set X-Forwarded-For: the client's address is the one they saw. 0: REMOTE_ADDR.
    "NUM_PROXIES": int(os.environ.get("NUM_PROXIES", "0")),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Liaison API",
    "DESCRIPTION": "Events, guests, delegations, itineraries, calendar feeds, badges and check-in.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Group the docs by what follows the event: guests, delegations, feeds, checkin… (not one "api" heap).
    "SCHEMA_PATH_PREFIX": r"/api/v1(/events/\{event_slug\})?",
    # The API docs must work on a government network without internet: assets from our own static files.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.document_error_responses",
        "core.api.schema.allow_blank_strings",
    ],
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "core.multilingual.CONTENT_LANGUAGES",
        "GuestLanguageEnum": "core.multilingual.GUEST_LANGUAGES",
        "GuestCategoryEnum": "events.models.guest.GuestCategory",
        "GuestStatusEnum": "events.models.guest.GuestStatus",
        "ScanResultEnum": "checkin.models.scan.ScanResult",
        "ScanDirectionEnum": "checkin.models.checkpoint.Direction",
        "CheckpointDirectionEnum": "checkin.models.checkpoint.CheckpointDirection",
        "ItineraryItemKindEnum": "delegations.models.itinerary.ItineraryItem.Kind",
        "ItineraryItemStatusEnum": "delegations.models.itinerary.ItineraryItem.Status",
        "MessageKindEnum": "correspondence.models.template.MessageKind",
        "LetterKindEnum": "correspondence.models.letter.LetterKind",
        "GuestImportStatusEnum": "spreadsheets.models.ImportStatus",
    },
}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# Queues, one per kind of work, so each can have workers of its own (README "Running on several
# hosts"): default, badges (print runs), mail (sending), imports (spreadsheet checks), maintenance
# (the beat schedule's sweeps). A worker for everything: `-Q default,badges,mail,imports,maintenance`.
CELERY_QUEUES_ALL = ("default", "badges", "mail", "imports", "maintenance")
CELERY_TASK_DEFAULT_QUEUE = "default"
MAIL_QUEUE = os.environ.get("MAIL_QUEUE", "mail")
CELERY_TASK_ROUTES = {
    "badges.tasks.recover_interrupted_badge_batches": {"queue": "maintenance"},
    "badges.tasks.*": {"queue": "badges"},
    "correspondence.tasks.recover_interrupted_messages": {"queue": "maintenance"},
    "correspondence.tasks.*": {"queue": MAIL_QUEUE},
    "spreadsheets.tasks.check_import": {"queue": "imports"},
    "spreadsheets.tasks.discard_stale_imports": {"queue": "maintenance"},
    "privacy.*": {"queue": "maintenance"},
    "core.tasks.*": {"queue": "maintenance"},
}
# A message taken by a worker that dies (SIGKILL, lost host) is given to another worker after this
# long (Redis broker); the recovery sweeps below hand on dead workers' work sooner.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))}
# The one schedule of the project: run exactly one `celery -A backend beat` (README).
CELERY_BEAT_SCHEDULE = {
    # Daily: personal data of events past their retention (privacy.tasks).
    "purge-personal-data": {"task": "privacy.purge_personal_data", "schedule": 24 * 60 * 60},
    # Every minute: parts of badge batches whose worker died go to the queue again.
    "badges-recover-interrupted": {"task": "badges.tasks.recover_interrupted_badge_batches", "schedule": 60.0},
    # Daily: expired sign-in sessions deleted (django.contrib.sessions).
    "clear-expired-sessions": {"task": "core.tasks.clear_expired_sessions", "schedule": 24 * 60 * 60},
}

# Security: production values come from the environment; `check --deploy` is clean when DEBUG is off.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "backend.log_redaction.RedactSecretsFilter"}},
    "formatters": {"django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}",
                                     "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["redact_secrets"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own defaults would also write "django" records (under DEBUG) and runserver's request
    # lines through handlers without the filter: replaced here by ones with it.
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

LOGIN_URL = "/admin/login/"

# Serve uploaded media from Django itself (demo / single-host installs); behind a real web server, leave off.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)

# Public base URL of calendar feeds (e.g. https://liaison.example.org); default: the request's host.
FEEDS_PUBLIC_URL = os.environ.get("FEEDS_PUBLIC_URL", "").rstrip("/")

# A shared cache (Redis) for rendered calendar entries, so every web process reuses them.
# Without CACHE_URL each process keeps its own in-memory cache. With several web processes CACHE_URL
# must be set: the default cache is then Redis too, so no process answers from its own stale copy.
CACHES = {"default": (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["CACHE_URL"],
     "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "liaison")}
    if os.environ.get("CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
)}
CACHES["feeds"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["CACHE_URL"],
     "TIMEOUT": None, "KEY_PREFIX": "liaison-feeds"}
    if os.environ.get("CACHE_URL")
    # Keys are hashes of content (never stale); room for a large event's VEVENTs, about 40 MB.
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "liaison-feeds",
          "TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 50_000}}
)

# Failed sign-ins (admin, desk) and unknown API tokens: after this many failures within the window,
# that username or address gets 429 until the window has passed (accounts.domain.throttle). 0: no limit.
THROTTLE_LOGIN_FAILURES_PER_USER = int(os.environ.get("THROTTLE_LOGIN_FAILURES_PER_USER", "5"))
THROTTLE_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("THROTTLE_LOGIN_FAILURES_PER_ADDRESS", "20"))
THROTTLE_TOKEN_FAILURES_PER_ADDRESS = int(os.environ.get("THROTTLE_TOKEN_FAILURES_PER_ADDRESS", "20"))
THROTTLE_WINDOW_SECONDS = int(os.environ.get("THROTTLE_WINDOW_SECONDS", "900"))
# The counters must be shared by every web process: in Redis with CACHE_URL; else per process.
CACHES["throttle"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["CACHE_URL"],
     "KEY_PREFIX": "liaison-throttle"}
    if os.environ.get("CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "liaison-throttle"}
)
# API tokens expire after this many days unless their creator chooses (0: no default expiry).
API_TOKEN_DEFAULT_DAYS = int(os.environ.get("API_TOKEN_DEFAULT_DAYS", "365"))
# The focal-point portal (portal/): sign-in links' life, portal sessions' life, largest passport scan.
PORTAL_LINK_DAYS = int(os.environ.get("PORTAL_LINK_DAYS", "14"))
PORTAL_SESSION_HOURS = int(os.environ.get("PORTAL_SESSION_HOURS", "12"))
PORTAL_SCAN_MAX_BYTES = int(os.environ.get("PORTAL_SCAN_MAX_BYTES", str(4 * 1024 * 1024)))
PORTAL_PUBLIC_URL = os.environ.get("PORTAL_PUBLIC_URL", "").rstrip("/")

# Printed badge sheets (PDFs with QR codes): outside MEDIA_ROOT, served only to authorised users.
# Web and worker processes must share this directory.
BADGE_BATCH_ROOT = Path(os.environ.get("BADGE_BATCH_ROOT", VAR_DIR / "badge-batches"))
# Badges a worker loads and draws at a time: its memory for a batch is bounded by this, not the batch size.
BADGE_BATCH_CHUNK_SIZE = int(os.environ.get("BADGE_BATCH_CHUNK_SIZE", "500"))
# A batch is split into parts of about this many badges (whole pages), which several workers render at
# once; the last one joins them. A part whose worker stopped beating this long is taken over.
BADGE_BATCH_PART_SIZE = int(os.environ.get("BADGE_BATCH_PART_SIZE", "1000"))
BADGE_PART_LEASE_SECONDS = int(os.environ.get("BADGE_PART_LEASE_SECONDS", "300"))

# Mail (correspondence): EMAIL_URL smtp://user:pass@host:587?tls=1 or smtps://host:465; unset, messages
# are written as .eml files under MAIL_ROOT/outbox/ (the admin opens them). Sending runs in the Celery
# queue MAIL_QUEUE ("mail"): run a worker with `-Q mail` (or all queues, see CELERY_QUEUES_ALL).
EMAIL_URL = os.environ.get("EMAIL_URL", "")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Liaison <liaison@localhost>")
MAIL_ROOT = Path(os.environ.get("MAIL_ROOT", VAR_DIR / "mail"))
MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "6"))
MAIL_RETRY_BASE_SECONDS = int(os.environ.get("MAIL_RETRY_BASE_SECONDS", "30"))
MAIL_SENDING_LEASE_SECONDS = int(os.environ.get("MAIL_SENDING_LEASE_SECONDS", "600"))
MAIL_ATTACHMENTS_MAX_BYTES = int(os.environ.get("MAIL_ATTACHMENTS_MAX_BYTES", str(10 * 1024 * 1024)))
LETTERS_PUBLIC_URL = os.environ.get("LETTERS_PUBLIC_URL", "").rstrip("/")
CELERY_BEAT_SCHEDULE["mail-recover-interrupted"] = {"task": "correspondence.tasks.recover_interrupted_messages", "schedule": 60.0}
STORAGES["mail"] = {"BACKEND": "correspondence.storage.MailStorage"}
# Guest spreadsheet imports (spreadsheets app): uploads kept outside MEDIA_ROOT until committed or a day old.
SPREADSHEET_IMPORT_ROOT = Path(os.environ.get("SPREADSHEET_IMPORT_ROOT", VAR_DIR / "spreadsheet-imports"))
SPREADSHEET_IMPORT_MAX_BYTES = int(os.environ.get("SPREADSHEET_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
SPREADSHEET_IMPORT_MAX_ROWS = int(os.environ.get("SPREADSHEET_IMPORT_MAX_ROWS", "20000"))
CELERY_BEAT_SCHEDULE["discard-stale-spreadsheet-imports"] = {"task": "spreadsheets.tasks.discard_stale_imports", "schedule": 3600.0}

# Files: in the local folders above, unless STORAGE_URL or S3_BUCKET names an S3-compatible bucket; then
# every named storage keeps its files there under its own key prefix (backend/storage_settings.py).
LOCAL_STORAGES = {name: dict(config) for name, config in STORAGES.items()}  # `move_files_to_storage` reads these
OBJECT_STORAGE = storage_settings.bucket_options(os.environ)
if OBJECT_STORAGE:
    STORAGES.update(storage_settings.bucket_storages(OBJECT_STORAGE, MEDIA_URL))
# Set (e.g. /_stored/), file downloads that passed the rights checks are handed to the proxy in front with
# X-Accel-Redirect: <prefix><object key or path under VAR_DIR> instead of streamed by Django (core/downloads.py).
STORAGE_X_ACCEL_PREFIX = os.environ.get("STORAGE_X_ACCEL_PREFIX", "")

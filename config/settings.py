"""Spindle's settings: one module, driven by the environment.

Every variable is read through a small helper that fails at start with a message naming the
variable when its value is bad, so a typo never turns into a silently different deployment.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SPINDLE_VAR_DIR") or BASE_DIR / "var")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}")
    return value


def env_float(name: str, default: float, *, minimum: float, maximum: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number; got {raw!r}") from None
    if not minimum <= value <= maximum:
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}; got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}; got {value!r}")
    return value


ENVIRONMENT = env_choice("SPINDLE_ENV", ("development", "production"), "development")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when SPINDLE_ENV=production")


# Keys everyone can read, so never secret: .env.example's placeholder (and any "change me").
_PUBLISHED_SECRET_KEYS = {
    "change-me-to-at-least-50-random-characters-python-c-secrets-token-urlsafe-64",
}


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        if PRODUCTION:
            _refuse_a_weak_secret_key(key)
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY is required when SPINDLE_ENV=production")
    # Local runs: generate a key once and keep it, so sessions survive a restart.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _refuse_a_weak_secret_key(key: str) -> None:
    if len(key) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production")
    normalised = key.lower().replace("_", "-")
    if (
        key in _PUBLISHED_SECRET_KEYS
        or "change-me" in normalised
        or "changeme" in normalised
        or key.startswith("django-insecure-")  # what startproject writes for development
        or len(set(key)) < 5
    ):
        raise ImproperlyConfigured(
            "SECRET_KEY looks like a placeholder or an example, not a secret: generate one with "
            "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when SPINDLE_ENV=production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "adminsortable2",  # drag-and-drop ordering of chapters and lessons
    "nested_admin",  # a dialogue's transcript lines nested in the lesson page, sortable
    "accounts",
    "courses",
    "exercises",
    "quizzes",
    "teaching",
    "reviews",
    "games",
]

MIDDLEWARE = [
    "config.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Near the top, as Django's docs say: it compresses what every middleware below wrote.
    # Whitenoise goes above it (see below) and answers static files with their own .br/.gz.
    "config.middleware.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    # Last, so its page for a body over the limit gets every header above.
    "config.middleware.RequestTooLargeMiddleware",
]

if PRODUCTION:
    # Serves collected static files from gunicorn; in development runserver does it.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["template_partials.templatetags.partials"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite under var/ when nothing is configured, so `make run` works on a bare machine.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'spindle.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "").strip()

if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, except that a Redis outage is a run of misses, not errors.
            "BACKEND": "config.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "spindle"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# What is kept under a content version (courses/content_cache.py: rendered lesson and catalog
# fragments, lesson outlines and game levels, the catalog's courses) never changes under that
# version, so each process keeps its own copy in memory: no round trip to Redis for it, and
# nothing to keep coherent but the version, which lives in the shared cache. A lesson read at one
# depth, locked and unlocked, takes five entries of ~12 KB on average; every demo lesson at every
# depth and the catalog ~200 entries, ~3 MB. At most 1,000 are kept (~12 MB; the least recently
# read go first), a working set of some 200 lessons per process.
CACHES["content"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "spindle-content",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}
# Sessions live in PostgreSQL alone: a Redis outage logs nobody out. Not cached_db either: a
# logout or login during an outage could not evict the cached copy, which would come back
# valid with Redis.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins allowed per email before a cool-down.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60, minimum=1)

# Client addresses and per-address limits (see accounts/services.py, "Login throttling").
# How many reverse proxies of ours stand in front of the app, each appending to
# X-Forwarded-For; 0 trusts no header and uses the socket address.
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 0)
# Failed logins from one client address per minute before it waits for the minute to end.
LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE = env_int(
    "LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE", 30, minimum=1
)

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or VAR_DIR / "media")
# Behind nginx: answer media requests with X-Accel-Redirect to this internal location.
MEDIA_ACCEL_REDIRECT_PREFIX = os.environ.get("MEDIA_ACCEL_REDIRECT_PREFIX", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Email: the console in development, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Spindle <noreply@spindle.invalid>")

# Security headers; the production block makes `manage.py check --deploy` clean.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Scripts and styles only from our own origin (htmx and the editor are vendored); no inline
# style attributes or <style> elements: progress bars are <progress>, htmx's indicator styles
# are in spindle.css, and the editor's <style> carries the per-request nonce that
# config.middleware.ContentSecurityPolicyMiddleware adds to style-src.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "media-src": "'self'",
    "frame-src": "https://www.youtube-nocookie.com",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Celery: Redis when configured; otherwise kombu's filesystem transport, so a real worker
# process runs on a bare machine with no broker server.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "spindle")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    if REDIS_URL.startswith("redis://"):  # rediss:// and sentinel:// keep kombu's own
        # kombu's Redis transport with a fix that keeps a worker alive through a Redis restart.
        CELERY_BROKER_TRANSPORT = "config.broker:Transport"
    CELERY_RESULT_BACKEND = REDIS_URL
else:
    _broker_dir = VAR_DIR / "celery" / "broker"
    _broker_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        # Where kombu keeps its exchange bindings (else a "control/" folder in the cwd).
        "control_folder": str(VAR_DIR / "celery" / "control"),
        # kombu looks for new messages once a second by default: a second added to every
        # verdict. A directory listing every 50 ms costs next to nothing.
        "polling_interval": 0.05,
    }
    (VAR_DIR / "celery" / "results").mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery" / "control").mkdir(parents=True, exist_ok=True)
    CELERY_RESULT_BACKEND = f"file://{VAR_DIR / 'celery' / 'results'}"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 60 * 60
CELERY_TASK_ACKS_LATE = True
# With acks_late, a task whose worker died (kill -9, OOM) is redelivered instead of lost.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One message per worker process by default: a grading never waits behind another that a busy
# process reserved. Raise it only for many short tasks (see `make bench`).
CELERY_WORKER_PREFETCH_MULTIPLIER = env_int("CELERY_PREFETCH_MULTIPLIER", 1, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 150, minimum=1)
if REDIS_URL:
    # Longer than the longest task, or Redis redelivers a task that is still running.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT * 4}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A grading goes on while the worker reconnects to the broker, and records its verdict in
# PostgreSQL. (Celery 6 is to cancel such tasks by default; cancelled, it would wait for the
# reaper and start again.)
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False

# The sandbox that grades exercises. "bwrap" confines every run; "unconfined" runs student code
# as a plain subprocess and exists only for development machines without bubblewrap.
SANDBOX_BACKEND = env_choice("SANDBOX_BACKEND", ("bwrap", "unconfined"), "bwrap")
if PRODUCTION and SANDBOX_BACKEND == "unconfined":
    raise ImproperlyConfigured("SANDBOX_BACKEND=unconfined is refused when SPINDLE_ENV=production")
# Options of the bwrap backend (see sandbox/README.md, "Deploying the worker").
SANDBOX_OPTIONS = {
    name: value
    for name, value in {
        "cgroup_parent": os.environ.get("SANDBOX_CGROUP_PARENT", ""),
        "first_uid": env_int("SANDBOX_FIRST_UID", 0),
        "slots": env_int("SANDBOX_SLOTS", 0),
    }.items()
    if value
}
# Spaced review (reviews/): the share of cards FSRS aims to have a student recall when they
# come due, and how many cards a student meets for the first time per day.
REVIEW_DESIRED_RETENTION = env_float("REVIEW_DESIRED_RETENTION", 0.9, minimum=0.7, maximum=0.99)
REVIEW_NEW_CARDS_PER_DAY = env_int("REVIEW_NEW_CARDS_PER_DAY", 20)
EXERCISE_SUBMISSIONS_PER_MINUTE = env_int("EXERCISE_SUBMISSIONS_PER_MINUTE", 6, minimum=1)
# How long a running grading's lease lasts; its worker renews it three times per lease, and a
# lease that runs out means the worker vanished (see exercises/services/worker.py).
GRADING_LEASE_SECONDS = env_int("GRADING_LEASE_SECONDS", 6, minimum=2)
# Periodic upkeep (the reaper of vanished gradings, overdue timed attempts) has a queue of its
# own, consumed by its own worker process that also runs beat: a backlog of gradings never
# delays it. A message not taken within one interval is dropped; the next one comes anyway.
CELERY_MAINTENANCE_QUEUE = f"{CELERY_TASK_DEFAULT_QUEUE}-maintenance"
REAPER_INTERVAL_SECONDS = env_int("REAPER_INTERVAL_SECONDS", 2, minimum=1)
CELERY_TASK_ROUTES = {
    "exercises.tasks.reap_stuck_submissions": {"queue": CELERY_MAINTENANCE_QUEUE},
    "quizzes.tasks.expire_overdue_attempts": {"queue": CELERY_MAINTENANCE_QUEUE},
}
CELERY_BEAT_SCHEDULE = {
    "reap-stuck-submissions": {
        "task": "exercises.tasks.reap_stuck_submissions",
        "schedule": REAPER_INTERVAL_SECONDS,
        "options": {"expires": REAPER_INTERVAL_SECONDS},
    },
    "expire-overdue-attempts": {
        "task": "quizzes.tasks.expire_overdue_attempts",
        "schedule": REAPER_INTERVAL_SECONDS,
        "options": {"expires": REAPER_INTERVAL_SECONDS},
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

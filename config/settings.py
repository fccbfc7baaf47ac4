"""Settings for Mufakat, read from the environment (12-factor).

With no variable set at all, a laptop gets a working game: DEBUG on, SQLite in the
project folder and an in-memory channel layer (one server process). Production sets
``DEBUG=false``, ``SECRET_KEY``, ``DATABASE_URL`` (PostgreSQL) and ``REDIS_URL`` so that
several Daphne processes share one database and one channel layer.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE_WORDS = {"1", "true", "yes", "on"}
_FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no variable; an unknown word is an error rather than a silent False."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value (use true or false)")


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated list, ignoring blanks so a trailing comma is harmless."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
    # Only ever used on a developer's laptop: sessions signed with it are worthless elsewhere.
    SECRET_KEY = "django-insecure-mufakat-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Behind a TLS-terminating proxy, cookies should only travel over HTTPS.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

INSTALLED_APPS = [
    # Daphne first: its runserver replaces Django's, so `manage.py runserver` speaks ASGI
    # and WebSockets on a laptop exactly as Daphne does in production.
    "daphne",
    "channels",
    # Before the admin: its registration/*.html (password reset, logged out) would otherwise
    # shadow the game's own, translated pages for facilitators.
    "game.apps.GameConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages, the JavaScript catalog and (with DEBUG) the static files leave compressed: a
    # classroom's phones share a slow connection, and HTML and scripts shrink to a third or
    # less. BREACH needs a secret in a compressed body next to text an attacker chooses:
    # the pages' only secret is the CSRF token, which Django masks afresh in every response,
    # and this middleware pads each response with random bytes ("Heal the Breach"); session
    # and seat cookies never appear in a body. See docs/deploy.md.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "game.accounts.accounts_context",
            ],
        },
    },
]

ASGI_APPLICATION = "config.asgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=0,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A pool per process: a game's moves come many a second, and opening a PostgreSQL
    # connection per move cost more than the move (bench/, docs/deploy.md). Persistent
    # connections (CONN_MAX_AGE) would leak instead: under ASGI each request runs in a
    # thread of its own, and every such thread would keep its connection open.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2,
        "max_size": int(os.environ.get("DB_POOL_SIZE", "20")),
        "timeout": 10,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # A classroom submits at once: writers wait for the lock (up to 20 s) instead of
        # failing with "database is locked", and IMMEDIATE takes the write lock at BEGIN so
        # a transaction never has to upgrade a read lock midway (the deadlock SQLite
        # resolves by erroring). WAL lets readers go on while one writer writes.
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

REDIS_URL = os.environ.get("REDIS_URL", "")
# The channel layer: in memory for one process; Redis pub/sub (the default with REDIS_URL:
# messages go straight to the subscribed processes, nothing is stored) or Redis "core"
# (channels_redis.core; compared in bench/, see docs/deploy.md before choosing it).
CHANNEL_LAYER = os.environ.get("CHANNEL_LAYER", "pubsub" if REDIS_URL else "memory").lower()
_LAYER_BACKENDS = {
    "memory": "channels.layers.InMemoryChannelLayer",
    "pubsub": "game.layers.PubSubChannelLayer",  # channels_redis's, publishing in batches
    "core": "channels_redis.core.RedisChannelLayer",
}
if CHANNEL_LAYER not in _LAYER_BACKENDS:
    raise ImproperlyConfigured(
        f"CHANNEL_LAYER={CHANNEL_LAYER!r}: use one of {', '.join(_LAYER_BACKENDS)}"
    )
if CHANNEL_LAYER != "memory" and not REDIS_URL:
    raise ImproperlyConfigured(f"CHANNEL_LAYER={CHANNEL_LAYER} needs REDIS_URL")
CHANNEL_LAYERS = {"default": {"BACKEND": _LAYER_BACKENDS[CHANNEL_LAYER]}}
if CHANNEL_LAYER != "memory":
    CHANNEL_LAYERS["default"]["CONFIG"] = {
        "hosts": [
            {
                "address": REDIS_URL,
                # redis-py raises instead of waiting when its pool is exhausted: size it.
                "max_connections": int(os.environ.get("REDIS_MAX_CONNECTIONS", "100")),
            }
        ]
    }

# The cache holds the login throttle's counters: shared through Redis when several server
# processes run, so a guesser cannot spread attempts across them; per process otherwise.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mufakat",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# JSON clients of /api/ get a JSON answer when the CSRF check fails.
CSRF_FAILURE_VIEW = "game.api.csrf_failure"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "game:facilitator_home"

# Whether facilitators may create their own account at /accounts/signup/. On by default on a
# laptop (DEBUG); a production server opens it with MUFAKAT_SIGNUP=true, or leaves it closed
# so that only administrators create accounts (in /admin/).
MUFAKAT_SIGNUP = env_bool("MUFAKAT_SIGNUP", DEBUG)
# Failed log-ins allowed per username and IP address within the window (seconds) before
# further attempts are refused until the window ends.
MUFAKAT_LOGIN_FAILURES = int(os.environ.get("MUFAKAT_LOGIN_FAILURES", "5"))
MUFAKAT_LOGIN_WINDOW_SECONDS = int(os.environ.get("MUFAKAT_LOGIN_WINDOW_SECONDS", "900"))

# How often each server process looks for phases past their deadline (seconds; 0 turns the
# process's clock off, which only tests do).
MUFAKAT_TICK_SECONDS = float(os.environ.get("MUFAKAT_TICK_SECONDS", "1"))
# Threads running each process's database calls on PostgreSQL (game/database.py); 0 = the
# default (8, within DB_POOL_SIZE). SQLite always uses one.
MUFAKAT_DB_THREADS = int(os.environ.get("MUFAKAT_DB_THREADS", "0"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [
    ("id", _("Bahasa Indonesia")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "game" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic puts the files nginx serves (docker-compose.yml: a volume).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # With DEBUG off, `collectstatic` (which production runs) writes content-hashed names and
    # gzip copies, and pages link the hashed names (config/staticfiles.py); with DEBUG on the
    # files are served as they are in game/static/, so an edit shows on the next reload.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "config.staticfiles.HashedStaticFiles"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# Where `manage.py load_scenarios` finds the built-in scenario files.
BUILTIN_SCENARIO_DIR = BASE_DIR / "game" / "scenarios"

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Replaces Django's default "django" logger, which prints only when DEBUG and would
        # otherwise also propagate to the root handler and log every line twice.
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
    },
}

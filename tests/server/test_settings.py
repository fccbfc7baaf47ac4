"""Settings come from the environment; with none set, a laptop gets SQLite and memory.

Settings are read once per process, so each case imports them in a fresh interpreter
with exactly the variables it is about.
"""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_DIR

# Everything the settings module reads, removed so the developer's shell cannot leak in.
SETTINGS_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "REDIS_URL",
    "CHANNEL_LAYER",
    "DB_POOL_SIZE",
    "MUFAKAT_DB_THREADS",
    "MUFAKAT_TICK_SECONDS",
    "STATIC_ROOT",
    "EMAIL_BACKEND",
    "SECURE_COOKIES",
    "LOG_LEVEL",
)

PRINT_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "CSRF_TRUSTED_ORIGINS": settings.CSRF_TRUSTED_ORIGINS,
    "DATABASE": {k: v for k, v in settings.DATABASES["default"].items()
                 if k in ("ENGINE", "NAME", "HOST", "PORT", "USER", "OPTIONS", "CONN_MAX_AGE")},
    "CHANNEL_LAYERS": settings.CHANNEL_LAYERS,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "LANGUAGE_CODE": settings.LANGUAGE_CODE,
    "LANGUAGES": [code for code, _ in settings.LANGUAGES],
    "TIME_ZONE": settings.TIME_ZONE,
    "INSTALLED_APPS": settings.INSTALLED_APPS,
}, default=str))
"""


def run_settings(**variables: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def read_settings(**variables: str) -> dict:
    result = run_settings(**variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_no_variables_gives_debug_sqlite_in_project_and_in_memory_layer() -> None:
    settings = read_settings()

    assert settings["DEBUG"] is True
    assert settings["SECRET_KEY"]
    assert settings["DATABASE"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["DATABASE"]["NAME"] == str(PROJECT_DIR / "db.sqlite3")
    assert settings["CHANNEL_LAYERS"] == {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    }
    assert settings["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "testserver", "[::1]"]
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_sqlite_writers_wait_for_the_lock_instead_of_failing() -> None:
    options = read_settings()["DATABASE"]["OPTIONS"]

    assert options["timeout"] == 20
    assert options["transaction_mode"] == "IMMEDIATE"


def test_database_url_selects_postgres() -> None:
    database = read_settings(DATABASE_URL="postgres://mufakat:pw@db.example:5433/mufakat")[
        "DATABASE"
    ]

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"], database["USER"]) == (
        "db.example",
        5433,
        "mufakat",
        "mufakat",
    )
    assert "transaction_mode" not in database.get("OPTIONS", {})


def test_redis_url_selects_the_redis_pubsub_layer() -> None:
    layers = read_settings(REDIS_URL="redis://cache.example:6379/1")["CHANNEL_LAYERS"]

    assert layers == {
        "default": {
            "BACKEND": "game.layers.PubSubChannelLayer",
            "CONFIG": {
                "hosts": [{"address": "redis://cache.example:6379/1", "max_connections": 100}]
            },
        }
    }


def test_channel_layer_picks_the_redis_core_layer_and_refuses_unknown_names() -> None:
    layers = read_settings(REDIS_URL="redis://cache.example:6379/1", CHANNEL_LAYER="core")[
        "CHANNEL_LAYERS"
    ]
    assert layers["default"]["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    unknown = run_settings(CHANNEL_LAYER="carrier-pigeon")
    assert unknown.returncode != 0 and "CHANNEL_LAYER='carrier-pigeon'" in unknown.stderr
    lonely = run_settings(CHANNEL_LAYER="pubsub")
    assert lonely.returncode != 0 and "CHANNEL_LAYER=pubsub needs REDIS_URL" in lonely.stderr


def test_postgres_connections_come_from_a_pool_of_the_configured_size() -> None:
    url = "postgres://mufakat:pw@db.example:5433/mufakat"
    database = read_settings(DATABASE_URL=url, DB_POOL_SIZE="7")["DATABASE"]
    assert database["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 7, "timeout": 10}
    assert database["CONN_MAX_AGE"] == 0  # a pool, not connections kept by request threads


def test_production_without_secret_key_refuses_to_start() -> None:
    result = run_settings(DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is false" in result.stderr


def test_production_uses_the_given_secret_key_and_hosts() -> None:
    settings = read_settings(
        DEBUG="false",
        SECRET_KEY="a-long-random-production-key",
        ALLOWED_HOSTS="mufakat.example.org, www.mufakat.example.org,",
        CSRF_TRUSTED_ORIGINS="https://mufakat.example.org",
    )

    assert settings["DEBUG"] is False
    assert settings["SECRET_KEY"] == "a-long-random-production-key"
    assert settings["ALLOWED_HOSTS"] == ["mufakat.example.org", "www.mufakat.example.org"]
    assert settings["CSRF_TRUSTED_ORIGINS"] == ["https://mufakat.example.org"]


@pytest.mark.parametrize("word", ["maybe", "ture"])
def test_an_unreadable_debug_value_is_an_error_not_a_silent_false(word: str) -> None:
    result = run_settings(DEBUG=word)

    assert result.returncode != 0
    assert f"DEBUG={word!r} is not a yes/no value" in result.stderr


def test_languages_time_zone_and_daphne_first() -> None:
    settings = read_settings()

    assert settings["LANGUAGE_CODE"] == "id"
    assert settings["LANGUAGES"] == ["id", "en"]
    assert settings["TIME_ZONE"] == "Asia/Jakarta"
    # Daphne must come before staticfiles so its runserver (ASGI) wins over Django's.
    assert settings["INSTALLED_APPS"][0] == "daphne"

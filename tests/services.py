"""Reachability probes for the real services some tests need.

Each probe returns ``None`` when the service answers, else a sentence saying what is
missing and how to provide it; ``tests/conftest.py`` turns that into a skip on a laptop
and a failure in CI, where a silently skipped Redis test would prove nothing.
"""

import os
from functools import cache
from pathlib import Path

DEFAULT_REDIS_TEST_URL = "redis://127.0.0.1:6379/0"
DEFAULT_POSTGRES_TEST_URL = "postgres://postgres@127.0.0.1:5432/test"
CHROMIUM = Path("/usr/bin/chromium")

PROBE_TIMEOUT_SECONDS = 2


def redis_test_url() -> str:
    """The Redis server tests may use (and flush keys on): ``REDIS_TEST_URL``."""
    return os.environ.get("REDIS_TEST_URL", DEFAULT_REDIS_TEST_URL)


def postgres_test_url() -> str:
    """A PostgreSQL database tests may use to create scratch databases: ``POSTGRES_TEST_URL``."""
    return os.environ.get("POSTGRES_TEST_URL", DEFAULT_POSTGRES_TEST_URL)


@cache
def redis_unavailable(url: str) -> str | None:
    """Why Redis at ``url`` cannot be used, or None if it answers PING."""
    import redis

    try:
        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=PROBE_TIMEOUT_SECONDS,
            socket_timeout=PROBE_TIMEOUT_SECONDS,
        )
        try:
            client.ping()
        finally:
            client.close()
    except Exception as error:
        return f"Redis is not reachable at {url} ({error}); start it or set REDIS_TEST_URL"
    return None


@cache
def postgres_unavailable(url: str) -> str | None:
    """Why PostgreSQL at ``url`` cannot be used, or None if ``SELECT 1`` works."""
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=PROBE_TIMEOUT_SECONDS) as connection:
            connection.execute("SELECT 1")
    except Exception as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return (
            f"PostgreSQL is not reachable at {url} ({first_line}); "
            "start it or set POSTGRES_TEST_URL"
        )
    return None


@cache
def chromium_unavailable(path: Path = CHROMIUM) -> str | None:
    """Why headless Chromium cannot be started, or None if its binary is there."""
    if not os.access(path, os.X_OK):
        return f"Chromium is not installed at {path} (Debian: apt-get install chromium)"
    return None


def unavailable_reason(marker: str) -> str | None:
    """The reason a test marked ``marker`` cannot run here, or None if it can."""
    if marker == "redis":
        return redis_unavailable(redis_test_url())
    if marker == "postgres":
        return postgres_unavailable(postgres_test_url())
    if marker == "browser":
        return chromium_unavailable()
    raise ValueError(f"no probe for marker {marker!r}")


SERVICE_MARKERS = ("redis", "postgres", "browser")


def in_ci() -> bool:
    """CI sets ``CI=true``; there a missing service is a broken build, not a skip."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}

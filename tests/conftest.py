"""Shared fixtures and the rule for tests that need a real service.

Tests marked ``redis``, ``postgres`` or ``browser`` run against the real thing. When it is
not reachable they are skipped with the reason on a laptop, but fail when ``CI=true``:
CI starts every service, so a missing one there is a broken build to see, not hide.
"""

import io
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
import yaml
from django.core.management import call_command
from psycopg import sql

from tests.services import SERVICE_MARKERS, in_ci, postgres_test_url, unavailable_reason

pytest_plugins = ["pytester"]

PROJECT_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = PROJECT_DIR / "game" / "locale"
BUILTIN_SCENARIO_DIR = PROJECT_DIR / "game" / "scenarios"


def pytest_configure(config: pytest.Config) -> None:
    """Compile stale message catalogs once, before any worker starts, as `make test` does.

    Without fresh ``.mo`` files the Indonesian pages silently render in English and the
    language tests would test nothing. Only the controller compiles (xdist workers have
    ``workerinput``), so parallel workers never race on writing the same file.
    """
    if hasattr(config, "workerinput"):
        return
    stale = [
        po
        for po in LOCALE_DIR.glob("*/LC_MESSAGES/django.po")
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        subprocess.run(
            [sys.executable, "manage.py", "compilemessages", "--ignore=.venv"],
            cwd=PROJECT_DIR,
            check=True,
            capture_output=True,
        )


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in SERVICE_MARKERS:
        if item.get_closest_marker(marker) is None:
            continue
        reason = unavailable_reason(marker)
        if reason is None:
            continue
        if in_ci():
            pytest.fail(f"CI=true and a required service is missing: {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def scenario_dir(tmp_path: Path) -> Path:
    """A private copy of the built-in scenario files, free to break or extend."""
    target = tmp_path / "scenarios"
    target.mkdir()
    sources = sorted(BUILTIN_SCENARIO_DIR.glob("*.yaml"))
    assert sources, f"no built-in scenario files in {BUILTIN_SCENARIO_DIR}"
    for source in sources:
        shutil.copy(source, target / source.name)
    return target


@pytest.fixture
def builtin_scenarios() -> list[dict]:
    """The raw data of every built-in scenario file, sorted by file name."""
    return [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(BUILTIN_SCENARIO_DIR.glob("*.yaml"))
    ]


@pytest.fixture
def loaded_scenarios(db: None) -> None:
    """The database after ``manage.py load_scenarios``, the way a deploy fills it."""
    call_command("load_scenarios", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def scratch_database_url() -> str:
    """A new, empty database on the test server, dropped afterwards."""
    name = f"mufakat_test_{uuid.uuid4().hex[:12]}"
    server = postgres_test_url()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

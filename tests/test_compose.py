"""docker-compose.yml describes a production that starts in the right order and checks itself.

No Docker here: the file is read as data and held to what production needs.
"""

import re
from urllib.parse import urlsplit

import pytest
import yaml

from tests.conftest import PROJECT_DIR

# Compose substitutes ${VAR}, ${VAR:-default} and ${VAR:?error}; stand-ins make URLs parseable.
VARIABLE = re.compile(r"\$\{[^}]*\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose: dict) -> dict:
    return compose["services"]


def command_text(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def healthcheck_text(service: dict) -> str:
    test = service["healthcheck"]["test"]
    return " ".join(test) if isinstance(test, list) else test


def environment(service: dict) -> dict[str, str]:
    env = service["environment"]
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


def test_the_four_services_are_there(services: dict) -> None:
    assert {"postgres", "redis", "migrate", "web"} <= set(services)


def test_postgres_16_and_redis_7_check_their_own_health(services: dict) -> None:
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    assert "pg_isready" in healthcheck_text(services["postgres"])
    assert "redis-cli ping" in healthcheck_text(services["redis"])


def test_migrate_is_a_one_shot_that_migrates_and_loads_scenarios(services: dict) -> None:
    migrate = services["migrate"]
    command = command_text(migrate)

    assert migrate.get("restart", "no") == "no"
    assert "manage.py migrate" in command
    assert "manage.py load_scenarios" in command
    assert command.index("migrate") < command.index("load_scenarios")
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_web_runs_daphne_on_the_asgi_application(services: dict) -> None:
    command = command_text(services["web"])

    assert command.startswith("daphne ")
    assert "-b 0.0.0.0" in command
    assert "-p 8000" in command
    assert command.endswith("config.asgi:application")


def test_web_waits_for_healthy_services_and_a_finished_migration(services: dict) -> None:
    depends_on = services["web"]["depends_on"]

    assert depends_on["postgres"]["condition"] == "service_healthy"
    assert depends_on["redis"]["condition"] == "service_healthy"
    assert depends_on["migrate"]["condition"] == "service_completed_successfully"


def test_web_health_is_the_healthz_page(services: dict) -> None:
    check = healthcheck_text(services["web"])

    assert "/healthz" in check
    assert "8000" in check


def test_web_and_migrate_share_one_production_environment(services: dict) -> None:
    assert environment(services["web"]) == environment(services["migrate"])


def test_web_environment_points_at_the_compose_services(services: dict) -> None:
    env = environment(services["web"])

    database = urlsplit(VARIABLE.sub("x", env["DATABASE_URL"]))
    assert database.scheme in {"postgres", "postgresql"}
    assert database.hostname == "postgres"
    redis = urlsplit(VARIABLE.sub("x", env["REDIS_URL"]))
    assert redis.scheme == "redis"
    assert redis.hostname == "redis"


def test_web_is_production_with_a_secret_key_the_operator_must_give(services: dict) -> None:
    env = environment(services["web"])

    assert env["DEBUG"].lower() == "false"
    # ${SECRET_KEY:?...}: compose refuses to start without it; no default key is baked in.
    assert re.fullmatch(r"\$\{SECRET_KEY:\?[^}]*\}", env["SECRET_KEY"])


def test_the_image_builds_from_the_dockerfile(services: dict) -> None:
    for name in ("web", "migrate"):
        build = services[name]["build"]
        assert build == {"context": ".", "dockerfile": "deploy/Dockerfile"}
    dockerfile = (PROJECT_DIR / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:3.11-slim" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    # The image must not carry a developer's virtualenv or database.
    ignored = (PROJECT_DIR / "deploy" / "Dockerfile.dockerignore").read_text(encoding="utf-8")
    assert {".venv", "db.sqlite3*"} <= set(ignored.split())

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


# nginx (deploy/nginx.conf) ----------------------------------------------------------------


@pytest.fixture(scope="module")
def nginx() -> str:
    return (PROJECT_DIR / "deploy" / "nginx.conf").read_text(encoding="utf-8")


def static_block(nginx: str) -> str:
    start = nginx.index("location /static/ {")
    depth = 0
    for index in range(start, len(nginx)):
        depth += {"{": 1, "}": -1}.get(nginx[index], 0)
        if depth == 0 and nginx[index] == "}":
            return nginx[start : index + 1]
    raise AssertionError("unclosed location /static/")


def test_nginx_serves_the_volume_migrate_collects_into(services: dict, nginx: str) -> None:
    # `root /srv` maps /static/x to /srv/static/x, where the static volume is mounted.
    assert re.search(r"^\s*root /srv;", static_block(nginx), re.M)
    assert "static:/srv/static:ro" in services["proxy"]["volumes"]
    assert "static:/app/staticfiles" in services["migrate"]["volumes"]
    assert "collectstatic" in command_text(services["migrate"])


def test_nginx_sends_the_collected_gzip_copies_and_compresses_the_rest(nginx: str) -> None:
    block = static_block(nginx)
    assert re.search(r"^\s*gzip_static on;", block, re.M)
    assert re.search(r"^\s*gzip on;", block, re.M)
    types = re.search(r"gzip_types([^;]*);", block).group(1).split()
    assert {"text/css", "application/javascript", "image/svg+xml"} <= set(types)


def test_nginx_keeps_hashed_files_for_a_year_and_others_an_hour(nginx: str) -> None:
    block = static_block(nginx)
    hashed = re.search(r'location ~ "([^"]+)" \{([^}]*)\}', block)
    pattern = re.compile(hashed.group(1))
    assert pattern.search("game/js/player/main.3f2a9c1b7e4d.js")
    assert pattern.search("game/css/player.0123456789ab.css")
    assert not pattern.search("game/js/player/main.js")
    assert not pattern.search("staticfiles.json")
    assert "max-age=31536000, immutable" in hashed.group(2)
    outside = re.sub(r"#.*", "", block.replace(hashed.group(0), ""))
    assert "max-age=3600" in outside and "immutable" not in outside


def test_nginx_passes_the_port_the_browser_used_for_csrf_origin_checks(nginx: str) -> None:
    # Django compares a POST's Origin (http://host:8080) with the Host it is given: $host
    # drops the port and every join, log-in and language switch would fail on port 8080.
    assert re.search(r"^\s*proxy_set_header Host \$http_host;", nginx, re.M)

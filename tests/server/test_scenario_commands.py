"""``manage.py export_scenario`` and ``import_scenario``, run as a teacher or an operator runs
them: real processes against a real database file, so the exit status is the real one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import BUILTIN_SCENARIO_DIR, PROJECT_DIR

BUILTIN_SLUGS = sorted(path.stem for path in BUILTIN_SCENARIO_DIR.glob("*.yaml"))


def builtin(slug: str) -> dict:
    return yaml.safe_load((BUILTIN_SCENARIO_DIR / f"{slug}.yaml").read_text(encoding="utf-8"))


class Manage:
    """``manage.py`` in a fresh process, against one SQLite file."""

    def __init__(self, database: Path) -> None:
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{database}",
            "MUFAKAT_TICK_SECONDS": "0",
        }

    def __call__(self, *arguments: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=PROJECT_DIR,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def shell(self, code: str) -> str:
        result = self("shell", "-c", code)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]  # after the shell's import banner


@pytest.fixture(scope="module")
def manage(tmp_path_factory) -> Manage:
    """A database with the built-ins, the admin ``kepala`` (superuser) and facilitator ``guru``."""
    manage = Manage(tmp_path_factory.mktemp("commands") / "db.sqlite3")
    for command in (["migrate", "-v0"], ["load_scenarios"]):
        result = manage(*command)
        assert result.returncode == 0, result.stderr
    manage.shell(
        "from django.contrib.auth import get_user_model as U; "
        "U().objects.create_superuser('kepala', 'k@example.com', 'x'); "
        "U().objects.create_user('guru', password='x')"
    )
    return manage


def owner_of(manage: Manage, slug: str) -> str:
    return manage.shell(
        f"from game.models import Scenario; print(Scenario.objects.get(slug='{slug}').owner)"
    )


@pytest.mark.parametrize("slug", BUILTIN_SLUGS)
@pytest.mark.parametrize("file_format", ["yaml", "json"])
def test_export_writes_the_scenario_to_standard_output(manage, slug, file_format):
    result = manage("export_scenario", slug, "--format", file_format)

    assert result.returncode == 0, result.stderr
    parse = json.loads if file_format == "json" else yaml.safe_load
    assert parse(result.stdout) == builtin(slug)


def test_export_writes_yaml_unless_asked_for_json(manage):
    result = manage("export_scenario", "kelas-6")

    assert result.stdout.startswith("slug: kelas-6\n")


def test_export_of_an_unknown_slug_exits_2_and_names_the_known_ones(manage):
    result = manage("export_scenario", "kelas-7")

    assert result.returncode == 2
    assert result.stdout == ""
    assert "no scenario with the slug 'kelas-7'" in result.stderr
    assert "kelas-6" in result.stderr


@pytest.mark.parametrize("file_format", ["yaml", "json"])
def test_import_with_a_new_slug_round_trips_to_the_same_scenario(manage, tmp_path, file_format):
    exported = manage("export_scenario", "asean-plus", "--format", file_format).stdout
    path = tmp_path / f"asean.{file_format}"
    path.write_text(exported, encoding="utf-8")
    slug = f"asean-kelas-{file_format}"

    imported = manage("import_scenario", str(path), "--slug", slug, "--owner", "guru")
    again = manage("export_scenario", slug, "--format", file_format)

    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == f"imported {slug} for guru"
    assert owner_of(manage, slug) == "guru"
    parse = json.loads if file_format == "json" else yaml.safe_load
    assert parse(again.stdout) == {**builtin("asean-plus"), "slug": slug}


def test_import_reads_standard_input_and_belongs_to_the_first_superuser_by_default(manage):
    exported = manage("export_scenario", "g20").stdout

    result = manage("import_scenario", "-", "--slug", "g20-dari-pipa", stdin=exported)

    assert result.returncode == 0, result.stderr
    assert owner_of(manage, "g20-dari-pipa") == "kepala"


def test_importing_a_file_whose_slug_is_taken_exits_2_and_suggests_slug(manage, tmp_path):
    path = tmp_path / "kelas-6.yaml"
    path.write_text(manage("export_scenario", "kelas-6").stdout, encoding="utf-8")

    result = manage("import_scenario", str(path))

    assert result.returncode == 2
    assert "slug: 'kelas-6' is already used by another scenario" in result.stderr


def test_a_bad_file_exits_2_and_lists_every_problem_with_its_field_path(manage, tmp_path):
    data = builtin("kelas-6")
    data["slug"] = "kelas-rusak"
    data["rounds"] = 0
    data["countries"][2]["population"] = -1
    data["countries"][4]["bloc"] = "rich"
    data["climate"]["disaster_probability"] = 2
    data["events"][1]["effects"][0]["change"] = 5
    path = tmp_path / "rusak.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    result = manage("import_scenario", str(path), "--owner", "guru")

    assert result.returncode == 2
    lines = [line.strip() for line in result.stderr.splitlines()]
    for problem in (
        "rounds: must be >= 1",
        "countries[2].population: must be > 0",
        "countries[4].bloc: must be one of 'developed', 'emerging' or 'developing'",
        "climate.disaster_probability: must be <= 1",
        "events[1].effects[0].change: must be <= 2",
    ):
        assert problem in lines, result.stderr
    assert "rusak.yaml: cannot be imported" in result.stderr
    saved = (
        "from game.models import Scenario as S; print(S.objects.filter(slug='kelas-rusak').count())"
    )
    assert manage.shell(saved) == "0"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["/nowhere/scenario.yaml"], "no file at /nowhere/scenario.yaml"),
        (["{file}", "--owner", "nobody"], "no user 'nobody'"),
    ],
    ids=["missing-file", "unknown-owner"],
)
def test_a_missing_file_or_owner_exits_2_with_a_clear_message(manage, tmp_path, arguments, message):
    path = tmp_path / "ok.yaml"
    path.write_text(yaml.safe_dump({**builtin("kelas-6"), "slug": "ok"}), encoding="utf-8")

    result = manage("import_scenario", *[a.format(file=path) for a in arguments])

    assert result.returncode == 2
    assert message in result.stderr


def test_a_file_that_is_not_yaml_exits_2(manage, tmp_path):
    path = tmp_path / "rusak.json"
    path.write_text('{"slug": "x", ', encoding="utf-8")

    result = manage("import_scenario", str(path), "--owner", "guru")

    assert result.returncode == 2
    assert "(file): is not valid JSON" in result.stderr


def test_without_a_superuser_the_owner_must_be_named(tmp_path):
    manage = Manage(tmp_path / "empty.sqlite3")
    assert manage("migrate", "-v0").returncode == 0
    path = tmp_path / "kelas.yaml"
    path.write_text(yaml.safe_dump(builtin("kelas-6")), encoding="utf-8")

    result = manage("import_scenario", str(path))

    assert result.returncode == 2
    assert "pass --owner USERNAME" in result.stderr

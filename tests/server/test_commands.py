"""Management commands a deploy and a laptop set-up run: load_scenarios, create_demo_facilitator."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from game.models import Scenario
from tests.conftest import PROJECT_DIR

pytestmark = pytest.mark.django_db


def load(directory: Path) -> str:
    out = io.StringIO()
    call_command("load_scenarios", "--dir", str(directory), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def load_expecting_failure(directory: Path) -> tuple[CommandError, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("load_scenarios", "--dir", str(directory), stdout=io.StringIO(), stderr=err)
    return caught.value, err.getvalue()


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


# load_scenarios


def test_load_scenarios_creates_one_builtin_row_per_file(scenario_dir: Path) -> None:
    files = sorted(scenario_dir.glob("*.yaml"))

    output = load(scenario_dir)

    assert Scenario.objects.count() == len(files)
    for path in files:
        data = read(path)
        row = Scenario.objects.get(slug=data["slug"])
        assert row.builtin is True
        assert row.owner is None
        assert (row.title_id, row.title_en) == (data["title"]["id"], data["title"]["en"])
        assert row.data == data
        # What was stored is still a scenario the engine accepts.
        assert row.definition.slug == data["slug"]
        assert f"created   {data['slug']}" in output


def test_load_scenarios_is_idempotent(scenario_dir: Path) -> None:
    load(scenario_dir)
    before = {row.slug: row.updated for row in Scenario.objects.all()}

    output = load(scenario_dir)

    after = {row.slug: row.updated for row in Scenario.objects.all()}
    assert after == before
    assert output.count("unchanged") == len(before)
    assert "created" not in output and "updated" not in output


def test_load_scenarios_updates_a_changed_file(scenario_dir: Path) -> None:
    load(scenario_dir)
    path = sorted(scenario_dir.glob("*.yaml"))[0]
    data = read(path)
    data["title"]["en"] = "A retitled world"
    write(path, data)

    output = load(scenario_dir)

    assert f"updated   {data['slug']}" in output
    assert Scenario.objects.get(slug=data["slug"]).title_en == "A retitled world"


def test_load_scenarios_uses_the_builtin_folder_by_default(builtin_scenarios) -> None:
    call_command("load_scenarios", stdout=io.StringIO())

    assert set(Scenario.objects.values_list("slug", flat=True)) == {
        data["slug"] for data in builtin_scenarios
    }


def test_bad_files_exit_2_listing_every_problem_and_load_nothing(scenario_dir: Path) -> None:
    good = sorted(scenario_dir.glob("*.yaml"))[0]
    data = read(good)
    data["rounds"] = "many"
    data["countries"][0]["population"] = -5
    del data["title"]
    write(scenario_dir / "zz-broken.yaml", data)
    (scenario_dir / "zz-not-yaml.yaml").write_text("slug: [unclosed\n", encoding="utf-8")

    error, stderr = load_expecting_failure(scenario_dir)

    assert error.returncode == 2
    assert "zz-broken.yaml: rounds: must be a whole number" in stderr
    assert "zz-broken.yaml: countries[0].population: must be > 0" in stderr
    assert "zz-broken.yaml: title: is required" in stderr
    assert "zz-not-yaml.yaml: cannot be read as YAML" in stderr
    assert "4 problem(s)" in str(error)
    # All or nothing: the good files were not loaded either.
    assert Scenario.objects.count() == 0


def test_the_process_really_exits_with_status_2(scenario_dir: Path, tmp_path: Path) -> None:
    (scenario_dir / "broken.yaml").write_text("slug: x\n", encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'exit.sqlite3'}"}
    env.pop("REDIS_URL", None)

    result = subprocess.run(
        [sys.executable, "manage.py", "load_scenarios", "--dir", str(scenario_dir)],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 2, result.stderr
    assert "broken.yaml: slug: has characters that are not allowed" in result.stderr


def test_two_files_with_one_slug_are_refused(scenario_dir: Path) -> None:
    first = sorted(scenario_dir.glob("*.yaml"))[0]
    (scenario_dir / "zz-copy.yaml").write_text(first.read_text(encoding="utf-8"))

    error, stderr = load_expecting_failure(scenario_dir)

    assert error.returncode == 2
    assert f"zz-copy.yaml: slug '{read(first)['slug']}' is also used by {first.name}" in stderr


def test_a_facilitators_scenario_is_never_overwritten(scenario_dir: Path) -> None:
    data = read(sorted(scenario_dir.glob("*.yaml"))[0])
    teacher = get_user_model().objects.create_user("bu-ani")
    own = Scenario.objects.create(
        slug=data["slug"], title_id="Milik Bu Ani", title_en="Ani's", data=data, owner=teacher
    )

    error, stderr = load_expecting_failure(scenario_dir)

    assert error.returncode == 2
    assert f"slug '{data['slug']}' is already used by a facilitator's own scenario" in stderr
    own.refresh_from_db()
    assert (own.title_id, own.builtin, own.owner) == ("Milik Bu Ani", False, teacher)
    assert Scenario.objects.count() == 1


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    error, stderr = load_expecting_failure(tmp_path)

    assert error.returncode == 2
    assert "has no *.yaml scenario files" in stderr


# create_demo_facilitator


@pytest.fixture
def debug(settings) -> None:
    settings.DEBUG = True


def create_demo_facilitator(*args: str) -> str:
    out = io.StringIO()
    call_command("create_demo_facilitator", *args, stdout=out)
    return out.getvalue()


def test_demo_facilitator_can_log_in_and_is_a_staff_facilitator(debug) -> None:
    output = create_demo_facilitator()

    user = authenticate(username="guru", password="mufakat-demo")
    assert user is not None
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["facilitators"]
    assert "guru" in output and "mufakat-demo" in output


def test_demo_facilitator_is_idempotent_and_repairs_its_password(debug) -> None:
    create_demo_facilitator()
    user = get_user_model().objects.get(username="guru")
    user.set_password("something-else")
    user.is_staff = False
    user.save()

    create_demo_facilitator()

    assert get_user_model().objects.filter(username="guru").count() == 1
    assert Group.objects.filter(name="facilitators").count() == 1
    user = authenticate(username="guru", password="mufakat-demo")
    assert user is not None and user.is_staff


def test_demo_facilitator_is_refused_in_production(settings) -> None:
    settings.DEBUG = False

    with pytest.raises(CommandError, match="published password"):
        create_demo_facilitator()
    assert not get_user_model().objects.filter(username="guru").exists()

    create_demo_facilitator("--allow-production")
    assert get_user_model().objects.filter(username="guru").exists()

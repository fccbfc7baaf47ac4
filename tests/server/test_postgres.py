"""The migrations and the built-in scenarios work on PostgreSQL, the production database."""

import os
import subprocess
import sys

import psycopg
import pytest
import yaml

from tests.conftest import PROJECT_DIR


def manage(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return result


@pytest.mark.postgres
def test_migrate_and_load_scenarios_on_postgres(scratch_database_url: str, scenario_dir) -> None:
    manage(scratch_database_url, "migrate", "--noinput")
    manage(scratch_database_url, "load_scenarios", "--dir", str(scenario_dir))
    again = manage(scratch_database_url, "load_scenarios", "--dir", str(scenario_dir))
    files = [yaml.safe_load(path.read_text("utf-8")) for path in scenario_dir.glob("*.yaml")]

    with psycopg.connect(scratch_database_url) as connection:
        rows = connection.execute(
            "SELECT slug, builtin, owner_id, data->'title'->>'en' FROM game_scenario ORDER BY slug"
        ).fetchall()
    expected = sorted((data["slug"], True, None, data["title"]["en"]) for data in files)
    assert rows == expected
    assert again.stdout.count("unchanged") == len(expected)


@pytest.mark.postgres
def test_postgres_enforces_that_only_builtins_have_no_owner(scratch_database_url: str) -> None:
    manage(scratch_database_url, "migrate", "--noinput", "game")

    with (
        psycopg.connect(scratch_database_url) as connection,
        pytest.raises(psycopg.errors.CheckViolation),
    ):
        connection.execute(
            "INSERT INTO game_scenario (slug, title_id, title_en, data, builtin, created, updated)"
            " VALUES ('orphan', 'Yatim', 'Orphan', '{}', false, now(), now())"
        )


EVENTS_AS_ROWS = """
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from game.models import Scenario
from game.services import phases, seats

owner = get_user_model().objects.create_user("guru")
game = seats.create_game(owner=owner, scenario=Scenario.objects.get(slug="kelas-6"), seed=1)
with CaptureQueriesContext(connection) as queries:
    phases.start_game(game_id=game.pk, actor="facilitator")  # three events in one insert
inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "game_gameevent"')]
print(len(inserts), any("UNNEST" in sql for sql in inserts), game.events.count())
"""


@pytest.mark.postgres
def test_events_go_to_postgres_as_rows_of_values_not_through_unnest(
    scratch_database_url: str,
) -> None:
    """Django 5.2 inserts several rows through UNNEST of one array per column, and psycopg
    escapes a text array's elements one quote at a time in Python: 8 ms for each round's
    results. The log writes its rows as VALUES (services.log._Statements)."""
    manage(scratch_database_url, "migrate", "--noinput")
    manage(scratch_database_url, "load_scenarios")
    result = manage(scratch_database_url, "shell", "-c", EVENTS_AS_ROWS)
    assert result.stdout.splitlines()[-1].split() == ["1", "False", "3"]


CLOCK_SKIPS_HELD_GAMES = """
import threading
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from game.models import Game, Scenario
from game.services import phases, seats

owner = get_user_model().objects.create_user("guru")
kelas6 = Scenario.objects.get(slug="kelas-6")
games = [seats.create_game(owner=owner, scenario=kelas6, seed=n).pk for n in range(3)]
for game in games:
    phases.start_game(game_id=game, actor="facilitator")
later = timezone.now() + timedelta(minutes=5)
held, release = threading.Event(), threading.Event()

def other_process():
    with transaction.atomic():
        Game.objects.select_for_update().get(pk=games[1])
        held.set()
        release.wait(20)
    connection.close()

other = threading.Thread(target=other_process)
other.start()
held.wait(20)
first = phases.resolve_due(now=later)
release.set()
other.join()
second = phases.resolve_due(now=later)
print(first == [games[0], games[2]], second == [games[1]], phases.resolve_due(now=later))
"""


@pytest.mark.postgres
def test_the_clock_skips_a_game_another_process_holds_and_takes_it_later(
    scratch_database_url: str,
) -> None:
    """Two processes' clocks never work on the same game: the claim passes over a row
    another transaction has locked (SKIP LOCKED) instead of waiting for it."""
    manage(scratch_database_url, "migrate", "--noinput")
    manage(scratch_database_url, "load_scenarios")
    result = manage(scratch_database_url, "shell", "-c", CLOCK_SKIPS_HELD_GAMES)
    assert result.stdout.splitlines()[-1] == "True True []"

"""What the benchmark asks the product's own Django to do before a run, through the services.

Runs in its own process with the configuration's environment (its database):
``python -m bench.tasks <task> '<json kwargs>'`` prints the answer as one JSON line after
``MARKER``. Nothing here runs during a measurement.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

MARKER = "BENCH-RESULT "


def facilitator(*, username: str) -> dict[str, Any]:
    """A teacher with a logged-in session: its key is the ``sessionid`` cookie."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user, _ = get_user_model().objects.get_or_create(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {"user": user.pk, "sessionid": session.session_key}


def scenario(
    *, owner: int, source: str, slug: str, phases: dict[str, int], rounds: int
) -> dict[str, Any]:
    """A facilitator's copy of a built-in scenario with other phase timers and round count.

    The benchmark plays kelas-6 (6 countries) or g20 (20) with every phase at its minimum
    (10 s), so rounds resolve during a run of a minute.
    """
    from django.contrib.auth import get_user_model

    from game.engine.scenario import load_scenario
    from game.models import Scenario

    data = dict(Scenario.objects.get(slug=source).data)
    data.update(slug=slug, phases=phases, rounds=rounds)
    definition = load_scenario(data)  # the same validation a facilitator's upload passes
    Scenario.objects.update_or_create(
        slug=slug,
        defaults={
            "title_id": f"{data['title']['id']} (uji beban)",
            "title_en": f"{data['title']['en']} (load test)",
            "data": data,
            "builtin": False,
            "owner": get_user_model().objects.get(pk=owner),
        },
    )
    return {
        "slug": slug,
        "countries": [country.id for country in definition.countries],
        "delegation_size": definition.delegation_size,
    }


def create_games(*, owner: int, scenario: str, count: int, seed: int) -> list[dict[str, Any]]:
    from django.contrib.auth import get_user_model

    from game.models import Scenario
    from game.services import seats

    user = get_user_model().objects.get(pk=owner)
    row = Scenario.objects.get(slug=scenario)
    games = [seats.create_game(owner=user, scenario=row, seed=seed + n) for n in range(count)]
    return [{"code": game.code, "id": game.pk} for game in games]


def prepare(*, username: str, scenarios: list[dict[str, Any]]) -> dict[str, Any]:
    """A fresh database and static files the way a deploy makes them, a logged-in
    facilitator and the bench's scenarios, in one process (each Django start costs a second
    or two)."""
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_scenarios", verbosity=0)
    found = facilitator(username=username)
    found["scenarios"] = {
        spec["source"]: scenario(owner=found["user"], **spec) for spec in scenarios
    }
    return found


_TASKS = {
    "prepare": prepare,
    "facilitator": facilitator,
    "scenario": scenario,
    "create_games": create_games,
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    name, kwargs = sys.argv[1], json.loads(sys.argv[2])
    print(MARKER + json.dumps(_TASKS[name](**kwargs)), flush=True)


if __name__ == "__main__":
    main()

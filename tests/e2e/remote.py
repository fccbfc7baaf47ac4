"""What the e2e tests ask a configuration's own Django to do, through the services.

This module runs inside ``manage.py shell -c`` with the configuration's environment (its
database, its channel layer), never inside the test process. ``serve()`` keeps one such
shell open for a whole configuration (Django starts once, not once per question): it reads
one JSON request per line, ``{"task": name, "kwargs": {...}}``, and prints each answer as one
JSON line after ``MARKER``: ``{"result": ...}`` or ``{"error": traceback}``.
"""

from __future__ import annotations

import json
import sys
import traceback
from datetime import timedelta
from typing import Any

MARKER = "E2E-RESULT "


def serve() -> None:
    from django.db import close_old_connections

    for line in sys.stdin:
        request = json.loads(line)
        try:
            answer = {"result": _TASKS[request["task"]](**request["kwargs"])}
        except Exception:
            answer = {"error": traceback.format_exc()}
        finally:
            close_old_connections()
        print(MARKER + json.dumps(answer), flush=True)


def facilitator(*, username: str) -> dict[str, Any]:
    """A teacher with a logged-in session: its key is the ``sessionid`` cookie."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.create_user(username, password="rahasia-sekali-e2e")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {"user": user.pk, "sessionid": session.session_key}


def create_game(*, owner: int, scenario: str = "kelas-6", seed: int = 7) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from game import identity
    from game.models import Scenario
    from game.services import seats

    game = seats.create_game(
        owner=get_user_model().objects.get(pk=owner),
        scenario=Scenario.objects.get(slug=scenario),
        seed=seed,
    )
    return {"code": game.code, "id": game.pk, "projector_key": identity.projector_key(game)}


def games_in_decision(*, owner: int, count: int) -> list[str]:
    """``count`` started games already in round 1's decision phase (built by the services)."""
    from game.models import Game
    from game.services import phases

    codes = []
    for index in range(count):
        code = create_game(owner=owner, seed=100 + index)["code"]
        game_id = Game.objects.get(code=code).pk
        phases.start_game(game_id=game_id, actor="e2e")
        for phase in ("briefing", "negotiation"):
            phases.advance(game_id=game_id, expected=(1, phase), actor="e2e")
        codes.append(code)
    return codes


def set_deadlines(*, codes: list[str], seconds: float) -> dict[str, str]:
    """Move the running phase's deadline to ``seconds`` from now (negative: already past).

    The tests' stand-in for waiting out a phase: the new timer is recorded like any other
    event (``record``, under the game's lock), so every process sees it in the log.
    """
    from django.utils import timezone

    from game.models import Game
    from game.services.log import locked, record

    deadline = (timezone.now() + timedelta(seconds=seconds)).isoformat()
    for code in codes:
        with locked(Game.objects.get(code=code).pk) as (game, session):
            assert session.room.status == "running", session.room.status
            record(game, session, [("timer_set", {"deadline": deadline, "remaining": None})], "e2e")
    return {"deadline": deadline}


def hold_lock(*, code: str, seconds: float) -> None:
    """Hold the game's lock (as a slow service call would) for ``seconds``."""
    import time

    from game.models import Game
    from game.services.log import locked

    with locked(Game.objects.get(code=code).pk):
        time.sleep(seconds)


def log(*, code: str) -> list[dict[str, Any]]:
    """The game's whole event log, as stored."""
    from game.models import Game

    rows = Game.objects.get(code=code).events.order_by("seq")
    return [
        {"seq": e.seq, "type": e.type, "data": e.data, "actor": e.actor, "at": e.at.isoformat()}
        for e in rows
    ]


def logs(*, codes: list[str]) -> dict[str, list[dict[str, Any]]]:
    return {code: log(code=code) for code in codes}


def replay(*, code: str) -> dict[str, Any]:
    """The game folded from its log alone, ignoring every cache."""
    from game.models import Game
    from game.session import replay as fold

    session = fold(Game.objects.get(code=code))
    return {"seq": session.seq, "state": session.state.as_dict(), "room": session.room.as_dict()}


_TASKS = {
    "facilitator": facilitator,
    "create_game": create_game,
    "games_in_decision": games_in_decision,
    "set_deadlines": set_deadlines,
    "hold_lock": hold_lock,
    "log": log,
    "logs": logs,
    "replay": replay,
}

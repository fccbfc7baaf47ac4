"""The WebSocket consumers over the in-process channel layer: who connects, what they are
sent, and how every kind of bad input is answered (the socket stays open, nothing changes)."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore

from config.asgi import application
from game import identity
from game.broadcast import group_name
from game.services import phases, talk

from .conftest import seat

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

ORIGIN = (b"origin", b"http://testserver")


def cookie_header(**cookies: str) -> tuple[bytes, bytes]:
    return (b"cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()).encode())


async def player_socket(game, player_id, lang=""):
    token = identity.player_token(game, player_id)
    path = f"/ws/games/{game.code}/play/" + (f"?lang={lang}" if lang else "")
    communicator = WebsocketCommunicator(
        application, path, headers=[ORIGIN, cookie_header(**{f"mufakat_{game.code}": token})]
    )
    connected, _ = await communicator.connect()
    assert connected
    return communicator


def _session_cookie(user) -> str:
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.save()
    return session.session_key


async def facilitator_socket(game, user):
    key = await database_sync_to_async(_session_cookie)(user)
    communicator = WebsocketCommunicator(
        application,
        f"/ws/games/{game.code}/facilitate/",
        headers=[ORIGIN, cookie_header(sessionid=key)],
    )
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def receive(communicator, kind=None, timeout=3):
    """The next message (of ``kind``, skipping others)."""
    while True:
        message = json.loads(await communicator.receive_from(timeout=timeout))
        if kind is None or message["type"] == kind:
            return message


async def nothing_more(communicator):
    assert await communicator.receive_nothing(timeout=0.3)


async def send(communicator, **message):
    await communicator.send_to(text_data=json.dumps(message))


@pytest.fixture
def table(game):
    """Three delegations with a head each, and a second member for Indonesia."""
    return {
        "idn": seat(game, "Ani", "idn"),
        "idn2": seat(game, "Budi", "idn"),
        "usa": seat(game, "Cory", "usa"),
        "deu": seat(game, "Dora", "deu"),
    }


async def test_a_player_gets_a_snapshot_of_their_own_view(game, table):
    socket = await player_socket(game, table["idn"])
    snapshot = await receive(socket, "snapshot")
    view = snapshot["view"]
    assert view["me"]["country"] == "idn" and view["me"]["head"]
    assert view["own"]["budget"] == pytest.approx(view["countries"]["idn"]["budget"])
    assert snapshot["seq"] == 8  # joined and seated: 4 × (player_joined + seat_taken)
    assert view["game"]["code"] == game.code
    await socket.disconnect()


async def test_an_unknown_game_code_is_answered_then_closed(game):
    socket = WebsocketCommunicator(application, "/ws/games/ZZZZZZ/play/", headers=[ORIGIN])
    await socket.connect()
    error = await receive(socket)
    assert error["type"] == "error" and error["code"] == "unknown_code"
    assert "ZZZZZZ" in error["message"]
    assert (await socket.receive_output(timeout=2))["code"] == 4404


async def test_a_browser_without_a_seat_cookie_is_refused(game):
    socket = WebsocketCommunicator(application, f"/ws/games/{game.code}/play/", headers=[ORIGIN])
    await socket.connect()
    assert (await receive(socket))["code"] == "not_in_game"
    assert (await socket.receive_output(timeout=2))["code"] == 4403


async def test_a_forged_seat_cookie_is_refused(game, table):
    forged = identity.player_token(game, table["idn"]) + "x"
    socket = WebsocketCommunicator(
        application,
        f"/ws/games/{game.code}/play/",
        headers=[ORIGIN, cookie_header(**{f"mufakat_{game.code}": forged})],
    )
    await socket.connect()
    assert (await receive(socket))["code"] == "not_in_game"


async def test_only_the_games_facilitator_can_facilitate(game, facilitator):
    stranger = await database_sync_to_async(get_user_model().objects.create_user)(
        "lain", password="x"
    )
    socket = await facilitator_socket(game, stranger)
    assert (await receive(socket))["code"] == "facilitator_only"
    owner = await facilitator_socket(game, facilitator)
    assert (await receive(owner))["type"] == "snapshot"
    await owner.disconnect()


async def test_the_projector_needs_the_signed_key(game):
    bad = WebsocketCommunicator(
        application, f"/ws/games/{game.code}/projector/?key=nope", headers=[ORIGIN]
    )
    await bad.connect()
    assert (await receive(bad))["code"] == "projector_key"
    key = identity.projector_key(game)
    good = WebsocketCommunicator(
        application, f"/ws/games/{game.code}/projector/?key={key}", headers=[ORIGIN]
    )
    await good.connect()
    snapshot = await receive(good, "snapshot")
    assert "me" not in snapshot["view"] and snapshot["view"]["members"] == []
    await good.disconnect()


async def test_only_the_facilitators_socket_carries_a_django_session_and_user(
    game, facilitator, table, monkeypatch
):
    """A student is known by a signed cookie, the projector by a signed key: their sockets
    (all but one of a class) keep no session or lazy user for as long as they are open."""
    from game import consumers

    scopes = {}
    for name, kind in (
        ("player", consumers.PlayerConsumer),
        ("facilitator", consumers.FacilitatorConsumer),
    ):
        original = kind.connect

        async def spy(self, original=original, name=name):
            scopes[name] = self.scope
            await original(self)

        monkeypatch.setattr(kind, "connect", spy)
    student = await player_socket(game, table["idn"])
    teacher = await facilitator_socket(game, facilitator)
    assert (await receive(student))["type"] == "snapshot"
    assert (await receive(teacher))["type"] == "snapshot"

    assert "session" not in scopes["player"] and "user" not in scopes["player"]
    assert f"mufakat_{game.code}" in scopes["player"]["cookies"]
    assert scopes["facilitator"]["user"].pk == facilitator.pk
    await student.disconnect()
    await teacher.disconnect()


async def test_a_foreign_origin_is_rejected(game, table):
    token = identity.player_token(game, table["idn"])
    socket = WebsocketCommunicator(
        application,
        f"/ws/games/{game.code}/play/",
        headers=[
            (b"origin", b"http://evil.example"),
            cookie_header(**{f"mufakat_{game.code}": token}),
        ],
    )
    connected, _ = await socket.connect()
    assert not connected


async def test_chat_reaches_the_others_with_sequence_numbers(game, table):
    ani = await player_socket(game, table["idn"])
    cory = await player_socket(game, table["usa"])
    start = (await receive(cory, "snapshot"))["seq"]
    await receive(ani, "snapshot")
    await send(ani, type="chat", channel="plenary", text="Halo semua", ref="m1")
    assert (await receive(ani, "ack"))["ref"] == "m1"
    update = await receive(cory, "events")
    assert update["prev"] == start and update["seq"] > start
    assert update["events"][0]["data"]["text"] == "Halo semua"
    await ani.disconnect()
    await cory.disconnect()


async def test_a_delegation_message_reaches_only_that_delegation_and_the_facilitator(
    game, table, facilitator
):
    ani = await player_socket(game, table["idn"])
    budi = await player_socket(game, table["idn2"])
    cory = await player_socket(game, table["usa"])
    teacher = await facilitator_socket(game, facilitator)
    for socket in (ani, budi, cory, teacher):
        await receive(socket, "snapshot")
    await send(ani, type="chat", channel="delegation", text="strategi rahasia")
    for insider in (budi, teacher):
        update = await receive(insider, "events")
        assert update["events"][0]["data"]["text"] == "strategi rahasia"
    await nothing_more(cory)
    for socket in (ani, budi, cory, teacher):
        await socket.disconnect()


async def test_a_submitted_policy_shows_its_amounts_only_to_its_delegation(game, table):
    await sync_to_async(phases.start_game)(game_id=game.pk, actor="facilitator")
    for phase in ("briefing", "negotiation"):
        await sync_to_async(phases.advance)(game_id=game.pk, expected=(1, phase), actor="f")
    ani = await player_socket(game, table["idn"])
    budi = await player_socket(game, table["idn2"])
    cory = await player_socket(game, table["usa"])
    snapshot = await receive(ani, "snapshot")
    for socket in (budi, cory):
        await receive(socket, "snapshot")
    budget = snapshot["view"]["own"]["budget"]
    await send(
        ani, type="submit_policy", policy={"development": budget / 2, "mitigation": budget / 2}
    )
    mine = (await receive(budi, "events"))["events"][0]["data"]
    theirs = (await receive(cory, "events"))["events"][0]["data"]
    assert mine["policy"]["mitigation"] == pytest.approx(budget / 2)
    assert theirs == {"country": "idn"}
    for socket in (ani, budi, cory):
        await socket.disconnect()


@pytest.mark.parametrize(
    ("frame", "code", "field"),
    [
        ("{not json", "bad_json", None),
        ("[1, 2]", "bad_json", None),
        (json.dumps({"type": "teleport"}), "unknown_type", "type"),
        (json.dumps({"type": "chat", "channel": "plenary"}), "invalid", "text"),
        (
            json.dumps({"type": "chat", "channel": "plenary", "text": "x", "colour": 1}),
            "invalid",
            "colour",
        ),
        (json.dumps({"type": "submit_policy", "policy": {"aid": -5}}), "invalid", "policy.aid"),
        (
            json.dumps({"type": "submit_policy", "policy": {}, "country": "usa"}),
            "invalid",
            "country",
        ),
        (
            json.dumps({"type": "chat", "channel": "plenary", "text": "x" * 20000}),
            "too_large",
            None,
        ),
        (json.dumps({"type": "submit_policy", "policy": {"development": 1}}), "wrong_phase", None),
        (json.dumps({"type": "sign_agreement", "agreement": "A9"}), "head_only", None),
    ],
)
async def test_bad_input_gets_a_clear_error_and_changes_nothing(game, table, frame, code, field):
    socket = await player_socket(game, table["idn2"])
    before = (await receive(socket, "snapshot"))["seq"]
    if code == "wrong_phase":
        await sync_to_async(phases.start_game)(game_id=game.pk, actor="facilitator")
        await receive(socket, "events")
        before = await sync_to_async(lambda: game.events.count())()
        socket2 = await player_socket(game, table["idn"])
        await receive(socket2, "snapshot")
        await socket2.send_to(text_data=frame)
        error = await receive(socket2, "error")
        await socket2.disconnect()
    else:
        await socket.send_to(text_data=frame)
        error = await receive(socket, "error")
    assert error["code"] == code
    assert error["message"]
    if field is not None:
        assert error["field"] == field
    await send(socket, type="ping", ref="still-there")
    assert (await receive(socket, "pong"))["ref"] == "still-there"
    assert await sync_to_async(lambda: game.events.count())() == before
    await socket.disconnect()


async def test_errors_speak_the_players_language(game, table):
    indonesian = await player_socket(game, table["idn"])
    english = await player_socket(game, table["usa"], lang="en")
    for socket in (indonesian, english):
        await receive(socket, "snapshot")
        await send(socket, type="chat", channel="plenary", text="   ")
    assert (await receive(indonesian, "error"))["message"] == "Pesannya kosong."
    assert (await receive(english, "error"))["message"] == "The message is empty."
    await indonesian.disconnect()
    await english.disconnect()


async def test_events_a_lost_broadcast_carried_are_read_from_the_log(game, table, monkeypatch):
    socket = await player_socket(game, table["idn"])
    seq = (await receive(socket, "snapshot"))["seq"]
    post = sync_to_async(talk.post_message)
    with monkeypatch.context() as patched:
        patched.setattr("game.services.log.broadcast", lambda game_id, events: None)
        await post(game_id=game.pk, player_id=table["usa"], channel="plenary", text="lost")
    await post(game_id=game.pk, player_id=table["deu"], channel="plenary", text="found")
    update = await receive(socket, "events")
    assert update["prev"] == seq
    assert [e["data"]["text"] for e in update["events"]] == ["lost", "found"]
    await socket.disconnect()


async def test_resync_on_request_sends_the_current_view(game, table):
    socket = await player_socket(game, table["idn"])
    await receive(socket, "snapshot")
    await send(socket, type="resync")
    assert (await receive(socket))["type"] == "snapshot"
    await socket.disconnect()


async def test_the_facilitator_runs_the_session_over_the_socket(game, facilitator, table):
    teacher = await facilitator_socket(game, facilitator)
    await receive(teacher, "snapshot")
    await send(teacher, type="set_bot", country="ner", strategy="cooperator", ref="b")
    await receive(teacher, "ack")
    await send(teacher, type="start", ref="s")
    await receive(teacher, "ack")
    await send(teacher, type="advance", round=1, phase="briefing", ref="a")
    await receive(teacher, "ack")
    await send(teacher, type="advance", round=1, phase="briefing", ref="late")
    late = await receive(teacher, "error")
    assert (late["code"], late["ref"]) == ("phase_moved", "late")
    await send(teacher, type="pause")
    await send(teacher, type="extend", seconds=30)
    await send(teacher, type="announce", text="Waktu tambahan 30 detik")
    await send(teacher, type="resync")
    view = (await receive(teacher, "snapshot"))["view"]
    assert view["game"]["status"] == "paused"
    # kelas-6 negotiates for 360 s; the facilitator added 30.
    assert 385 < view["game"]["timer"]["remaining"] <= 390
    assert view["bots"] == {"ner": "cooperator"}
    assert view["messages"][-1]["text"] == "Waktu tambahan 30 detik"
    assert "online" in view
    await teacher.disconnect()


async def test_presence_is_shown_to_the_facilitator(game, facilitator, table):
    teacher = await facilitator_socket(game, facilitator)
    await receive(teacher, "snapshot")
    ani = await player_socket(game, table["idn"])
    arrived = await receive(teacher, "presence")
    assert arrived == {"type": "presence", "player": table["idn"], "online": True}
    await ani.disconnect()
    left = await receive(teacher, "presence")
    assert left["online"] is False
    await teacher.disconnect()


async def test_a_process_subscribes_once_per_game_however_many_sockets_it_holds(game, table):
    sockets = [await player_socket(game, table[key]) for key in ("idn", "idn2", "usa")]
    for socket in sockets:
        await receive(socket, "snapshot")
    layer = get_channel_layer()
    assert len(layer.groups[group_name(game.pk)]) == 1
    for socket in sockets:
        await socket.disconnect()
    assert not layer.groups.get(group_name(game.pk))


async def test_a_student_who_reconnects_leaves_nothing_of_the_old_socket_behind(game, table):
    """Phones drop and reconnect all lesson long: a closed socket's consumer must be freed."""
    import gc

    from game.consumers import GameConsumer

    def alive() -> int:
        gc.collect()
        return sum(isinstance(o, GameConsumer) for o in gc.get_objects())

    stays = await player_socket(game, table["usa"])  # the game keeps a socket here throughout
    await receive(stays, "snapshot")
    before = alive()
    for _ in range(20):
        socket = await player_socket(game, table["idn"])
        await receive(socket, "snapshot")
        await socket.disconnect()
    await talk_later(game, table["deu"])
    await receive(stays, "events")

    assert alive() == before
    await stays.disconnect()


async def talk_later(game, player):
    await sync_to_async(talk.post_message)(
        game_id=game.pk, player_id=player, channel="plenary", text="masih di sini"
    )

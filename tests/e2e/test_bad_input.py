"""Bad input over a real socket: each is answered with an error that names the problem, in
the viewer's language; the socket stays open and the game does not change."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.exceptions import InvalidStatus

from tests.e2e.classroom import Classroom
from tests.e2e.client import Client

pytestmark = pytest.mark.e2e

LIMIT = 16 * 1024
HUGE = json.dumps({"type": "chat", "channel": "plenary", "text": "x" * (LIMIT + 1000)})
POLICY = {"development": 1.0, "mitigation": 1.0}

# (what, frame, code, field, Indonesian message, English message)
CASES = [
    (
        "malformed JSON",
        '{"type": "chat", "channel": ',
        "bad_json",
        None,
        "Pesan ini bukan JSON yang sah.",
        "The message is not valid JSON.",
    ),
    (
        "a binary frame",
        b"\x00\x01\x02",
        "bad_json",
        None,
        "Pesan ini bukan JSON yang sah.",
        "The message is not valid JSON.",
    ),
    (
        "an unknown type",
        json.dumps({"type": "fly", "ref": "u1"}),
        "unknown_type",
        "type",
        "Jenis pesan 'fly' tidak dikenal.",
        "Unknown message type 'fly'.",
    ),
    (
        "a negative amount",
        json.dumps({"type": "propose_policy", "ref": "n1", "policy": {"development": -5}}),
        "invalid",
        "policy.development",
        "policy.development: harus sedikitnya 0.0",
        "policy.development: must be at least 0.0",
    ),
    (
        "a frame over 16 KiB",
        HUGE,
        "too_large",
        None,
        f"Pesan terlalu besar ({len(HUGE)} bita; paling banyak {LIMIT}).",
        f"The message is too large ({len(HUGE)} bytes; at most {LIMIT}).",
    ),
    (
        "submitting in the negotiation phase",
        json.dumps({"type": "submit_policy", "ref": "w1", "policy": POLICY}),
        "wrong_phase",
        None,
        "Menyerahkan kebijakan hanya bisa dilakukan pada fase keputusan (sekarang: negosiasi)",
        "Submitting a policy is only possible in the decision phase (now: negotiation)",
    ),
    (
        "acting for another country",
        json.dumps({"type": "submit_policy", "ref": "c1", "country": "deu", "policy": POLICY}),
        "invalid",
        "country",
        "country: tidak diperbolehkan di sini",
        "country: is not allowed here",
    ),
]
IDS = [case[0] for case in CASES]


async def negotiating(room: Classroom, lang: str | None) -> tuple[Client, Client]:
    """The facilitator and one head of delegation, in round 1's negotiation."""
    servers = len(room.cluster.servers)
    facilitator = await room.connect_facilitator(server=0)
    student = await room.join("Ani", server=servers - 1, lang=lang)
    await room.seat(student, "usa")
    await facilitator.ok("start")
    await room.advance(1, "briefing")
    return facilitator, student.client


@pytest.mark.parametrize("lang", [None, "en"], ids=["default-id", "lang-en"])
async def test_bad_input_gets_a_named_error_and_changes_nothing(cluster, classroom, lang):
    facilitator, student = await negotiating(classroom, lang)
    before = (await facilitator.resync(), facilitator.snapshots[-1]["seq"])

    for what, frame, code, field, indonesian, english in CASES:
        answer = await student.send_raw(frame)
        assert answer["type"] == "error", (what, answer)
        assert (answer["code"], answer["field"]) == (code, field), (what, answer)
        assert answer["message"] == (english if lang == "en" else indonesian), what
        await student.alive()  # the socket stays open

    view = await facilitator.resync()
    assert facilitator.snapshots[-1]["seq"] == before[1]
    assert view["messages"] == before[0]["messages"] and view["proposals"] == []
    assert view["policies"] == {}


async def test_a_schema_error_is_worded_entirely_in_the_viewers_language(cluster, classroom):
    _, student = await negotiating(classroom, "en")
    for what, frame, code, _field, _indonesian, english in CASES:
        if code == "invalid":
            answer = await student.send_raw(frame)
            assert answer["message"] == english, what


async def test_an_error_echoes_the_ref_of_the_message_it_answers(cluster, classroom):
    _, student = await negotiating(classroom, None)
    for what, frame, _code, *_ in CASES:
        sent = json.loads(frame) if isinstance(frame, str) and frame.endswith("}") else {}
        if isinstance(sent, dict) and "ref" in sent:
            answer = await student.send_raw(frame)
            assert answer["ref"] == sent["ref"], (what, answer)


async def test_a_student_never_names_the_country_they_act_for(cluster, classroom):
    facilitator, student = await negotiating(classroom, None)
    seq = facilitator.last_seq
    await classroom.advance(1, "negotiation")
    frame = {"type": "submit_policy", "country": "deu", "policy": POLICY}
    answer = await student.send_raw(json.dumps(frame))
    assert (answer["type"], answer["code"], answer["field"]) == ("error", "invalid", "country")
    await student.ok("submit_policy", policy=POLICY)
    view = await facilitator.resync()
    assert list(view["policies"]) == ["usa"]
    assert facilitator.snapshots[-1]["seq"] > seq


@pytest.mark.parametrize("lang", [None, "en"], ids=["default-id", "lang-en"])
async def test_an_unknown_game_code_is_refused_over_http_and_websocket(cluster, lang):
    server = cluster.servers[-1]
    headers = {"Accept-Language": "en"} if lang == "en" else {}
    status, response_headers, body = await asyncio.to_thread(
        cluster.http,
        "POST",
        "/api/games/ZZZZZZ/join",
        server=len(cluster.servers) - 1,
        body={"name": "Budi"},
        headers={**cluster.csrf(), **headers},
    )
    indonesian = "Tidak ada permainan dengan kode 'ZZZZZZ'. Periksa lagi dengan gurumu."
    english = "No game has the code 'ZZZZZZ'. Check it with your teacher."
    assert status == 404
    assert response_headers["content-type"] == ["application/json"]
    answer = json.loads(body)
    assert (answer["type"], answer["code"]) == ("error", "unknown_code")
    assert answer["message"] == (english if lang else indonesian)

    query = "?lang=en" if lang else ""
    client = Client("stranger", server.ws(f"/ws/games/ZZZZZZ/play/{query}"), origin=server.origin)
    await client.open()
    await client.wait_for(lambda: client.close_code is not None, "the socket to close")
    assert [f["type"] for f in client.frames] == ["error"]
    assert client.frames[0]["code"] == "unknown_code"
    assert client.frames[0]["message"] == (english if lang else indonesian)
    assert client.close_code == 4404


async def test_a_socket_without_the_right_credentials_is_told_why_and_closed_with_4403(
    cluster, classroom
):
    other = await Classroom.create(cluster)
    stranger = await asyncio.to_thread(cluster.join, other.code, "Budi")
    server = cluster.servers[-1]
    token = stranger.cookie.split("=", 1)[1]
    attempts = {
        # Budi's seat cookie is for another game, renamed for this one.
        "not_in_game": ("play/", f"mufakat_{classroom.code}={token}"),
        "facilitator_only": ("facilitate/", None),
        "projector_key": (f"projector/?key={other.projector_key}", None),
    }
    for code, (path, cookie) in attempts.items():
        url = server.ws(f"/ws/games/{classroom.code}/{path}")
        client = Client(code, url, origin=server.origin, cookie=cookie)
        await client.open()
        await client.wait_for(lambda c=client: c.close_code is not None, "the socket to close")
        assert [(f["type"], f["code"]) for f in client.frames] == [("error", code)]
        assert client.close_code == 4403, code


async def test_a_socket_opened_from_another_site_is_refused(cluster, classroom):
    server = cluster.servers[0]
    url = server.ws(f"/ws/games/{classroom.code}/projector/?key={classroom.projector_key}")
    with pytest.raises(InvalidStatus) as refused:
        await Client("evil", url, origin="http://evil.example").open()
    assert refused.value.response.status_code == 403

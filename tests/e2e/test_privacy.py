"""Privacy per kind of channel, end to end: what a viewer may not see never reaches its socket,
neither as an event nor in a snapshot."""

from __future__ import annotations

import json

import pytest

from tests.e2e.classroom import Classroom, Student
from tests.e2e.client import Client

pytestmark = pytest.mark.e2e


def told(client: Client, secret: str) -> bool:
    """Whether any frame this client received contains ``secret`` anywhere."""
    return any(secret in json.dumps(frame, ensure_ascii=False) for frame in client.frames)


def audience(room: Classroom, secret: str) -> set[str]:
    return {client.label for client in room.clients if told(client, secret)}


def labels(*viewers: Student | Client) -> set[str]:
    return {v.client.label if isinstance(v, Student) else v.label for v in viewers}


async def test_each_channel_reaches_only_its_readers_and_the_projector_sees_nothing_private(
    cluster, classroom: Classroom
):
    room = classroom
    servers = len(cluster.servers)
    facilitator = await room.connect_facilitator(server=0)
    projector = await room.connect_projector(server=servers - 1)
    names = [("Ani", "usa"), ("Budi", "usa"), ("Citra", "deu"), ("Dewi", "idn"), ("Eko", "nga")]
    students = [await room.join(name, server=i % servers) for i, (name, _) in enumerate(names)]
    ani, budi, citra, dewi, eko = students
    for student, (_, country) in zip(students, names, strict=True):
        await room.seat(student, country)
    await facilitator.ok("start")
    await room.advance(1, "briefing")

    # A delegation's conversation: the delegation and the facilitator.
    await budi.client.ok("chat", channel="delegation", text="RAHASIA-USA tawar 30 saja")
    # A private group: its countries and the facilitator.
    await citra.client.ok("create_group", countries=["idn"], title="KELOMPOK-DEU-IDN")
    group = (await dewi.client.until_event("group_created"))["data"]["group"]
    await dewi.client.ok("chat", channel=f"group:{group}", text="RAHASIA-GRUP usul bersama")
    # A help request and its answer: the one student and the facilitator.
    await eko.client.ok("help", text="RAHASIA-BANTUAN cara menandatangani?")
    await facilitator.ok("answer_help", player=eko.id, text="RAHASIA-JAWABAN tekan Tanda tangan")
    # An announcement to one delegation.
    await facilitator.ok("announce", text="RAHASIA-UMUMKAN-DEU", country="deu")
    # Someone outside a group cannot write into it, nor into a help channel.
    await ani.client.refused("chat", "unknown_group", channel=f"group:{group}", text="menyusup")
    await ani.client.refused("chat", "unknown_group", channel=f"help:{eko.id}", text="menyusup")

    await room.advance(1, "negotiation")
    # A member's proposal: the delegation and the facilitator.
    budget = (await ani.client.resync())["own"]["budget"]
    proposal = {"development": budget * 0.5, "mitigation": budget * 0.111111}
    await budi.client.ok("propose_policy", policy=proposal)
    # A submitted policy: its amounts go to the delegation and the facilitator only.
    submitted = {"development": budget * 0.4, "mitigation": budget * 0.123456789}
    await ani.client.ok("submit_policy", policy=submitted)
    await room.barrier("Semua pesan sudah sampai")

    usa, facilitator_only = labels(ani, budi, facilitator), labels(facilitator)
    assert audience(room, "RAHASIA-USA") == usa
    assert audience(room, "KELOMPOK-DEU-IDN") == labels(citra, dewi, facilitator)
    assert audience(room, "RAHASIA-GRUP") == labels(citra, dewi, facilitator)
    assert audience(room, "RAHASIA-BANTUAN") == labels(eko) | facilitator_only
    assert audience(room, "RAHASIA-JAWABAN") == labels(eko) | facilitator_only
    assert audience(room, "RAHASIA-UMUMKAN-DEU") == labels(citra, facilitator)
    assert audience(room, json.dumps(budget * 0.111111)) == usa
    assert audience(room, json.dumps(budget * 0.123456789)) == usa

    # Everyone else learns only that the United States has submitted.
    for viewer in (citra.client, dewi.client, eko.client, projector):
        shown = [e for e in viewer.events if e["type"] == "policy_submitted"]
        assert [e["data"] for e in shown] == [{"country": "usa"}], viewer.label
        assert not any(e["type"] == "policy_proposed" for e in viewer.events), viewer.label
    for member in (ani, budi):
        shown = member.client.saw("policy_submitted", country="usa")
        assert shown is not None, member.client.label
        assert shown["data"]["policy"]["mitigation"] == submitted["mitigation"]

    # The projector was told only public messages, and its snapshot holds nothing more.
    public = {"plenary", "statements", "announcements"}
    assert {m["channel"] for m in projector.messages()} <= public
    for student in students:
        await student.client.resync()
    view = await projector.resync()
    assert {m["channel"] for m in view["messages"]} <= public
    assert view["members"] == [] and "me" not in view and "own" not in view
    assert "groups" not in view and "policies" not in view and "proposals" not in view
    # Snapshots keep the same secrets as the events did (nothing new appears on resync).
    assert audience(room, "RAHASIA-USA") == usa
    assert audience(room, json.dumps(budget * 0.123456789)) == usa
    assert audience(room, "KELOMPOK-DEU-IDN") == labels(citra, dewi, facilitator)
    assert citra.client.view["own"]["policy"] is None
    assert budi.client.view["own"]["policy"]["mitigation"] == submitted["mitigation"]
    assert [p["player"] for p in budi.client.view["own"]["proposals"]] == [budi.id]
    assert "policies" not in budi.client.view
    facilitator_view = await facilitator.resync()
    assert facilitator_view["policies"]["usa"]["mitigation"] == submitted["mitigation"]

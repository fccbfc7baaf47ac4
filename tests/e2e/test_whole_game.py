"""A whole kelas-6 game played through the protocol by scripted clients, on real servers."""

from __future__ import annotations

import asyncio

import pytest

from tests.e2e.classroom import Classroom, Student

pytestmark = pytest.mark.e2e

# Six students in five delegations (two of them share the United States); a bot plays Niger.
SEATING = [
    ("Ani", "usa"),
    ("Budi", "usa"),
    ("Citra", "deu"),
    ("Dewi", "idn"),
    ("Eko", "ind"),
    ("Fajar", "nga"),
]
BOT = ("ner", "cooperator")

PLEDGE = {
    "title": "Dana iklim bersama",
    "issue": "climate",
    "kind": "pledge",
    "terms": {
        "developed": {"min_mitigation": 0.2},
        "emerging": {"min_mitigation": 0.15},
        "developing": {"min_mitigation": 0.05},
    },
    "threshold": {"members": 2},
    "duration": 3,
}


def policy_for(view: dict) -> dict:
    """A sensible national policy within this round's budget and any binding minimum."""
    own = view["own"]
    budget = own["budget"]
    shares = {
        "development": 0.5,
        "mitigation": 0.2,
        "security": 0.1,
        "migration": 0.05,
        "aid": 0.05,
    }
    policy = {line: share * budget for line, share in shares.items()}
    for line, minimum in own["minimums"].items():
        policy[line] = max(policy[line], minimum["amount"])
    return {**policy, "trade": "open", "borders": "open"}


async def seat_the_class(room: Classroom) -> list[Student]:
    servers = len(room.cluster.servers)
    students = [await room.join(name, server=i % servers) for i, (name, _) in enumerate(SEATING)]
    for student, (_, country) in zip(students, SEATING, strict=True):
        await room.seat(student, country)
    return students


async def negotiate(room: Classroom, students: list[Student]) -> str:
    """Round 1's negotiation: talk on every kind of channel, then a pledge is drafted,
    opened and signed by two heads."""
    ani, budi, citra, dewi, _eko, _fajar = students
    await citra.client.ok("chat", channel="plenary", text="Selamat pagi, semua delegasi!")
    await budi.client.ok("chat", channel="delegation", text="Kita usulkan dana iklim?")
    await citra.client.ok("create_group", countries=["idn"], title="Jerman–Indonesia")
    group = await dewi.client.until_event("group_created", creator="deu")
    await dewi.client.ok(
        "chat", channel=f"group:{group['data']['group']}", text="Setuju, mari bicara."
    )

    await ani.client.ok("draft_agreement", draft=PLEDGE)
    drafted = await ani.client.until_event("agreement_drafted")
    agreement = drafted["data"]["agreement"]["id"]
    await ani.client.ok("open_agreement", agreement=agreement)
    await ani.client.ok("sign_agreement", agreement=agreement)
    await citra.client.ok("sign_agreement", agreement=agreement)
    await room.everyone_sees("agreement_signed", id=agreement, country="deu")
    return agreement


async def decide(room: Classroom, students: list[Student], round_: int) -> None:
    """Every head submits; in the United States the member proposes and the head accepts."""
    ani, budi, *heads = students
    budi_view = await budi.client.resync()
    await budi.client.ok("propose_policy", policy=policy_for(budi_view))
    proposal = await ani.client.until_event("policy_proposed", round=round_)
    await ani.client.ok("accept_proposal", proposal=proposal["seq"])

    async def submit(head: Student) -> None:
        view = await head.client.resync()
        await head.client.ok("submit_policy", policy=policy_for(view))

    await asyncio.gather(*(submit(head) for head in heads))  # the heads decide at once
    assert room.facilitator is not None
    await room.facilitator.wait_for(
        lambda: _all_submitted(room, round_), f"six policies in round {round_}"
    )


def _all_submitted(room: Classroom, round_: int) -> bool:
    """The facilitator saw a policy of every country since this round's decision began."""
    facilitator = room.facilitator
    assert facilitator is not None
    start = facilitator.saw("phase_changed", round=round_, phase="decision")
    if start is None:
        return False
    countries = {
        e["data"]["country"]
        for e in facilitator.events
        if e["type"] == "policy_submitted" and e["seq"] > start["seq"]
    }
    game = facilitator.view["game"]
    if (game["round"], game["phase"]) == (round_, "decision"):  # a snapshot caught it up
        countries |= set(facilitator.view["submitted"])
    return len(countries) == 6


async def test_a_whole_kelas6_game_played_over_the_protocol_ends_where_the_replay_ends(
    cluster, classroom
):
    room = classroom
    last = len(cluster.servers) - 1
    facilitator = await room.connect_facilitator(server=0)
    await room.connect_projector(server=last)
    students = await seat_the_class(room)
    await facilitator.ok("set_bot", country=BOT[0], strategy=BOT[1])
    await room.everyone_sees("bot_assigned", country=BOT[0])
    await room.barrier("Semua sudah duduk")

    await facilitator.ok("start")
    await room.everyone_sees("phase_changed", round=1, phase="briefing")
    for round_ in range(1, 7):
        await room.advance(round_, "briefing")
        if round_ == 1:
            agreement = await negotiate(room, students)
        await room.advance(round_, "negotiation")
        await decide(room, students, round_)
        await room.advance(round_, "decision")
        await room.advance(round_, "results")
    await room.everyone_sees("status_changed", status="finished")

    replay = await room.replay()
    state = replay["state"]
    expected = {
        "countries": {
            cid: {"wealth": c["wealth"], "score": c["score"]}
            for cid, c in state["countries"].items()
        },
        "world": state["world"],
        "history": len(state["history"]),
    }
    assert state["phase"] == "finished" and expected["history"] == 6
    assert {"usa", "deu"} <= set(state["agreements"][agreement]["signatories"])
    # Every country's own policy counted in every round (the bot's and the accepted proposal
    # included): none fell back to a default.
    assert [record["fallbacks"] for record in state["history"]] == [[]] * 6
    for client in room.clients:
        derived = {key: client.derived[key] for key in ("countries", "world", "history")}
        assert derived == expected, f"{client.label} derived another ending"
        assert client.derived["status"] == "finished", client.label
        assert client.chain_breaks == [], (client.label, client.chain_breaks)

    view = await facilitator.resync()
    assert view["game"]["status"] == "finished"
    assert len(view["history"]) == expected["history"]
    assert view["world"] == state["world"]
    for cid, country in expected["countries"].items():
        shown = view["countries"][cid]
        assert (shown["wealth"], shown["score"]) == (country["wealth"], country["score"]), cid
    assert view["world"]["gini"] == state["world"]["gini"]
    assert view["world"]["welfare"] == state["world"]["welfare"]
    assert facilitator.snapshots[-1]["seq"] == replay["seq"]

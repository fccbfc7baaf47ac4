"""A phase ends exactly once: however many clocks notice its deadline, whoever clicks
"advance" at the same instant, and across a crash of every server process."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import datetime

import pytest

from tests.e2e.cluster import CLOCK_TICK, Cluster

pytestmark = pytest.mark.e2e

RACING_GAMES = 6
TICK = float(CLOCK_TICK)


def transitions(log: list[dict], round_: int = 1) -> Counter[str]:
    """How often the log records leaving round ``round_``'s decision phase."""
    found: Counter[str] = Counter()
    for event in log:
        data = event["data"]
        if event["type"] == "round_resolved" and data["round"] == round_:
            found["round_resolved"] += 1
        moment = (data.get("round"), data.get("phase"))
        if event["type"] == "phase_changed" and moment == (round_, "results"):
            found["results"] += 1
    return found


async def shell(cluster: Cluster, task: str, **kwargs):
    return await asyncio.to_thread(cluster.shell, task, **kwargs)


async def test_every_clock_notices_a_passed_deadline_but_each_round_resolves_once(cluster):
    owner = cluster.facilitator["user"]
    codes = await shell(cluster, "games_in_decision", owner=owner, count=RACING_GAMES)
    # Every process's clock is running (any request starts it); the deadlines pass at once.
    await shell(cluster, "set_deadlines", codes=codes, seconds=-1)

    limit = time.monotonic() + 15
    while True:
        logs = await shell(cluster, "logs", codes=codes)
        if all(transitions(log)["results"] for log in logs.values()) or time.monotonic() > limit:
            break
        await asyncio.sleep(0.5)
    await asyncio.sleep(2 * TICK)  # two more ticks of every clock: a second resolution shows
    logs = await shell(cluster, "logs", codes=codes)
    for code, log in logs.items():
        assert transitions(log) == {"round_resolved": 1, "results": 1}, code
        actors = {e["actor"] for e in log if e["type"] == "round_resolved"}
        assert actors == {"clock"}, code
        seqs = [e["seq"] for e in log]
        assert seqs == list(range(1, len(seqs) + 1)), code


async def test_a_facilitator_advance_at_the_deadline_changes_the_phase_once(cluster, classroom):
    room = classroom
    facilitators = [await room.connect_facilitator(server=n) for n in range(len(cluster.servers))]
    head = await room.join("Ani", server=0)
    await room.seat(head, "usa")
    await facilitators[0].ok("start")
    await room.advance(1, "briefing")
    await room.advance(1, "negotiation")

    deadline = datetime.fromisoformat(await room.set_deadline(1.5))
    await asyncio.sleep(max(0.0, deadline.timestamp() - time.time()))
    # Every facilitator console (one per process) clicks "advance" the instant time is up,
    # racing each other and every process's clock.
    answers = await asyncio.gather(
        *(f.request("advance", round=1, phase="decision") for f in facilitators)
    )
    assert [a["type"] for a in answers].count("ack") <= 1, answers
    assert all(a["type"] == "ack" or a["code"] == "phase_moved" for a in answers), answers

    await room.everyone_sees("phase_changed", round=1, phase="results")
    late = await facilitators[0].refused("advance", "phase_moved", round=1, phase="decision")
    assert late["message"] == "Fase sudah berganti; tidak ada yang diubah."
    await asyncio.sleep(2 * TICK)  # two more ticks of every clock
    assert transitions(await room.log()) == {"round_resolved": 1, "results": 1}


async def test_a_crash_of_every_server_mid_phase_loses_nothing_and_the_round_resolves_once(
    cluster, classroom
):
    room = classroom
    servers = len(cluster.servers)
    facilitator = await room.connect_facilitator(server=0)
    names = ("Ani", "Budi", "Citra")
    ani, budi, citra = [await room.join(n, server=i % servers) for i, n in enumerate(names)]
    await room.seat(ani, "usa")
    await room.seat(budi, "usa")
    await room.seat(citra, "deu")
    await facilitator.ok("start")
    await room.advance(1, "briefing")
    await budi.client.ok("chat", channel="delegation", text="Sebelum padam: delegasi")
    await citra.client.ok("chat", channel="plenary", text="Sebelum padam: pleno")
    await ani.client.ok("draft_agreement", draft={"title": "Pakta", "issue": "climate"})
    agreement = (await ani.client.until_event("agreement_drafted"))["data"]["agreement"]["id"]
    await ani.client.ok("open_agreement", agreement=agreement)
    await ani.client.ok("sign_agreement", agreement=agreement)
    await citra.client.ok("sign_agreement", agreement=agreement)
    await room.advance(1, "negotiation")
    await ani.client.ok("submit_policy", policy={"development": 10.0, "mitigation": 5.0})
    await citra.client.ok("submit_policy", policy={"development": 2.0})
    # Every process dies at once, mid-phase, with most of the decision phase's time left.
    stored = (await facilitator.resync())["game"]["timer"]["deadline"]
    assert stored is not None
    await asyncio.to_thread(cluster.restart, kill=True)
    for client in room.clients:
        await client.wait_for(lambda c=client: c.close_code is not None, "the socket to drop")
    await room.reconnect_all()

    for client in room.clients:
        game, view = client.view["game"], client.view
        assert (game["round"], game["phase"]) == (1, "decision"), client.label
        assert game["timer"]["deadline"] == stored, client.label  # the same timer runs on
        assert sorted(view["submitted"]) == ["deu", "usa"], client.label
        signed = {a["id"]: a["signatories"] for a in view["agreements"]}
        assert {"usa", "deu"} <= set(signed[agreement]), client.label
        assert "Sebelum padam: pleno" in [m["text"] for m in view["messages"]], client.label
    for viewer in (ani.client, budi.client, facilitator):
        texts = [m["text"] for m in viewer.view["messages"]]
        assert "Sebelum padam: delegasi" in texts, viewer.label
    assert "Sebelum padam: delegasi" not in [m["text"] for m in citra.client.view["messages"]]
    assert ani.client.view["own"]["policy"]["mitigation"] == 5.0
    assert budi.client.view["own"]["policy"]["mitigation"] == 5.0

    # Time passes (the stored deadline is brought to now rather than waited for): the
    # restarted clocks end the phase once, with the policies submitted before the crash.
    deadline = await room.set_deadline(0.0)
    await room.everyone_sees("round_resolved", round=1)
    await asyncio.sleep(2 * TICK)
    log = await room.log()
    assert transitions(log) == {"round_resolved": 1, "results": 1}
    resolved = next(e for e in log if e["type"] == "round_resolved")
    assert resolved["actor"] == "clock"
    assert datetime.fromisoformat(resolved["at"]) >= datetime.fromisoformat(deadline)
    assert not {"usa", "deu"} & set(resolved["data"]["fallbacks"])  # their own, not defaults
    policies = resolved["data"]["policies"]
    assert policies["usa"]["mitigation"] == 5.0 and policies["deu"]["development"] == 2.0
    for client in room.clients:
        assert client.chain_breaks == [], (client.label, client.chain_breaks)

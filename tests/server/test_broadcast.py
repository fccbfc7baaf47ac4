"""A service hands its broadcast to the server's loop and returns; the loop publishes every
message in commit order, what queued up meanwhile as one batch."""

import asyncio
import threading

import pytest
from asgiref.sync import SyncToAsync

from game import broadcast


class RecordingLayer:
    """A channel layer that takes a while to publish and remembers each batch."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.held = True
        self.release: asyncio.Event | None = None

    async def group_send_many(self, messages) -> None:
        if self.held:
            self.release = self.release or asyncio.Event()
            await self.release.wait()
        assert all(group == f"game-{message['game']}" for group, message in messages)
        self.batches.append([message["n"] for _, message in messages])


@pytest.fixture
def layer(monkeypatch) -> RecordingLayer:
    found = RecordingLayer()
    monkeypatch.setattr(broadcast, "get_channel_layer", lambda: found)
    return found


def _publish_from_a_database_thread(loop: asyncio.AbstractEventLoop, numbers: range) -> None:
    """What a service's on-commit hook does, on a thread Channels handed the work to."""
    SyncToAsync.threadlocal.main_event_loop = loop
    SyncToAsync.threadlocal.main_event_loop_pid = broadcast.os.getpid()
    try:
        for n in numbers:
            broadcast._publish({"type": "game.events", "game": 7, "n": n})
    finally:
        del SyncToAsync.threadlocal.main_event_loop  # the thread may serve another test next


async def test_a_service_does_not_wait_for_its_broadcast(layer) -> None:
    loop = asyncio.get_running_loop()
    thread = threading.Thread(target=_publish_from_a_database_thread, args=(loop, range(1)))
    thread.start()
    # The layer has not published anything (it is held), yet the thread is done.
    await asyncio.to_thread(thread.join, 5)
    assert not thread.is_alive()
    assert layer.batches == []

    await _until(lambda: layer.release is not None)  # the publish has begun, and waits
    layer.release.set()
    await _until(lambda: layer.batches)
    assert layer.batches == [[0]]


async def test_messages_queued_behind_a_slow_publish_go_out_together_in_order(layer) -> None:
    loop = asyncio.get_running_loop()
    await asyncio.to_thread(_publish_from_a_database_thread, loop, range(1))
    await _until(lambda: layer.release is not None)  # the first batch is on its way, held
    await asyncio.to_thread(_publish_from_a_database_thread, loop, range(1, 6))

    layer.release.set()
    await _until(lambda: sum(len(batch) for batch in layer.batches) == 6)

    assert layer.batches == [[0], [1, 2, 3, 4, 5]]


def test_outside_the_server_a_broadcast_is_published_before_the_call_returns(
    layer, monkeypatch
) -> None:
    layer.held = False  # a management command or a test: no server loop to hand it to
    # An earlier test's async code may have left its (finished) loop in this thread's record.
    monkeypatch.delattr(SyncToAsync.threadlocal, "main_event_loop", raising=False)

    broadcast._publish({"type": "game.events", "game": 7, "n": 1})

    assert layer.batches == [[1]]


def test_a_broadcast_while_the_server_stops_is_skipped_not_left_waiting(layer, caplog) -> None:
    stopped = asyncio.new_event_loop()  # not running: what a stopping server's loop is
    SyncToAsync.threadlocal.main_event_loop = stopped
    SyncToAsync.threadlocal.main_event_loop_pid = broadcast.os.getpid()
    try:
        broadcast._publish({"type": "game.events", "game": 7, "n": 1})
    finally:
        del SyncToAsync.threadlocal.main_event_loop
        stopped.close()

    assert layer.batches == []
    assert "a broadcast was skipped" in caplog.text


async def _until(condition, seconds: float = 2.0) -> None:
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)

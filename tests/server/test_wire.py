"""A frame shared by many sockets is encoded once and written as Autobahn would write it,
and only where that is exactly what Daphne would do (game/wire.py)."""

from __future__ import annotations

from collections import deque
from functools import partial

import pytest
from daphne.server import Server
from daphne.ws_protocol import WebSocketProtocol

from game import wire


class Transport:
    def __init__(self) -> None:
        self.written: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.written.append(data)


class Consumer:
    """What wire.send asks of a consumer: its ASGI send, and its ordinary way to send."""

    def __init__(self, base_send: object) -> None:
        self.base_send = base_send
        self.ordinary: list[str] = []

    async def send(self, text_data: str) -> None:
        self.ordinary.append(text_data)


def daphne_socket() -> tuple[Server, WebSocketProtocol, Consumer]:
    """An open socket as Daphne holds it: the protocol, and the partial it hands the app."""
    server = Server.__new__(Server)
    protocol = WebSocketProtocol()
    protocol.state = WebSocketProtocol.STATE_OPEN
    protocol.send_queue = deque()
    protocol._perMessageCompress = None
    protocol.transport = Transport()
    server.connections = {protocol: {"connected": 0.0}}
    return server, protocol, Consumer(partial(server.handle_reply, protocol))


def unmasked_text_frame(payload: bytes) -> bytes:
    """RFC 6455: FIN + text opcode, no mask, then the length (7 bits, or 126 and 16 bits)."""
    if len(payload) <= 125:
        return bytes([0x81, len(payload)]) + payload
    return bytes([0x81, 126]) + len(payload).to_bytes(2, "big") + payload


@pytest.mark.parametrize("text", ['{"type":"ack"}', '{"t":"' + "é" * 300 + '"}'])
async def test_an_open_daphne_socket_gets_the_frame_written_to_its_transport(text) -> None:
    _, protocol, consumer = daphne_socket()
    await wire.send(consumer, wire.Frame(text))
    assert protocol.transport.written == [unmasked_text_frame(text.encode())]
    assert consumer.ordinary == []


def test_a_frame_is_encoded_once_for_every_socket() -> None:
    frame = wire.Frame('{"type":"events"}')
    assert frame.wire() is frame.wire()


@pytest.mark.parametrize(
    "condition",
    ["told it disconnected", "closing", "compressing", "queued", "gone"],
)
async def test_anything_but_a_plain_open_socket_takes_the_ordinary_way(condition) -> None:
    server, protocol, consumer = daphne_socket()
    if condition == "told it disconnected":
        server.connections[protocol]["disconnected"] = 1.0
    elif condition == "closing":
        protocol.state = WebSocketProtocol.STATE_CLOSING
    elif condition == "compressing":
        protocol._perMessageCompress = object()
    elif condition == "queued":
        protocol.send_queue.append((b"earlier", False))
    else:
        del server.connections[protocol]
    await wire.send(consumer, wire.Frame("{}"))
    assert consumer.ordinary == ["{}"] and protocol.transport.written == []


async def test_a_socket_not_served_by_daphne_takes_the_ordinary_way() -> None:
    async def asgi_send(message: dict) -> None:
        raise AssertionError("wire.send must go through the consumer's own send")

    consumer = Consumer(asgi_send)
    await wire.send(consumer, wire.Frame("{}"))
    assert consumer.ordinary == ["{}"]

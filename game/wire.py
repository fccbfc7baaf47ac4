"""A frame's WebSocket bytes, made once however many sockets it goes to.

The hub (game.fanout) hands the same text to every socket of an audience: a chat line to a
delegation, a round's results (20 KB) to every player of the process. Through Channels and
Daphne each socket paid for it again: two consumer ``send`` layers, Daphne's reply handler,
the UTF-8 encoding of the text, Autobahn framing it and formatting a debug line per frame
(py-spy: 14 % of a busy server process). ``Frame`` encodes and frames a text once
(Autobahn's own ``PreparedMessage``, made for broadcasting), and ``send`` writes those bytes
to the socket's transport.

``send`` takes the short way only where it means exactly what Daphne would do: a socket
served by Daphne, open, not yet told it disconnected, without per-message compression, with
nothing queued in Autobahn ahead of it. Anything else (another ASGI server, the tests'
communicator, a closing socket) goes through the consumer's ordinary ``send``.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from autobahn.websocket.protocol import PreparedMessage, WebSocketProtocol
from daphne.server import Server

if TYPE_CHECKING:
    from channels.generic.websocket import AsyncWebsocketConsumer


class Frame:
    """One text frame, for any number of sockets."""

    __slots__ = ("_prepared", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._prepared: PreparedMessage | None = None

    def wire(self) -> bytes:
        """The whole WebSocket frame as a server sends it (unmasked, one fragment)."""
        if self._prepared is None:
            self._prepared = PreparedMessage(
                self.text.encode(), isBinary=False, applyMask=False, doNotCompress=True
            )
        return self._prepared.payloadHybi


def _open_protocol(send: Any) -> WebSocketProtocol | None:
    """The Autobahn protocol behind a consumer's ASGI ``send``, if Daphne serves it and it
    is open with nothing queued: Daphne hands each application
    ``partial(server.handle_reply, protocol)``."""
    if not isinstance(send, partial) or len(send.args) != 1:
        return None
    server = getattr(send.func, "__self__", None)
    if not isinstance(server, Server):
        return None
    protocol = send.args[0]
    details = server.connections.get(protocol)
    if (
        details is None
        or "disconnected" in details
        or not isinstance(protocol, WebSocketProtocol)
        or protocol.state != WebSocketProtocol.STATE_OPEN
        or protocol._perMessageCompress is not None
        or protocol.send_queue
    ):
        return None
    return protocol


async def send(consumer: AsyncWebsocketConsumer, frame: Frame) -> None:
    protocol = _open_protocol(consumer.base_send)
    if protocol is None:
        await consumer.send(text_data=frame.text)
        return
    protocol.transport.write(frame.wire())

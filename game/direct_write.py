"""Frames go to the kernel when they are written, not on the event loop's next turn.

Twisted's TCP transport (under Daphne) never writes at once: ``write`` appends to a buffer
and registers the socket with epoll for writing; on the loop's next turn the reactor calls
``doWrite``, which sends the buffer and unregisters the socket again. Every frame a process
sends thus costs two ``epoll_ctl`` calls and a callback through Twisted's logging context:
under the benchmark's classroom load that was about a tenth of each server process's CPU
(py-spy: ``addWriter`` 5.6 %, ``doWrite`` 5.7 %), for sockets whose kernel buffer is almost
always empty.

``install`` makes a plain TCP connection with nothing buffered send at once, as asyncio's
own transports do, and leaves the rest (a full kernel buffer, TLS, a paused or pulling
producer, a closing or lost connection) to Twisted's own path: what could not be sent at
once is buffered there, in order, and a lost connection is noticed by ``doWrite`` as
before. Every WebSocket has a streaming producer (the HTTP channel it was upgraded from
registers itself with the transport, and Daphne leaves it there); a streaming producer is
paused only when the buffer grows, so with nothing buffered there is nothing to tell it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from twisted.internet import tcp

_buffered: Callable[[Any, bytes], None] | None = None


def _write(self: Any, data: bytes) -> None:
    if (
        self.TLS
        or self.dataBuffer
        or self._tempDataBuffer
        or (self.producer is not None and (self.producerPaused or not self.streamingProducer))
        or self.disconnecting
        or not self.connected
        or self._writeDisconnected
        or not isinstance(data, bytes)
    ):
        _buffered(self, data)
        return
    sent = self.writeSomeData(data)
    if not isinstance(sent, int):
        _buffered(self, data)  # lost: doWrite sees it again and closes the connection
    elif sent < len(data):
        _buffered(self, data[sent:])


def install() -> None:
    """Patch Twisted's TCP server connections (once per process)."""
    global _buffered
    if _buffered is None:
        _buffered = tcp.Server.write
        tcp.Server.write = _write

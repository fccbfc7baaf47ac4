"""A frame goes to the kernel when it is written; what cannot go at once keeps Twisted's
buffered path, in order (game/direct_write.py)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from twisted.internet import tcp
from twisted.internet.protocol import Protocol

from game import direct_write


class Reactor:
    """Just what a connection asks of its reactor: which descriptors want to write."""

    def __init__(self) -> None:
        self.writers: set[object] = set()

    def addReader(self, reader: object) -> None:
        pass

    def removeReader(self, reader: object) -> None:
        pass

    def addWriter(self, writer: object) -> None:
        self.writers.add(writer)

    def removeWriter(self, writer: object) -> None:
        self.writers.discard(writer)


class Producer:
    """The HTTP channel a WebSocket was upgraded from stays the transport's producer."""

    def pauseProducing(self) -> None:
        self.paused = True

    def resumeProducing(self) -> None:
        self.paused = False

    def stopProducing(self) -> None:
        pass


@pytest.fixture
def pair() -> Iterator[tuple[tcp.Server, socket.socket, Reactor]]:
    direct_write.install()
    ours, theirs = socket.socketpair()
    reactor = Reactor()
    connection = tcp.Server(ours, Protocol(), ("127.0.0.1", 1), None, 1, reactor)
    connection.registerProducer(Producer(), True)
    yield connection, theirs, reactor
    ours.close()
    theirs.close()


def received(peer: socket.socket) -> bytes:
    peer.setblocking(False)
    chunks = []
    while True:
        try:
            chunk = peer.recv(1 << 20)
        except BlockingIOError:
            return b"".join(chunks)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def test_a_frame_is_sent_at_once_without_waiting_for_the_loop(pair) -> None:
    connection, peer, reactor = pair
    connection.write(b"frame one")
    connection.write(b"frame two")
    assert received(peer) == b"frame oneframe two"
    assert connection not in reactor.writers
    assert not connection.dataBuffer and not connection._tempDataBuffer


def test_what_the_kernel_cannot_take_now_is_buffered_and_sent_in_order(pair) -> None:
    connection, peer, reactor = pair
    connection.socket.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    big = bytes(range(256)) * 4096  # 1 MiB: more than the kernel takes at once
    connection.write(big)
    connection.write(b"after")
    assert connection in reactor.writers  # the reactor will call doWrite for the rest
    assert connection._tempDataBuffer[-1] == b"after"
    got = received(peer)
    while connection in reactor.writers:
        connection.doWrite()
        got += received(peer)
    assert got == big + b"after"


def test_a_paused_producer_keeps_twisteds_own_path(pair) -> None:
    connection, peer, reactor = pair
    connection.producerPaused = True
    connection.write(b"later")
    assert connection in reactor.writers and received(peer) == b""
    connection.doWrite()
    assert received(peer) == b"later"


def test_a_lost_connection_is_left_to_twisted_to_notice(pair) -> None:
    connection, peer, reactor = pair
    peer.close()
    connection.write(b"x" * 100_000)  # the first send may still succeed, the rest fails
    connection.write(b"y")
    assert connection in reactor.writers
    assert connection.doWrite() is not None  # CONNECTION_LOST: the reactor disconnects

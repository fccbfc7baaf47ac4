"""A tiny HTTP/1.1 front for the test server that compresses what it passes on, as nginx with
``gzip on`` would, so a test can measure what compression would change. WebSocket upgrades
are piped through untouched. Only for measurements: one request per upstream connection, the
whole response read before it is passed on.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import threading

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
HOP_BY_HOP = ("content-length", "transfer-encoding", "connection", "keep-alive")


def _unchunk(data: bytes) -> bytes:
    out = bytearray()
    while data:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += data[:size]
        data = data[size + 2 :]
    return bytes(out)


class GzipProxy:
    """``with GzipProxy(upstream_port) as proxy:`` serves on ``proxy.port`` until the block ends;
    ``cache_static`` also gives /static/ a year-long Cache-Control, as nginx's ``expires max``."""

    def __init__(self, upstream_port: int, *, cache_static: bool = False, level: int = 6) -> None:
        self.upstream_port = upstream_port
        self.cache_static = cache_static
        self.level = level
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.loop = asyncio.new_event_loop()
        self.server: asyncio.base_events.Server | None = None
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, name="gzip-proxy", daemon=True)

    def __enter__(self) -> GzipProxy:
        self.thread.start()
        if not self.ready.wait(10):
            raise RuntimeError("the gzip proxy did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._close(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(
            asyncio.start_server(self._client, "127.0.0.1", self.port)
        )
        self.ready.set()
        self.loop.run_forever()

    async def _close(self) -> None:
        self.server.close()
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", 0)))
                if headers.get("upgrade", "").lower() == "websocket":
                    up_reader, up_writer = await asyncio.open_connection(
                        "127.0.0.1", self.upstream_port
                    )
                    up_writer.write(head + body)
                    await asyncio.gather(
                        self._pipe(reader, up_writer), self._pipe(up_reader, writer)
                    )
                    return
                await self._forward(lines, headers, body, writer)
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _forward(self, lines, headers, body, writer) -> None:
        skip = ("connection:", "accept-encoding:", "keep-alive:")
        request = [
            lines[0],
            *(line for line in lines[1:] if line and not line.lower().startswith(skip)),
        ]
        request.append("Connection: close")
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        up_writer.write(("\r\n".join(request) + "\r\n\r\n").encode("latin-1") + body)
        await up_writer.drain()
        raw = await up_reader.read()
        up_writer.close()
        response_head, _, response_body = raw.partition(b"\r\n\r\n")
        response_lines = response_head.decode("latin-1").split("\r\n")
        pairs = [line.split(":", 1) for line in response_lines[1:] if ":" in line]
        names = {name.strip().lower(): value.strip() for name, value in pairs}
        if names.get("transfer-encoding", "").lower() == "chunked":
            response_body = _unchunk(response_body)
        kept = [(n.strip(), v.strip()) for n, v in pairs if n.strip().lower() not in HOP_BY_HOP]
        path = lines[0].split()[1]
        content_type = names.get("content-type", "")
        if (
            "gzip" in headers.get("accept-encoding", "")
            and content_type.startswith(COMPRESSIBLE)
            and response_body
        ):
            response_body = gzip.compress(response_body, self.level)
            kept += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        if self.cache_static and path.startswith("/static/"):
            kept = [(n, v) for n, v in kept if n.lower() != "cache-control"]
            kept.append(("Cache-Control", "public, max-age=31536000, immutable"))
        kept.append(("Content-Length", str(len(response_body))))
        out = response_lines[0] + "\r\n" + "".join(f"{n}: {v}\r\n" for n, v in kept) + "\r\n"
        writer.write(out.encode("latin-1") + response_body)
        await writer.drain()

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

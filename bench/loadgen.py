"""One load-generator process: ``python -m bench.loadgen`` (started by ``bench.run``).

It reads its part of the load as one JSON line on stdin, sets it up (students join over
HTTP and sit down over their sockets, heads open private groups; or, for the baseline, the
same number of sockets join their groups), says ``ready``, then runs each ``window`` it is
sent and answers with what it measured, until ``stop``. Every wait is bounded, and the
process exits by itself after ``max_seconds`` whatever its parent does.

Lines on stdout are the protocol with the parent; nothing else is printed there.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import sys
import time
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from typing import Any

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from bench.clients import Game, Ledger, Socket

CONNECT_TIMEOUT = 30.0
CONNECT_ATTEMPTS = 4
REPLY_TIMEOUT = 30.0
HTTP_TIMEOUT = 30.0
HTTP_CONCURRENCY = 8
SETUP_CONCURRENCY = 8  # games set up at once by one process
SEAT_BATCH = 8  # students of one game opening their sockets and sitting down at once
CHAT_CHANNELS = (("plenary", 0.5), ("delegation", 0.3), ("group", 0.2))
DRAFT_SHARE = 0.02
MAX_AGREEMENTS = 30
# Keep sign and submit away from the phase's end, so a move that crosses the deadline on
# its way is rare (it would be refused with wrong_phase, which is not the server's fault).
SAFE_MARGIN = 2.0
PAD = "Mari kita sepakati dana iklim bersama untuk tahun depan dan seterusnya, setuju? "


def emit(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def padded(prefix: str, size: int) -> str:
    """``prefix`` followed by ordinary words up to ``size`` characters."""
    filler = (PAD * (1 + size // len(PAD)))[: max(0, size - len(prefix) - 1)]
    return f"{prefix} {filler}".rstrip()


class Worker:
    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.mode: str = config["mode"]  # product or baseline
        self.ports: list[int] = config["ports"]
        self.size: int = config["text_size"]
        self.ledger = Ledger(config["worker"])
        self.games: list[Game] = []
        self.sockets: list[Socket] = []
        self.random = random.Random(config.get("seed", 1) * 7919 + config["worker"])
        self.csrf: dict[int, str] = {}
        self.csrf_fetch = asyncio.Lock()
        self.http_slots = asyncio.Semaphore(HTTP_CONCURRENCY)
        self.readers: set[asyncio.Task[None]] = set()
        self.senders: set[asyncio.Task[None]] = set()
        self.cursor = 0
        self.order: list[Socket] = []
        self.refcount = 0
        self.connect_retries = 0
        self.last_connect_error = ""

    def log(self, line: str) -> None:
        print(f"{time.strftime('%X')} {line}", file=sys.stderr, flush=True)

    # Setup -------------------------------------------------------------------------------

    async def setup(self) -> dict[str, Any]:
        started = time.time()
        for index, spec in enumerate(self.config["games"]):
            self.games.append(Game(index, spec["code"], spec.get("countries", [])))
        slots = asyncio.Semaphore(SETUP_CONCURRENCY)

        async def one(game: Game, spec: dict[str, Any]) -> None:
            async with slots:
                if self.mode == "product":
                    await self.setup_game(game, spec)
                else:
                    await self.setup_group(game, spec)

        await asyncio.gather(
            *(one(g, s) for g, s in zip(self.games, self.config["games"], strict=True))
        )
        self.log(f"setup done in {time.time() - started:.1f} s")
        self.order = [s for g in self.games for s in g.sockets if s.role != "facilitator"]
        self.random.shuffle(self.order)
        return {
            "event": "ready",
            "setup_s": round(time.time() - started, 2),
            "sockets": len(self.sockets),
            "connections": sum(s.open for s in self.sockets),
            "connect_retries": self.connect_retries,
            "last_connect_error": self.last_connect_error,
        }

    def new_socket(self, game: Game, role: str, port: int, path: str, cookie: str) -> Socket:
        sock = Socket(len(self.sockets), game, role, port, path, cookie)
        self.sockets.append(sock)
        game.sockets.append(sock)
        return sock

    async def setup_group(self, game: Game, spec: dict[str, Any]) -> None:
        """Baseline: the same number of sockets per group as the product has per game."""
        for n in range(spec["players"] + 1):
            port = self.ports[(game.index + n) % len(self.ports)]
            role = "facilitator" if n == 0 else "player"
            path = f"/ws/baseline/{spec['code']}/"
            await self.open(self.new_socket(game, role, port, path, ""))

    async def setup_game(self, game: Game, spec: dict[str, Any]) -> None:
        """Students join over HTTP, then open their sockets and sit down (spread over the
        countries; the first in each is its head); heads pair up in private groups."""
        code = spec["code"]
        players = spec["players"]
        port = self.ports[game.index % len(self.ports)]
        facilitator = self.new_socket(
            game,
            "facilitator",
            port,
            f"/ws/games/{code}/facilitate/",
            f"sessionid={self.config['sessionid']}",
        )
        game.facilitator = facilitator
        began = time.time()
        joined = await asyncio.gather(
            *(
                self.join(code, f"Siswa {n + 1}", self.ports[(game.index + n) % len(self.ports)])
                for n in range(players)
            )
        )
        self.log(f"{code}: {players} joined over HTTP in {time.time() - began:.1f} s")
        await self.open(facilitator)
        count = len(game.countries)

        async def sit(n: int, player_id: int, cookie: str) -> None:
            port = self.ports[(game.index + n) % len(self.ports)]
            sock = self.new_socket(game, "player", port, f"/ws/games/{code}/play/", cookie)
            sock.player = player_id
            await self.open(sock)
            country = game.countries[n % count]
            await self.request(sock, {"type": "choose_delegation", "country": country})
            sock.country = country
            sock.head = n < count

        # The first student in each country is its head: one per country sit down together,
        # then the others a few at a time (the order among them does not matter).
        await asyncio.gather(*(sit(n, p, c) for n, (p, c) in enumerate(joined[:count])))
        rest = list(enumerate(joined))[count:]
        for batch in range(0, len(rest), SEAT_BATCH):
            await asyncio.gather(*(sit(n, p, c) for n, (p, c) in rest[batch : batch + SEAT_BATCH]))
        heads = [s for s in game.players if s.head]
        for first, second in zip(heads[0::2], heads[1::2], strict=False):
            await self.request(
                first,
                {"type": "create_group", "countries": [second.country], "title": "Blok"},
            )
        await self.until(
            lambda: all(s.country in game.groups for s in heads[: len(heads) // 2 * 2])
        )
        self.log(f"{code}: seated and grouped {time.time() - began:.1f} s after the first join")

    def _http(self, method: str, port: int, path: str, body: bytes | None, headers: dict) -> Any:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", method=method, data=body, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
                return (
                    response.status,
                    response.headers.get_all("Set-Cookie") or [],
                    response.read(),
                )
        except urllib.error.HTTPError as error:
            return error.code, [], error.read()

    async def csrf_token(self, port: int) -> str:
        """Django's CSRF cookie, as the join page's script holds it: fetched once per port.
        The lock matters: the first joins of every game ask at once, and without it each
        fetched the home page, hundreds of renders queued ahead of the joins."""
        async with self.csrf_fetch:
            if port not in self.csrf:
                status, cookies, _ = await asyncio.to_thread(self._http, "GET", port, "/", None, {})
                assert status == 200, f"GET / on :{port} answered {status}"
                jar = SimpleCookie()
                for line in cookies:
                    jar.load(line)
                self.csrf[port] = jar["csrftoken"].value
        return self.csrf[port]

    async def join(self, code: str, name: str, port: int) -> tuple[int, str]:
        token = await self.csrf_token(port)
        headers = {
            "Content-Type": "application/json",
            "Cookie": f"csrftoken={token}",
            "X-CSRFToken": token,
            "Origin": f"http://127.0.0.1:{port}",
        }
        body = json.dumps({"name": name}).encode()
        async with self.http_slots:
            status, cookies, content = await asyncio.to_thread(
                self._http, "POST", port, f"/api/games/{code}/join", body, headers
            )
        if status != 201:
            raise RuntimeError(f"join {code} answered {status}: {content[:200]!r}")
        jar = SimpleCookie()
        for line in cookies:
            jar.load(line)
        morsel = jar[f"mufakat_{code}"]
        return json.loads(content)["player"], f"{morsel.key}={morsel.value}"

    # Sockets -----------------------------------------------------------------------------

    async def open(self, sock: Socket) -> None:
        """Connect as the browser client does: on a failed handshake, try again after a
        pause (1, 2, 4 s). Each retry is counted: a server that cannot accept sockets in
        time (Daphne gives a handshake 5 s) is a finding, not noise."""
        for attempt in range(CONNECT_ATTEMPTS):
            try:
                sock.ws = await connect(
                    sock.uri,
                    additional_headers=sock.headers,
                    open_timeout=CONNECT_TIMEOUT,
                    max_size=2**24,
                    ping_interval=None,  # browsers do not ping; Daphne pings them
                    close_timeout=5,
                )
                break
            except (OSError, InvalidHandshake, TimeoutError) as error:
                self.connect_retries += 1
                self.last_connect_error = f"{type(error).__name__}: {error}"
                if attempt == CONNECT_ATTEMPTS - 1:
                    raise
                await asyncio.sleep(2**attempt)
        sock.open, sock.closing, sock.snapshots, sock.last_seq = True, False, 0, None
        task = asyncio.create_task(self.read(sock, sock.ws))
        self.readers.add(task)
        task.add_done_callback(self.readers.discard)
        if self.mode == "product":
            await self.until(lambda: sock.snapshots > 0 or not sock.open)
            if not sock.open:
                raise RuntimeError(f"{sock.uri} closed before its snapshot")

    async def read(self, sock: Socket, ws: Any) -> None:
        handle = self.ledger.product_frame if self.mode == "product" else self.ledger.baseline_frame
        try:
            async for raw in ws:
                handle(sock, raw, time.time())
        except ConnectionClosed:
            pass
        if sock.ws is ws:
            sock.open = False
            if not sock.closing:
                self.ledger.stats.dropped += 1

    async def until(self, condition: Any, timeout: float = REPLY_TIMEOUT) -> None:
        limit = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > limit:
                raise TimeoutError("a setup step did not finish in time")
            await asyncio.sleep(0.01)

    async def request(self, sock: Socket, message: dict[str, Any]) -> None:
        """Send a setup message and wait for its ack (an error fails the setup)."""
        self.refcount += 1
        ref = f"s{self.refcount}"
        errors = sum(self.ledger.stats.errors.values())
        self.ledger.refs[ref] = ("", time.time())
        reply = self.ledger.replies[ref] = asyncio.get_running_loop().create_future()
        await sock.ws.send(json.dumps({**message, "ref": ref}))
        try:
            await asyncio.wait_for(reply, REPLY_TIMEOUT)
        except TimeoutError:
            raise TimeoutError(f"{message['type']} had no answer in {REPLY_TIMEOUT} s") from None
        if reply.result() == "error" or sum(self.ledger.stats.errors.values()) > errors:
            raise RuntimeError(f"{message['type']} refused: {dict(self.ledger.stats.errors)}")

    async def reconnect(self, sock: Socket) -> None:
        """Churn: the socket goes away as a phone that lost its network, and comes back."""
        sock.closing = True
        with contextlib.suppress(Exception):
            await sock.ws.close()
        sock.open = False
        await asyncio.sleep(0.5)
        try:
            await self.open(sock)
            self.ledger.stats.reconnects += 1
        except (OSError, InvalidHandshake, TimeoutError, RuntimeError):
            self.ledger.stats.reconnect_failures += 1

    # Windows -----------------------------------------------------------------------------

    async def window(self, command: dict[str, Any]) -> dict[str, Any]:
        stats = self.ledger.stats
        stats.__init__(index=command["index"])  # a fresh count for this window
        start, duration = command["start"], command["duration"]
        end = start + duration
        await asyncio.sleep(max(0.0, start - time.time()))
        churn = None
        if command.get("churn_per_min") and self.order:
            churn = asyncio.create_task(self.churn(command["churn_per_min"], end))
        await self.drive(command["rate"], end)
        if churn is not None:
            await churn
        # Wait for what is still on its way (and for rounds that fell due in the window to
        # reach everyone), but no longer than the drain: what has not arrived by then is lost.
        limit = end + command["drain"]
        while time.time() < limit and (
            self.ledger.pending_in(stats.index) or self.rounds_pending(start, end)
        ):
            await asyncio.sleep(0.1)
        result = self.ledger.window_result(self.games, start, end)
        return {"event": "result", "index": stats.index, **result}

    def rounds_pending(self, start: float, end: float) -> bool:
        for game in self.games:
            for number, deadline in game.decision_deadlines.items():
                if start <= deadline <= end:
                    seen, _ = game.resolved.get(number, (set(), 0.0))
                    if not {s.sid for s in game.sockets if s.open} <= seen:
                        return True
        return False

    async def start_games(self) -> None:
        """Each facilitator starts the game and, once in the briefing, moves on to the
        negotiation, so the first round resolves within a window of under half a minute."""
        for game in self.games:
            if game.status == "lobby":
                await self.send(game.facilitator, {"type": "start"})

        async def skip_briefing(game: Game) -> None:
            limit = time.time() + 10
            while game.phase != "briefing" and time.time() < limit:
                await asyncio.sleep(0.05)
            if game.phase == "briefing":
                await self.send(
                    game.facilitator, {"type": "advance", "round": 1, "phase": "briefing"}
                )

        await asyncio.gather(*(skip_briefing(g) for g in self.games))

    async def churn(self, per_minute: float, end: float) -> None:
        """``per_minute`` of the students' sockets (a share) reconnect each minute, evenly."""
        every = 60.0 / max(1.0, per_minute * len(self.order))
        moving: set[asyncio.Task[None]] = set()
        while time.time() + every < end:
            await asyncio.sleep(every)
            sock = self.random.choice(self.order)
            if sock.open:
                task = asyncio.create_task(self.reconnect(sock))
                moving.add(task)
                task.add_done_callback(moving.discard)
        if moving:
            await asyncio.wait(moving, timeout=CONNECT_TIMEOUT)

    async def drive(self, rate: float, end: float) -> None:
        """Send actions at ``rate`` per second until ``end``, each from the next student
        (round robin) whose last 10 s leave room under the chat limit."""
        if rate <= 0 or not self.order:
            await asyncio.sleep(max(0.0, end - time.time()))
            return
        interval = 1.0 / rate
        due = time.time()
        stats = self.ledger.stats
        while due < end:
            delay = due - time.time()
            if delay > 0:
                await asyncio.sleep(delay)
            now = time.time()
            stats.lag.append(now - due)
            sock = self.next_sender(now)
            if sock is None:
                stats.throttled += 1
            else:
                message = self.action(sock, now)
                sock.sends.append(now)
                stats.sent[message["type"]] += 1
                self.fire(sock, message)
            due += interval

    def next_sender(self, now: float) -> Socket | None:
        for _ in range(len(self.order)):
            sock = self.order[self.cursor]
            self.cursor = (self.cursor + 1) % len(self.order)
            if sock.may_send(now):
                return sock
        return None

    def fire(self, sock: Socket, message: dict[str, Any]) -> None:
        task = asyncio.create_task(self.send(sock, message))
        self.senders.add(task)
        task.add_done_callback(self.senders.discard)

    async def send(self, sock: Socket, message: dict[str, Any]) -> None:
        if "ref" not in message:
            self.refcount += 1
            message["ref"] = f"r{self.refcount}"
            self.ledger.refs[message["ref"]] = ("", time.time())
        try:
            await sock.ws.send(json.dumps(message, separators=(",", ":")))
        except ConnectionClosed:
            self.ledger.stats.errors["send_on_closed"] += 1

    def action(self, sock: Socket, now: float) -> dict[str, Any]:
        """What this student does now: heads submit in the decision phase and sign open
        agreements in the negotiation; anyone may draft; mostly, everyone talks."""
        if self.mode == "baseline":
            return self.chat(sock, now, "plenary")
        game = sock.game
        roll = self.random.random()
        safe = game.status == "running" and game.time_left(now) > SAFE_MARGIN
        if sock.head and safe:
            if game.phase == "decision" and (game.round, sock.country) not in game.submitted:
                game.submitted.add((game.round, sock.country))
                return {
                    "type": "submit_policy",
                    "policy": {"development": 1.0, "mitigation": 1.0},
                }
            own = [i for i, a in game.agreements.items() if a.author == sock.country]
            drafted = [i for i in own if game.agreements[i].status == "draft"]
            if drafted and roll < 0.5:
                game.agreements[drafted[0]].status = "opening"
                return {"type": "open_agreement", "agreement": drafted[0]}
            if game.phase == "negotiation" and roll < 0.3:
                open_ = [
                    i
                    for i, a in game.agreements.items()
                    if a.status == "open" and sock.country not in a.signatories
                ]
                if open_:
                    chosen = self.random.choice(open_)
                    game.agreements[chosen].signatories.add(sock.country)
                    return {"type": "sign_agreement", "agreement": chosen}
        if (
            roll < DRAFT_SHARE
            and game.status == "running"
            and len(game.agreements) < MAX_AGREEMENTS
            and game.drafts[(game.round, sock.country)] < 1
        ):
            game.drafts[(game.round, sock.country)] += 1
            token, prefix = self.ledger.new_token(now)
            readers = game.readers("plenary", sock)
            self.ledger.expect(token, "draft", now, readers, "plenary", sock.sid)
            self.ledger.refs[token] = (token, now)
            draft = {"title": f"{prefix} Dana iklim", "issue": "climate", "kind": "pledge"}
            return {"type": "draft_agreement", "draft": draft, "ref": token}
        pick = self.random.random()
        channel = "plenary"
        for name, share in CHAT_CHANNELS:
            if pick < share:
                channel = name
                break
            pick -= share
        if channel == "group":
            channel = (
                f"group:{game.groups[sock.country][0]}"
                if sock.country in game.groups
                else "plenary"
            )
        return self.chat(sock, now, channel)

    def chat(self, sock: Socket, now: float, channel: str) -> dict[str, Any]:
        token, prefix = self.ledger.new_token(now)
        readers = sock.game.readers(channel, sock)
        self.ledger.expect(token, "chat", now, readers, channel, sock.sid)
        self.ledger.refs[token] = (token, now)
        return {"type": "chat", "channel": channel, "text": padded(prefix, self.size), "ref": token}

    async def close(self) -> None:
        for sock in self.sockets:
            sock.closing = True
        await asyncio.gather(
            *(s.ws.close() for s in self.sockets if s.ws is not None), return_exceptions=True
        )
        for task in list(self.readers):
            task.cancel()


async def serve(config: dict[str, Any]) -> None:
    worker = Worker(config)
    loop = asyncio.get_running_loop()
    try:
        emit(await worker.setup())
    except Exception as error:
        emit({"event": "failed", "error": f"{type(error).__name__}: {error}"})
        await worker.close()
        return
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        command = json.loads(line)
        if command["cmd"] == "start_games":
            if worker.mode == "product":
                await worker.start_games()
            emit({"event": "started"})
        elif command["cmd"] == "window":
            emit(await worker.window(command))
        else:
            break
    await worker.close()


def main() -> None:
    config = json.loads(sys.stdin.readline())

    async def bounded() -> None:
        try:
            await asyncio.wait_for(serve(config), config["max_seconds"])
        except TimeoutError:
            emit({"event": "failed", "error": f"gave up after {config['max_seconds']} s"})

    run = asyncio.run
    if config.get("uvloop", True):
        # A faster loop keeps the generator's own CPU down (it shares the box's 2 cores).
        with contextlib.suppress(ImportError):
            import uvloop

            run = uvloop.run
    run(bounded())
    # Whatever is left (a stuck close) must not keep the process alive.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()

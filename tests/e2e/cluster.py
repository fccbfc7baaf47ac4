"""Real Daphne processes for the end-to-end tests, in the two shapes the game is deployed in.

- **embedded**: one process, a fresh SQLite file, the in-memory channel layer (a laptop).
- **production**: two processes on two ports sharing one fresh PostgreSQL database and Redis
  (the pub/sub channel layer), so a player on one process hears a player on the other.

A ``Cluster`` starts and stops the processes (each one's output kept in a log file), runs
``manage.py`` with the configuration's environment, and joins players over HTTP the way the
browser does.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tests.conftest import PROJECT_DIR
from tests.e2e.remote import MARKER

DAPHNE = Path(sys.executable).with_name("daphne")
START_TIMEOUT = 20.0
STOP_TIMEOUT = 3.0
# How often each process's clock looks for passed deadlines (settings.MUFAKAT_TICK_SECONDS);
# half the default second, so that the tests waiting for a clock wait less.
CLOCK_TICK = "0.5"
SHELL_TIMEOUT = 60.0
HTTP_TIMEOUT = 10.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """One Daphne process on a fixed port (a restart reuses the port)."""

    port: int
    log_path: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def origin(self) -> str:
        return self.base

    def ws(self, path: str) -> str:
        return f"ws://127.0.0.1:{self.port}{path}"

    def start(self, env: dict[str, str]) -> None:
        log = self.log_path.open("ab")
        log.write(f"\n===== daphne :{self.port} starting at {time.strftime('%X')} =====\n".encode())
        log.flush()
        self.process = subprocess.Popen(
            [str(DAPHNE), "-b", "127.0.0.1", "-p", str(self.port), "config.asgi:application"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()  # the child holds its own copy

    def wait_healthy(self, timeout: float = START_TIMEOUT) -> None:
        limit = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < limit:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"daphne :{self.port} exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
                    last = f"HTTP {response.status}"
            except (OSError, urllib.error.URLError) as error:
                last = str(error)
            time.sleep(0.1)
        raise RuntimeError(f"daphne :{self.port} not healthy after {timeout} s ({last})")

    def stop(self, *, kill: bool = False) -> float:
        """SIGTERM (or SIGKILL, a crash) this process only, and wait for it to go; how long
        SIGTERM took (``inf`` if the process ignored it)."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return 0.0
        began = time.monotonic()
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        how = "SIGKILL" if kill else "SIGTERM"
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            # PYTHONFAULTHANDLER makes SIGABRT write every thread's stack to the log first.
            process.send_signal(signal.SIGABRT)
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT)
            how = f"SIGTERM ignored for {STOP_TIMEOUT} s (stacks above), then SIGABRT"
        took = time.monotonic() - began
        with self.log_path.open("a") as log:
            log.write(f"===== stopped by {how} in {took:.1f} s =====\n")
        return took if how in ("SIGTERM", "SIGKILL") else float("inf")

    def log_tail(self, lines: int = 80) -> str:
        """The end of this server's log, without the access log's lines."""
        if not self.log_path.exists():
            return "(no log)"
        text = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join([line for line in text if not line.startswith("127.0.0.1:")][-lines:])


@dataclass
class Player:
    """A student who joined over HTTP: their id and the seat cookie the server set."""

    id: int
    name: str
    cookie: str  # "mufakat_CODE=token", ready for a Cookie header


@dataclass
class Cluster:
    name: str
    env: dict[str, str]
    servers: list[Server]
    facilitator: dict[str, Any] = field(default_factory=dict)
    helper: subprocess.Popen[str] | None = None
    helper_lock: threading.Lock = field(default_factory=threading.Lock)
    answers: queue.Queue[str | None] = field(default_factory=queue.Queue)

    # Processes ---------------------------------------------------------------------------

    def start(self) -> None:
        for server in self.servers:
            server.start(self.env)
        for server in self.servers:
            server.wait_healthy()

    def close_shell(self) -> None:
        if self.helper is not None:
            assert self.helper.stdin is not None
            self.helper.stdin.close()
            try:
                self.helper.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.helper.kill()
                self.helper.wait(STOP_TIMEOUT)
            self.helper = None

    def stop(self, *, kill: bool = False) -> None:
        with ThreadPoolExecutor(len(self.servers)) as pool:  # all at once, as a crash would
            list(pool.map(lambda server: server.stop(kill=kill), self.servers))

    @contextlib.contextmanager
    def spare(self) -> Iterator[Server]:
        """One more process of this configuration, stopped afterwards."""
        server = Server(free_port(), self.servers[0].log_path.with_name("daphne-spare.log"))
        self.servers.append(server)
        try:
            server.start(self.env)
            server.wait_healthy()
            yield server
        finally:
            server.stop()
            self.servers.remove(server)

    def restart(self, *, kill: bool = True) -> None:
        """Every process goes down at once (a crash by default), then all come back."""
        self.stop(kill=kill)
        self.start()

    def logs(self) -> str:
        return "\n".join(
            f"----- daphne :{s.port} ({s.log_path}) -----\n{s.log_tail()}" for s in self.servers
        )

    # manage.py ---------------------------------------------------------------------------

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=SHELL_TIMEOUT,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args[:2])} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def shell(self, task: str, **kwargs: Any) -> Any:
        """Run ``tests.e2e.remote.<task>(**kwargs)`` in this configuration's shell; the answer."""
        assert self.helper is not None and self.helper.stdin is not None
        with self.helper_lock:
            self.helper.stdin.write(json.dumps({"task": task, "kwargs": kwargs}) + "\n")
            self.helper.stdin.flush()
            skipped = []
            limit = time.monotonic() + SHELL_TIMEOUT
            while (left := limit - time.monotonic()) > 0:
                try:
                    line = self.answers.get(timeout=left)
                except queue.Empty:
                    break
                if line is None:
                    raise RuntimeError(f"the shell ended without answering remote.{task}")
                if line.startswith(MARKER):
                    answer = json.loads(line.removeprefix(MARKER))
                    if "error" in answer:
                        raise RuntimeError(f"remote.{task} failed:\n{answer['error']}")
                    return answer["result"]
                skipped.append(line)
        raise RuntimeError(f"no answer from remote.{task} in {SHELL_TIMEOUT} s: {skipped}")

    def _read_answers(self, stdout: Any) -> None:
        for line in stdout:
            self.answers.put(line)
        self.answers.put(None)

    def prepare(self) -> None:
        """A fresh database the way a deploy makes one, a shell for the tests' questions, and
        a logged-in facilitator."""
        self.manage("migrate", "--noinput")
        if self.name == "production":
            offset_game_ids(self.env["DATABASE_URL"])
        self.manage("load_scenarios")
        self.helper = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "shell",
                "--no-imports",
                "-c",
                "from tests.e2e import remote; remote.serve()",
            ],
            cwd=PROJECT_DIR,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._read_answers, args=(self.helper.stdout,), daemon=True).start()
        self.facilitator = self.shell("facilitator", username="guru")

    # HTTP --------------------------------------------------------------------------------

    def http(
        self,
        method: str,
        path: str,
        *,
        server: int = 0,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, list[str]], bytes]:
        request = urllib.request.Request(
            self.servers[server].base + path,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
                status, message, content = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, message, content = error.code, error.headers, error.read()
        found: dict[str, list[str]] = {}
        for key, value in message.items():
            found.setdefault(key.lower(), []).append(value)
        return status, found, content

    @staticmethod
    def csrf() -> dict[str, str]:
        """What a browser page sends with a POST: the CSRF cookie and the same token.

        ``POST /api/games/<code>/join`` is CSRF-protected (see the report); Django accepts a
        32-character secret chosen by the client as both cookie and header, as a page's
        script would send them after loading any page.
        """
        token = secrets.token_hex(16)
        return {"Cookie": f"csrftoken={token}", "X-CSRFToken": token}

    def join(self, code: str, name: str, *, server: int = 0) -> Player:
        status, headers, content = self.http(
            "POST",
            f"/api/games/{code}/join",
            server=server,
            body={"name": name},
            headers=self.csrf(),
        )
        assert status == 201, (status, content[:300])
        jar = SimpleCookie()
        for line in headers.get("set-cookie", []):
            jar.load(line)
        morsel = jar[f"mufakat_{code}"]
        return Player(
            id=json.loads(content)["player"], name=name, cookie=f"{morsel.key}={morsel.value}"
        )


def _base_env() -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="true",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
        PYTHONFAULTHANDLER="1",
        MUFAKAT_TICK_SECONDS=CLOCK_TICK,
    )
    return env


def embedded(workdir: Path) -> Cluster:
    env = {**_base_env(), "DATABASE_URL": f"sqlite:///{workdir / 'e2e.sqlite3'}"}
    return Cluster("embedded", env, [Server(free_port(), workdir / "daphne-1.log")])


def production(workdir: Path, database_url: str, redis_url: str) -> Cluster:
    env = {**_base_env(), "DATABASE_URL": database_url, "REDIS_URL": redis_url}
    servers = [Server(free_port(), workdir / f"daphne-{n}.log") for n in (1, 2)]
    return Cluster("production", env, servers)


# The production configuration's services ------------------------------------------------


def scratch_postgres(server_url: str) -> tuple[str, str]:
    """Create ``mufakat_e2e_<random>`` on the test server; (its name, its URL)."""
    import psycopg
    from psycopg import sql

    name = f"mufakat_e2e_{secrets.token_hex(6)}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name, urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def drop_postgres(server_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def offset_game_ids(database_url: str) -> None:
    """Start game ids at a random number.

    Redis pub/sub ignores the database index, so the group ``game-1`` of this test would hear
    any other ``game-1`` published on the same Redis (another test run, a developer's server).
    Unlikely ids keep the groups apart.
    """
    import psycopg

    start = 10_000_000 + secrets.randbelow(2**30)
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(f"ALTER TABLE game_game ALTER COLUMN id RESTART WITH {start}")


def flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.flushdb()
    finally:
        client.close()


def redis_url_with_db(url: str, db: int) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{db}"))

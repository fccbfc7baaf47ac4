"""The processes and services a benchmark run measures: Daphne processes, the scratch
PostgreSQL database, Redis, and the counters read from each before and after a window.

Every process is started by the harness, on 127.0.0.1, and stopped by its own pid.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DAPHNE = Path(sys.executable).with_name("daphne")
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
TASK_TIMEOUT = 300.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# /proc ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcSample:
    at: float
    cpu_s: float  # user + system seconds since the process started
    rss_kib: int
    hwm_kib: int  # peak RSS


def proc_sample(pid: int) -> ProcSample | None:
    """CPU and memory of one process from /proc; None once it has gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces: split after its closing parenthesis.
    fields = stat.rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    values = {}
    for line in status.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return ProcSample(
        at=time.time(),
        cpu_s=(utime + stime) / CLOCK_TICKS,
        rss_kib=values.get("VmRSS", 0),
        hwm_kib=values.get("VmHWM", 0),
    )


def cpu_cores(before: ProcSample | None, after: ProcSample | None) -> float | None:
    """Average cores used between two samples of one process."""
    if before is None or after is None or after.at <= before.at:
        return None
    return (after.cpu_s - before.cpu_s) / (after.at - before.at)


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


# Daphne -----------------------------------------------------------------------------------


@dataclass
class Daphne:
    """One Daphne process serving ``app`` on ``port``; its output goes to ``log``."""

    port: int
    app: str
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None
    measured_upto: int = 0  # bytes of the log written by the end of the last window

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(DAPHNE), "-b", "127.0.0.1", "-p", str(self.port), self.app],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_ready(self, path: str) -> None:
        limit = time.monotonic() + START_TIMEOUT
        last = "no answer"
        while time.monotonic() < limit:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"daphne :{self.port} exited; see {self.log}")
            try:
                url = f"http://127.0.0.1:{self.port}{path}"
                with urllib.request.urlopen(url, timeout=3) as response:
                    if response.status == 200:
                        return
            except (OSError, urllib.error.URLError) as error:
                last = str(error)
            time.sleep(0.2)
        raise RuntimeError(f"daphne :{self.port} not ready after {START_TIMEOUT} s ({last})")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT)

    def mark(self) -> None:
        self.measured_upto = self.log.stat().st_size if self.log.exists() else 0

    def errors_logged(self) -> list[str]:
        """Error lines the process printed up to the end of the last window (what it says
        while its sockets are closed at shutdown is not part of the measurement)."""
        if not self.log.exists():
            return []
        with self.log.open("rb") as log:
            text = log.read(self.measured_upto).decode("utf-8", errors="replace")
        return [
            line
            for line in text.splitlines()
            if " ERROR " in line or line.startswith(("Traceback", "Unexpected exception"))
        ]


# manage.py and bench.tasks ----------------------------------------------------------------


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TASK_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def task(env: dict[str, str], name: str, **kwargs: Any) -> Any:
    """Run ``bench.tasks.<name>(**kwargs)`` with this environment; its JSON answer."""
    from bench.tasks import MARKER

    result = subprocess.run(
        [sys.executable, "-m", "bench.tasks", name, json.dumps(kwargs)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TASK_TIMEOUT,
        check=False,
    )
    for line in result.stdout.splitlines():
        if line.startswith(MARKER):
            return json.loads(line.removeprefix(MARKER))
    raise RuntimeError(f"bench.tasks {name} failed:\n{result.stdout}\n{result.stderr}")


# PostgreSQL -------------------------------------------------------------------------------


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def scratch_postgres(server_url: str) -> tuple[str, str]:
    """Create ``mufakat_bench_<random>``; (its name, its URL)."""
    import psycopg
    from psycopg import sql

    name = f"mufakat_bench_{secrets.token_hex(4)}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name, with_database(server_url, name)


def drop_postgres(server_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def offset_game_ids(database_url: str) -> None:
    """Start game ids at a random number: Redis pub/sub ignores the database index, so the
    group ``game-1`` would also hear another ``game-1`` published on the same Redis by a
    test run or a developer's server."""
    import psycopg

    start = 100_000_000 + secrets.randbelow(2**30)
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(f"ALTER TABLE game_game ALTER COLUMN id RESTART WITH {start}")


def postgres_counters(database_url: str) -> dict[str, Any]:
    """This database's commits, sessions opened and rows written; statement calls when
    pg_stat_statements is collecting."""
    import psycopg

    name = urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(database_url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT xact_commit, xact_rollback, sessions, tup_inserted, tup_updated, "
            "tup_fetched FROM pg_stat_database WHERE datname = %s",
            (name,),
        ).fetchone()
        counters: dict[str, Any] = dict(
            zip(
                (
                    "xact_commit",
                    "xact_rollback",
                    "sessions",
                    "tup_inserted",
                    "tup_updated",
                    "tup_fetched",
                ),
                row or (),
                strict=False,
            )
        )
        try:
            calls = connection.execute(
                "SELECT sum(calls) FROM pg_stat_statements s JOIN pg_database d "
                "ON d.oid = s.dbid WHERE d.datname = %s",
                (name,),
            ).fetchone()
            counters["statements"] = int(calls[0] or 0)
        except psycopg.Error:
            counters["statements"] = None
    return counters


def postgres_statements_note(server_url: str) -> str:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        preload = connection.execute("SHOW shared_preload_libraries").fetchone()[0]
    if "pg_stat_statements" in preload:
        return "pg_stat_statements collecting (CREATE EXTENSION in the scratch database)"
    return (
        "pg_stat_statements is not in shared_preload_libraries on this server: statement "
        "counts unavailable; transactions (xact_commit) and sessions opened are counted"
    )


# Redis ------------------------------------------------------------------------------------


def redis_client(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=5)


def flush_redis(url: str) -> None:
    client = redis_client(url)
    try:
        client.flushdb()
    finally:
        client.close()


def redis_counters(url: str) -> dict[str, int]:
    """Commands processed by the whole Redis server (every database, every client), total
    and by command."""
    client = redis_client(url)
    try:
        stats = client.info("stats")
        commands = client.info("commandstats")
    finally:
        client.close()
    counters = {"total": int(stats["total_commands_processed"])}
    for key, value in commands.items():
        counters[key.removeprefix("cmdstat_")] = int(value["calls"])
    return counters


def counter_delta(before: dict[str, Any], after: dict[str, Any]) -> dict[str, int]:
    return {
        key: after[key] - before.get(key, 0)
        for key in after
        if isinstance(after[key], int) and after[key] - before.get(key, 0)
    }

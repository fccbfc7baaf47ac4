"""The benchmark's conductor: prepares the databases, starts the servers, hands each
generator process its part of the load, times the windows, reads the counters and writes
the results.

A configuration is measured twice in one run: the product (``config.asgi``, the real
protocol) and the bare baseline (``bench.baseline``), on the same number of Daphne
processes with the same environment and channel layer, one after the other, with the
same number of sockets sending frames of the same size at the same rate.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import report, servers
from bench.servers import ROOT, Daphne

RESULTS = ROOT / "bench" / "results"
PHASES = {"briefing": 10, "negotiation": 10, "decision": 10, "results": 10}
SCENARIO_OF = {"kelas-6": "bench-kelas-6", "g20": "bench-g20"}
GAME_IDS_OFFSET_NOTE = "game ids start at a random number (pub/sub ignores the Redis db index)"
DEPLOYED_MALLOC_ARENA_MAX = "2"  # deploy/Dockerfile's ENV; a test keeps the two the same
WORKER_SLACK = 120.0  # seconds a generator may take beyond its windows before it gives up


@dataclass
class Configuration:
    """One shape of deployment and load."""

    name: str
    deployment: str  # embedded: one Daphne, SQLite, in-memory layer; production: 2 + Redis + PG
    layer: str  # memory, pubsub or core
    games: int
    players: int
    interval: float = 20.0  # seconds between two actions of one student (classroom: 20)
    duration: float = 30.0
    drain: float = 10.0  # the longest wait after a window; what has not arrived is lost
    product: bool = True
    baseline: bool = True
    workers: int = 0  # generator processes; 0: by size
    processes: int = 0  # Daphne processes; 0: 1 embedded, 2 production

    @property
    def scenario(self) -> str:
        # kelas-6 seats 6 × 6 = 36 students; 40 need g20 (20 countries × 2).
        return "kelas-6" if self.players <= 36 else "g20"

    @property
    def sockets(self) -> int:
        return self.games * (self.players + 1)

    @property
    def actions_per_s(self) -> float:
        return self.games * self.players / self.interval

    def server_count(self) -> int:
        return self.processes or (1 if self.deployment == "embedded" else 2)

    def worker_count(self) -> int:
        if self.workers:
            return self.workers
        return 1 if self.sockets <= 400 else 2 if self.sockets <= 1100 else 3


@dataclass
class Plan:
    """What to run: the configurations, and how each is windowed."""

    configurations: list[Configuration]
    mode: str = "run"  # run, capacity or soak
    factors: list[float] = field(default_factory=lambda: [1.0])  # capacity: rate multipliers
    windows: int = 1  # soak: number of consecutive windows
    churn_per_min: float = 0.0
    profile: bool = False
    rounds: int = 6
    phases: dict[str, int] = field(default_factory=lambda: dict(PHASES))


class Environment:
    """The databases and Redis of one benchmark invocation, prepared once and reused by
    every configuration (each makes its own games)."""

    def __init__(self, workdir: Path, postgres_url: str, redis_url: str, plan: Plan) -> None:
        self.workdir = workdir
        self.postgres_url = postgres_url
        self.redis_url = redis_url
        self.rounds = plan.rounds
        self.phases = plan.phases
        self.sqlite_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        self.database: str | None = None
        self.database_url: str | None = None
        self.prepared: dict[str, dict[str, Any]] = {}
        self.notes: list[str] = []

    def base_env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
        }
        env.update(
            DEBUG="false",
            SECRET_KEY="bench-" + "x" * 50,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
            PYTHONPATH=str(ROOT),
            # As the production image runs (deploy/Dockerfile), for the product and the
            # baseline alike.
            MALLOC_ARENA_MAX=DEPLOYED_MALLOC_ARENA_MAX,
            # DEBUG off serves hashed static names: collectstatic (in prepare) writes them here.
            STATIC_ROOT=str(self.workdir / "static"),
        )
        return env

    def product_env(self, config: Configuration) -> dict[str, str]:
        env = self.base_env()
        if config.deployment == "embedded":
            env["DATABASE_URL"] = self.sqlite_url
            env["DJANGO_SETTINGS_MODULE"] = "config.settings"
            if config.layer != "memory":
                raise ValueError("the embedded configuration uses the in-memory layer")
            return env
        env["DATABASE_URL"] = self.ensure_postgres()
        env["REDIS_URL"] = self.redis_url
        env["CHANNEL_LAYER"] = config.layer
        env["DJANGO_SETTINGS_MODULE"] = "config.settings"
        return env

    def baseline_env(self, config: Configuration) -> dict[str, str]:
        env = self.base_env()
        env["DJANGO_SETTINGS_MODULE"] = "bench.baseline.settings"
        env["BENCH_CHANNEL_LAYER"] = config.layer
        if config.deployment == "production":
            env["REDIS_URL"] = self.redis_url
        return env

    def ensure_postgres(self) -> str:
        if self.database_url is None:
            self.database, self.database_url = servers.scratch_postgres(self.postgres_url)
        return self.database_url

    def prepare(self, config: Configuration) -> dict[str, Any]:
        """Migrations, built-in scenarios, the bench scenarios and a facilitator, once per
        database."""
        key = config.deployment
        if key in self.prepared:
            return self.prepared[key]
        env = self.product_env(config)
        if config.deployment == "production":
            self.notes.append(servers.postgres_statements_note(self.postgres_url))
            self.notes.append(GAME_IDS_OFFSET_NOTE)
        prepared = servers.task(
            env,
            "prepare",
            username="guru-bench",
            scenarios=[
                {
                    "source": source,
                    "slug": slug,
                    "phases": self.phases,
                    "rounds": self.rounds,
                }
                for source, slug in SCENARIO_OF.items()
            ],
        )
        if config.deployment == "production":
            servers.offset_game_ids(env["DATABASE_URL"])
        scenarios = prepared.pop("scenarios")
        facilitator = prepared
        self.prepared[key] = {"facilitator": facilitator, "scenarios": scenarios}
        return self.prepared[key]

    def close(self) -> None:
        if self.database is not None:
            servers.drop_postgres(self.postgres_url, self.database)
            self.database = self.database_url = None
        if self.redis_url:
            try:
                servers.flush_redis(self.redis_url)
            except Exception as error:  # a report is still worth writing
                print(f"could not flush {self.redis_url}: {error}", file=sys.stderr)


class Generator:
    """One ``bench.loadgen`` process and its line protocol."""

    def __init__(self, config: dict[str, Any], log: Path) -> None:
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.loadgen"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        self.send(config)
        self.players = sum(g["players"] for g in config["games"])

    @property
    def pid(self) -> int:
        return self.process.pid

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()

    def answer(self, timeout: float) -> dict[str, Any]:
        """The next line it prints, within ``timeout`` seconds."""
        found: list[str] = []
        assert self.process.stdout is not None
        reader = threading.Thread(target=lambda: found.append(self.process.stdout.readline()))
        reader.daemon = True
        reader.start()
        reader.join(timeout)
        if not found or not found[0]:
            raise RuntimeError(f"generator {self.pid} gave no answer in {timeout:.0f} s")
        message = json.loads(found[0])
        if message.get("event") == "failed":
            raise RuntimeError(f"generator {self.pid} failed: {message['error']}")
        return message

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                self.send({"cmd": "stop"})
                self.process.wait(15)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait(5)
        self.log.close()


def split(items: list[Any], parts: int) -> list[list[Any]]:
    return [items[n::parts] for n in range(parts) if items[n::parts]]


class Side:
    """One side (product or baseline) of one configuration: its servers and generators."""

    def __init__(
        self, kind: str, config: Configuration, env: Environment, plan: Plan, run_id: str
    ) -> None:
        self.kind = kind
        self.config = config
        self.env = env
        self.plan = plan
        self.run_id = run_id
        self.servers: list[Daphne] = []
        self.generators: list[Generator] = []
        self.setup_s = 0.0
        self.connect_retries = 0
        self.connect_errors: list[str] = []
        self.logs = env.workdir / f"{config.name}-{kind}"
        self.logs.mkdir(parents=True, exist_ok=True)

    # Servers ---------------------------------------------------------------------------

    def start_servers(self) -> None:
        if self.kind == "product":
            self.env.prepare(self.config)  # the database is ready before a server reads it
        if self.config.deployment == "production":
            servers.flush_redis(self.env.redis_url)
        if self.kind == "product":
            environment, app, probe = (
                self.env.product_env(self.config),
                "config.asgi:application",
                "/healthz",
            )
        else:
            environment, app, probe = (
                self.env.baseline_env(self.config),
                "bench.baseline.asgi:application",
                "/",
            )
        for n in range(self.config.server_count()):
            daphne = Daphne(
                servers.free_port(), app, environment, self.logs / f"daphne-{n + 1}.log"
            )
            daphne.start()
            self.servers.append(daphne)
        for daphne in self.servers:
            daphne.wait_ready(probe)

    def game_specs(self) -> tuple[list[dict[str, Any]], str]:
        config = self.config
        if self.kind == "baseline":
            specs = [
                {"code": f"{self.run_id}-{n}", "players": config.players}
                for n in range(config.games)
            ]
            return specs, ""
        prepared = self.env.prepare(config)
        scenario = prepared["scenarios"][config.scenario]
        games = servers.task(
            self.env.product_env(config),
            "create_games",
            owner=prepared["facilitator"]["user"],
            scenario=scenario["slug"],
            count=config.games,
            seed=1000,
        )
        specs = [
            {"code": g["code"], "players": config.players, "countries": scenario["countries"]}
            for g in games
        ]
        return specs, prepared["facilitator"]["sessionid"]

    def start_generators(self, max_seconds: float) -> None:
        specs, sessionid = self.game_specs()
        started = time.time()
        ports = [d.port for d in self.servers]
        for n, games in enumerate(split(specs, self.config.worker_count())):
            self.generators.append(
                Generator(
                    {
                        "mode": self.kind,
                        "worker": n + 1,
                        "ports": ports,
                        "games": games,
                        "sessionid": sessionid,
                        "text_size": 80,
                        "seed": 1,
                        "max_seconds": max_seconds,
                    },
                    self.logs / f"generator-{n + 1}.log",
                )
            )
        self.connect_retries = 0
        for generator in self.generators:
            ready = generator.answer(max_seconds)
            self.connect_retries += ready.get("connect_retries", 0)
            if ready.get("last_connect_error"):
                self.connect_errors.append(ready["last_connect_error"])
        self.setup_s = round(time.time() - started, 1)

    def stop(self) -> list[str]:
        for generator in self.generators:
            generator.stop()
        problems = []
        for daphne in self.servers:
            daphne.stop()
            problems += [f":{daphne.port} {line}" for line in daphne.errors_logged()[:20]]
        return problems

    # Windows ---------------------------------------------------------------------------

    def start_games(self) -> None:
        """Every facilitator starts their game (and skips the briefing) before the first
        window, so that the window sees a round fall due and resolve."""
        for generator in self.generators:
            generator.send({"cmd": "start_games"})
        for generator in self.generators:
            generator.answer(120)

    def window(
        self, index: int, factor: float, duration: float, churn: float = 0.0
    ) -> dict[str, Any]:
        config = self.config
        rate = config.actions_per_s * factor
        players = sum(g.players for g in self.generators)
        start = time.time() + 1.5
        for generator in self.generators:
            generator.send(
                {
                    "cmd": "window",
                    "index": index,
                    "start": start,
                    "duration": duration,
                    "drain": config.drain,
                    "rate": rate * generator.players / players,
                    "churn_per_min": churn,
                }
            )
        pids = {d.port: d.pid for d in self.servers}
        generator_pids = [g.pid for g in self.generators]
        time.sleep(max(0.0, start - time.time()))
        before = {port: servers.proc_sample(pid) for port, pid in pids.items()}
        gen_before = {pid: servers.proc_sample(pid) for pid in generator_pids}
        redis_before = self.redis_counters()
        pg_before = self.postgres_counters()
        profilers = self.profile(index, duration) if self.plan.profile else []
        rss_series: dict[int, list[tuple[float, int]]] = {port: [] for port in pids}
        end = start + duration
        while time.time() < end:
            for port, pid in pids.items():
                sample = servers.proc_sample(pid)
                if sample is not None:
                    rss_series[port].append((round(sample.at - start, 1), sample.rss_kib))
            time.sleep(min(10.0, max(0.0, end - time.time())))
        after = {port: servers.proc_sample(pid) for port, pid in pids.items()}
        gen_after = {pid: servers.proc_sample(pid) for pid in generator_pids}
        redis_after = self.redis_counters()
        pg_after = self.postgres_counters()
        load = servers.load_average()
        results = [g.answer(duration + config.drain + 60) for g in self.generators]
        for daphne in self.servers:
            daphne.mark()  # errors logged after this (at shutdown) are not the window's
        for profiler in profilers:
            profiler.wait(60)
        server_figures = [
            {
                "port": port,
                "pid": pids[port],
                "cpu_cores": _round(servers.cpu_cores(before[port], after[port])),
                "rss_mib": round((after[port].rss_kib if after[port] else 0) / 1024, 1),
                "peak_rss_mib": round((after[port].hwm_kib if after[port] else 0) / 1024, 1),
                "rss_series_kib": rss_series[port],
            }
            for port in pids
        ]
        generator_figures = [
            {"pid": pid, "cpu_cores": _round(servers.cpu_cores(gen_before[pid], gen_after[pid]))}
            for pid in generator_pids
        ]
        figures = report.side_figures(
            report.merge_workers(results),
            duration=duration,
            servers=server_figures,
            generators=generator_figures,
            redis=servers.counter_delta(redis_before, redis_after) if redis_before else None,
            postgres=servers.counter_delta(pg_before, pg_after) if pg_before else None,
        )
        figures.update(
            load_average=load,
            offered_actions_per_s=round(rate, 2),
            duration_s=duration,
            setup_s=self.setup_s,
            setup_connect_retries=self.connect_retries,
            setup_connect_errors=self.connect_errors,
            factor=factor,
            started=datetime.fromtimestamp(start, UTC).isoformat(timespec="seconds"),
        )
        return figures

    def redis_counters(self) -> dict[str, int] | None:
        if self.config.deployment != "production":
            return None
        return servers.redis_counters(self.env.redis_url)

    def postgres_counters(self) -> dict[str, Any] | None:
        if self.config.deployment != "production" or self.kind != "product":
            return None
        counters = servers.postgres_counters(self.env.ensure_postgres())
        return {k: v for k, v in counters.items() if v is not None}

    def profile(self, index: int, duration: float) -> list[subprocess.Popen[bytes]]:
        """py-spy on each server process for the window (``--profile``)."""
        spy = Path(sys.executable).with_name("py-spy")
        found = []
        for daphne in self.servers:
            out = (
                self.env.workdir.parent.parent
                / f"profile-{self.config.name}-{self.kind}-{index}-{daphne.port}.json"
            )
            found.append(
                subprocess.Popen(
                    [
                        str(spy),
                        "record",
                        "-d",
                        str(int(duration)),
                        "-p",
                        str(daphne.pid),
                        "-o",
                        str(out),
                        "--format",
                        "speedscope",
                        "--nonblocking",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        return found


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def say(line: str) -> None:
    """Progress on stderr, so stdout keeps only the table."""
    print(f"{time.strftime('%X')} {line}", file=sys.stderr, flush=True)


def measure_side(
    kind: str, config: Configuration, env: Environment, plan: Plan, run_id: str
) -> dict[str, Any]:
    side = Side(kind, config, env, plan, run_id)
    windows = plan.windows if plan.mode == "soak" else len(plan.factors)
    max_seconds = windows * (config.duration + config.drain + 5) + WORKER_SLACK + 300
    steps: list[dict[str, Any]] = []
    failure = None
    try:
        say(f"{config.name} {kind}: starting {config.server_count()} Daphne process(es)")
        side.start_servers()
        say(f"{config.name} {kind}: setting up {config.games} × {config.players} + facilitators")
        side.start_generators(max_seconds)
        say(f"{config.name} {kind}: set up in {side.setup_s} s; measuring")
        for index in range(windows):
            factor = plan.factors[index] if plan.mode == "capacity" else 1.0
            if index == 0:
                side.start_games()
            figures = side.window(index, factor, config.duration, churn=plan.churn_per_min)
            steps.append(figures)
            print(report.row(config.name, f"{kind[:4]}#{index}", figures), flush=True)
            if plan.mode == "capacity" and not report.held(figures):
                break
    except Exception as error:  # the other configurations are still worth measuring
        failure = f"{type(error).__name__}: {error}"
        say(f"{config.name} {kind}: FAILED: {failure}")
    finally:
        problems = side.stop()
    if not steps:
        return {
            "failed": failure,
            "setup_s": side.setup_s,
            "setup_connect_retries": side.connect_retries,
            "setup_connect_errors": side.connect_errors,
            "server_log_errors": problems,
        }
    if plan.mode == "run":
        result = steps[0]
    elif plan.mode == "capacity":
        passing = [s for s in steps if report.held(s)]
        best = max(passing, key=lambda s: s["deliveries_per_s"]) if passing else None
        result = {
            "steps": steps,
            "held_deliveries_per_s": best["deliveries_per_s"] if best else 0,
            "held_actions_per_s": best["actions_per_s"] if best else 0,
            "held_factor": best["factor"] if best else 0,
            "bar": f"p99 ≤ {report.CAPACITY_P99_MS:.0f} ms and nothing lost",
        }
    else:
        result = soak_summary(steps)
    result["server_log_errors"] = problems
    if failure:
        result["failed"] = failure
    return result


def soak_summary(windows: list[dict[str, Any]]) -> dict[str, Any]:
    """Growth of each server process's RSS over the whole soak, per hour (least squares)."""
    series: dict[int, list[tuple[float, float]]] = {}
    for window in windows:
        base = datetime.fromisoformat(window["started"]).timestamp()
        for server in window["servers"]:
            series.setdefault(server["port"], []).extend(
                (base + t, kib / 1024) for t, kib in server["rss_series_kib"]
            )
    growth = {}
    for port, points in series.items():
        if len(points) < 2:
            continue
        t0 = points[0][0]
        xs = [(t - t0) / 3600 for t, _ in points]
        ys = [y for _, y in points]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        var = sum((x - mx) ** 2 for x in xs)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else 0
        growth[str(port)] = {
            "first_mib": round(ys[0], 1),
            "last_mib": round(ys[-1], 1),
            "mib_per_hour": round(slope, 1),
        }
    last = windows[-1]
    return {
        **{k: last[k] for k in ("p50_ms", "p99_ms", "deliveries_per_s", "rss_mib")},
        "gaps": sum(w["gaps"] for w in windows),
        "errors": sum(w["errors"] for w in windows),
        "lost": sum(w["lost"] for w in windows),
        "reconnects": sum(w["reconnects"] for w in windows),
        "rss_growth": growth,
        "windows": windows,
    }


def _write(results: Path, stamp: str, configurations: list[dict[str, Any]]) -> None:
    text = json.dumps(configurations, indent=1, ensure_ascii=False)
    (results / f"{stamp}.json").write_text(text)
    (results / "latest.json").write_text(text)


def run(
    plan: Plan, *, postgres_url: str, redis_url: str, results: Path = RESULTS
) -> list[dict[str, Any]]:
    """Measure every configuration of ``plan``; print the table; write the JSON report
    (``<results>/<time>.json`` and ``<results>/latest.json``) and keep the logs."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    workdir = results / "logs" / stamp
    workdir.mkdir(parents=True, exist_ok=True)
    env = Environment(workdir, postgres_url, redis_url, plan)
    run_id = secrets.token_hex(3)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = bool(
        subprocess.run(
            ["git", "status", "--porcelain", "game", "config"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    configurations = []
    print(report.header(), flush=True)
    try:
        for config in plan.configurations:
            entry: dict[str, Any] = {
                "name": config.name,
                "players": config.games * config.players,
                "actions_per_s": round(config.actions_per_s, 2),
                "mode": plan.mode,
                "configuration": asdict(config),
                "meta": {
                    "date": datetime.now(UTC).isoformat(timespec="seconds"),
                    "commit": commit + ("+dirty" if dirty else ""),
                    "load_average_before": servers.load_average(),
                    "cpus": os.cpu_count(),
                    "tick_seconds": float(os.environ.get("MUFAKAT_TICK_SECONDS", "1")),
                    "phases": plan.phases,
                    "rounds": plan.rounds,
                    "logs": str(workdir),
                },
            }
            for kind in ("product", "baseline"):
                if getattr(config, kind):
                    entry[kind] = measure_side(kind, config, env, plan, run_id)
            sides = (entry.get("product") or {}, entry.get("baseline") or {})
            if plan.mode == "run" and all(side.get("p50_ms") for side in sides):
                entry["ratios"] = report.ratios(entry["product"], entry["baseline"])
            entry["meta"]["notes"] = list(dict.fromkeys(env.notes))
            configurations.append(entry)
            _write(results, stamp, configurations)  # a later failure keeps what was measured
    finally:
        env.close()
    print()
    print(report.table(configurations), flush=True)
    _write(results, stamp, configurations)
    print(f"\nwrote {results / f'{stamp}.json'} and {results / 'latest.json'}; logs in {workdir}")
    return configurations

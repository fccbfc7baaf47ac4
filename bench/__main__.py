"""``python -m bench``: the load benchmark of the product against a bare Channels baseline.

    python -m bench                  # make bench: every configuration, one window each (< 5 min)
    python -m bench --quick          # make bench-quick: production 25 × 40 (< 3 min)
    python -m bench --capacity       # step the rate up until p99 > 250 ms or a loss
    python -m bench --soak           # make bench-soak: 30 min, 10 % of sockets churn a minute
    python -m bench --config embedded-4x40 --config production-core-25x40
    python -m bench --deployment production --layer pubsub --games 5 --players 20

Configuration names read ``<deployment>[-<layer>]-<games>x<players>``: deployment
``embedded`` (one Daphne, SQLite, in-memory layer) or ``production`` (two Daphne processes,
PostgreSQL, Redis); layer ``pubsub`` (RedisPubSubChannelLayer, the product's choice) or
``core`` (RedisChannelLayer). Results: a table on stdout, ``bench/results/<time>.json`` and
``bench/results/latest.json``. See docs/deploy.md for what the figures mean.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import replace
from pathlib import Path

from bench.run import RESULTS, Configuration, Plan, run

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/9"
NAME = re.compile(r"^(embedded|production)(?:-(pubsub|core))?-(\d+)x(\d+)$")

# make bench: the three sizes and both Redis layers. The core layer runs the baseline only,
# to stay under 5 minutes; --product-core adds the product on it (CHANNEL_LAYER=core).
FULL = [
    "embedded-10x6",
    "production-pubsub-25x40",
    "production-core-25x40",
    "production-pubsub-50x40",
]
QUICK = ["production-pubsub-25x40"]
CAPACITY_FACTORS = [0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0]
SOAK_PHASES = {"briefing": 10, "negotiation": 40, "decision": 10, "results": 10}


def configuration(name: str) -> Configuration:
    found = NAME.match(name)
    if found is None:
        raise argparse.ArgumentTypeError(
            f"{name!r}: use <embedded|production>[-<pubsub|core>]-<games>x<players>"
        )
    deployment, layer, games, players = found.groups()
    if deployment == "embedded":
        if layer:
            raise argparse.ArgumentTypeError("the embedded configuration has no layer choice")
        layer = "memory"
    return Configuration(
        name=name,
        deployment=deployment,
        layer=layer or "pubsub",
        games=int(games),
        players=int(players),
    )


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--quick", action="store_true", help="production 25 × 40, product and baseline"
    )
    mode.add_argument("--capacity", action="store_true", help="step the action rate up")
    mode.add_argument("--soak", action="store_true", help="30 min with churn; RSS growth")
    p.add_argument("--config", action="append", type=configuration, default=[], metavar="NAME")
    p.add_argument("--deployment", choices=("embedded", "production"))
    p.add_argument("--layer", choices=("pubsub", "core"), default="pubsub")
    p.add_argument("--games", type=int)
    p.add_argument("--players", type=int)
    p.add_argument("--duration", type=float, help="seconds per window")
    p.add_argument("--interval", type=float, help="seconds between one student's actions (20)")
    p.add_argument("--windows", type=int, help="soak: number of windows (30 of 60 s)")
    p.add_argument("--churn", type=float, default=0.10, help="soak: share of sockets per minute")
    p.add_argument("--factors", help="capacity: comma-separated rate multipliers")
    p.add_argument("--workers", type=int, default=0, help="generator processes (by size)")
    p.add_argument(
        "--processes", type=int, default=0, help="Daphne processes (default 2; embedded: 1)"
    )
    p.add_argument("--no-product", action="store_true")
    p.add_argument("--no-baseline", action="store_true")
    p.add_argument(
        "--product-core", action="store_true", help="also the product on RedisChannelLayer"
    )
    p.add_argument("--profile", action="store_true", help="py-spy each server for each window")
    p.add_argument("--results", type=Path, default=RESULTS, help="where the JSON goes")
    p.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    )
    p.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    return p


def plan_from(args: argparse.Namespace) -> Plan:
    if args.processes > 1 and args.deployment == "embedded":
        raise SystemExit("the embedded configuration's in-memory layer serves one process only")
    if args.deployment:
        if not (args.games and args.players):
            raise SystemExit("--deployment needs --games and --players")
        layer = "" if args.deployment == "embedded" else f"-{args.layer}"
        configs = [configuration(f"{args.deployment}{layer}-{args.games}x{args.players}")]
    elif args.config:
        configs = list(args.config)
    elif args.quick or args.capacity or args.soak:
        configs = [configuration(name) for name in QUICK]
    else:
        configs = [configuration(name) for name in FULL]
    # In the default set the core layer runs the baseline only (see FULL).
    default_set = not (args.deployment or args.config)
    plan = Plan(configurations=[], profile=args.profile)
    duration = args.duration
    if args.quick:
        duration = duration or 30.0
    elif args.capacity:
        plan.mode = "capacity"
        plan.factors = (
            [float(f) for f in args.factors.split(",")] if args.factors else CAPACITY_FACTORS
        )
        duration = duration or 15.0
        plan.rounds = 30  # the games must outlast every step
    elif args.soak:
        plan.mode = "soak"
        plan.windows = args.windows or 30
        plan.churn_per_min = args.churn
        plan.phases = SOAK_PHASES
        plan.rounds = 30
        duration = duration or 60.0
    else:
        # The first round falls due about 18.5 s into the first window (the facilitators
        # skip the briefing just before it): 20 s windows still see it resolve.
        duration = duration or 20.0
    for config in configs:
        config = replace(config, duration=duration, workers=args.workers, processes=args.processes)
        if args.interval:
            config = replace(config, interval=args.interval)
        if args.no_product or (default_set and config.layer == "core" and not args.product_core):
            config = replace(config, product=False)
        if args.no_baseline or plan.mode == "soak":
            # The soak measures the product's memory over half an hour; the baseline has no
            # such target, and would double the run.
            config = replace(config, baseline=False)
        plan.configurations.append(config)
    return plan


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    plan = plan_from(args)
    run(plan, postgres_url=args.postgres_url, redis_url=args.redis_url, results=args.results)


if __name__ == "__main__":
    sys.exit(main())

"""Turning what the generator processes and the /proc, Redis and PostgreSQL counters said
into the figures of one side (product or baseline) of one window, and printing the table."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

# Compared product ÷ baseline in every report.
RATIO_KEYS = (
    "p50_ms",
    "p95_ms",
    "p99_ms",
    "max_ms",
    "deliveries_per_s",
    "server_cpu_cores",
    "server_cpu_ms_per_delivery",
    "server_cpu_ms_per_action",
    "rss_mib",
)
# The capacity mode's bar: a window is held when its p99 stays under this and nothing is lost.
CAPACITY_P99_MS = 250.0


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (``share`` in 0..1); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def merge_workers(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Add up the generator processes' answers for one window."""
    merged: dict[str, Any] = {
        "sent": Counter(),
        "errors": Counter(),
        "latencies": {},
        "lag": [],
        "acks": [],
        "rounds": [],
        "timeline": [],
        "due": [],
    }
    for result in results:
        merged["sent"].update(result["sent"])
        merged["errors"].update(result["errors"])
        merged["lag"] += result["lag"]
        merged["acks"] += result["acks"]
        merged["rounds"] += result["rounds"]
        merged["timeline"] += result.get("timeline", [])
        merged["due"] += result.get("due", [])
        merged.setdefault("incomplete_sample", []).extend(result.get("incomplete_sample", []))
        for kind, values in result["latencies"].items():
            merged["latencies"].setdefault(kind, []).extend(values)
        for key in (
            "throttled",
            "frames",
            "expected",
            "delivered",
            "incomplete",
            "refused",
            "gaps",
            "resyncs",
            "dropped",
            "reconnects",
            "reconnect_failures",
            "rounds_incomplete",
            "connections",
            "sockets",
        ):
            merged[key] = merged.get(key, 0) + result[key]
    return merged


def side_figures(
    merged: dict[str, Any],
    *,
    duration: float,
    servers: list[dict[str, Any]],
    generators: list[dict[str, Any]],
    redis: dict[str, int] | None,
    postgres: dict[str, int] | None,
) -> dict[str, Any]:
    """The figures of one side of one window."""
    every = [value for values in merged["latencies"].values() for value in values]
    actions = sum(merged["sent"].values())
    error_frames = sum(merged["errors"].values())
    figures: dict[str, Any] = {
        "p50_ms": ms(percentile(every, 0.50)),
        "p95_ms": ms(percentile(every, 0.95)),
        "p99_ms": ms(percentile(every, 0.99)),
        "max_ms": ms(max(every) if every else None),
        "deliveries_per_s": round(merged["delivered"] / duration, 1),
        "gaps": merged["gaps"],
        "errors": error_frames + merged["dropped"] + merged["reconnect_failures"],
        "rss_mib": round(sum(s["rss_mib"] for s in servers), 1),
        "actions_per_s": round(actions / duration, 2),
        "measured_actions": len(every),
        "incomplete_actions": merged["incomplete"],
        "incomplete_sample": merged.get("incomplete_sample", [])[:20],
        "expected_deliveries": merged["expected"],
        "delivered": merged["delivered"],
        "delivery_ratio": (
            round(merged["delivered"] / merged["expected"], 5) if merged["expected"] else None
        ),
        "lost": merged["expected"] - merged["delivered"],
        "frames_per_s": round(merged["frames"] / duration, 1),
        "resyncs": merged["resyncs"],
        "errors_by_code": dict(merged["errors"]),
        "dropped_connections": merged["dropped"],
        "reconnects": merged["reconnects"],
        "reconnect_failures": merged["reconnect_failures"],
        "connections": merged["connections"],
        "sockets": merged["sockets"],
        "sent_by_type": dict(merged["sent"]),
        "throttled": merged["throttled"],
        "refused_measured_actions": merged["refused"],
        "by_kind": {
            kind: {
                "n": len(values),
                "p50_ms": ms(percentile(values, 0.5)),
                "p99_ms": ms(percentile(values, 0.99)),
            }
            for kind, values in merged["latencies"].items()
        },
        "ack_p50_ms": ms(percentile(merged["acks"], 0.5)),
        "ack_p99_ms": ms(percentile(merged["acks"], 0.99)),
        "round_latency_ms": {
            "n": len(merged["rounds"]),
            "p50": ms(percentile(merged["rounds"], 0.5)),
            "max": ms(max(merged["rounds"]) if merged["rounds"] else None),
            "incomplete": merged["rounds_incomplete"],
        },
        "timeline": timeline(merged["timeline"]),
        "rounds_due_s": sorted(merged["due"]),
        "server_cpu_cores": round(sum(s["cpu_cores"] or 0 for s in servers), 3),
        # CPU per unit of work, comparable between the product (whose delegation and group
        # chats reach a few sockets) and the baseline (every frame reaches the whole group).
        "server_cpu_ms_per_delivery": _per(servers, merged["delivered"], duration),
        "server_cpu_ms_per_action": _per(servers, actions, duration),
        "servers": servers,
        "generator_cpu_cores": round(sum(g["cpu_cores"] or 0 for g in generators), 3),
        "generators": generators,
        "generator_lag_p99_ms": ms(percentile(merged["lag"], 0.99)),
        "generator_lag_max_ms": ms(max(merged["lag"]) if merged["lag"] else None),
    }
    if redis is not None:
        figures["redis_commands"] = redis
        figures["redis_commands_per_action"] = (
            round(redis.get("total", 0) / actions, 2) if actions else None
        )
    if postgres is not None:
        figures["postgres"] = postgres
        figures["postgres_per_action"] = {
            key: round(value / actions, 2) for key, value in postgres.items() if actions
        }
    return figures


def timeline(sent: list[tuple[float, float]]) -> list[dict[str, Any]]:
    """The actions sent in each second of the window: how many, and their p50 and max
    latency, so a slow stretch can be put next to what happened then (rounds_due_s)."""
    seconds: dict[int, list[float]] = {}
    for at, latency in sent:
        seconds.setdefault(int(at), []).append(latency)
    return [
        {
            "s": second,
            "n": len(values),
            "p50_ms": ms(percentile(values, 0.5)),
            "max_ms": ms(max(values)),
        }
        for second, values in sorted(seconds.items())
    ]


def _per(servers: list[dict[str, Any]], count: int, duration: float) -> float | None:
    cores = sum(s["cpu_cores"] or 0 for s in servers)
    return round(cores * duration * 1000 / count, 3) if count else None


def held(figures: dict[str, Any]) -> bool:
    """A capacity step is held when the p99 is under the bar and nothing was lost."""
    p99 = figures["p99_ms"]
    return (
        p99 is not None
        and p99 <= CAPACITY_P99_MS
        and figures["lost"] == 0
        and figures["gaps"] == 0
        and figures["resyncs"] == 0
        and figures["dropped_connections"] == 0
    )


def ratios(product: dict[str, Any], baseline: dict[str, Any]) -> dict[str, float | None]:
    found = {}
    for key in RATIO_KEYS:
        a, b = product.get(key), baseline.get(key)
        found[key] = round(a / b, 2) if a is not None and b else None
    return found


# The printed table ----------------------------------------------------------------------

COLUMNS = (
    ("config", 26),
    ("side", 8),
    ("act/s", 6),
    ("p50", 7),
    ("p95", 7),
    ("p99", 7),
    ("max", 7),
    ("deliv/s", 8),
    ("lost", 6),
    ("gaps", 5),
    ("err", 5),
    ("srvCPU", 6),
    ("genCPU", 6),
    ("RSS", 6),
    ("round", 12),
)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return str(value)


def row(name: str, side: str, figures: dict[str, Any]) -> str:
    rounds = figures.get("round_latency_ms") or {}
    round_cell = (
        f"{_cell(rounds.get('p50'))}/{_cell(rounds.get('max'))} n{rounds.get('n', 0)}"
        if rounds.get("n")
        else "-"
    )
    cells = [
        name,
        side,
        _cell(figures.get("actions_per_s")),
        _cell(figures.get("p50_ms")),
        _cell(figures.get("p95_ms")),
        _cell(figures.get("p99_ms")),
        _cell(figures.get("max_ms")),
        _cell(figures.get("deliveries_per_s")),
        _cell(figures.get("lost")),
        _cell(figures.get("gaps")),
        _cell(figures.get("errors")),
        _cell(figures.get("server_cpu_cores")),
        _cell(figures.get("generator_cpu_cores")),
        _cell(figures.get("rss_mib")),
        round_cell,
    ]
    return " ".join(
        c.rjust(w) if i > 1 else c.ljust(w)
        for i, (c, (_, w)) in enumerate(zip(cells, COLUMNS, strict=True))
    )


def header() -> str:
    line = " ".join(n.rjust(w) if i > 1 else n.ljust(w) for i, (n, w) in enumerate(COLUMNS))
    return f"{line}\n{'-' * len(line)}"


def table(configurations: list[dict[str, Any]]) -> str:
    """Times in ms (fan-out to the last member; round: deadline → last round_resolved,
    p50/max); CPU in cores; RSS in MiB (all server processes)."""
    lines = [header()]
    for config in configurations:
        for side in ("product", "baseline"):
            figures = config.get(side)
            if not figures:
                continue
            if figures.get("failed") and not figures.get("p50_ms") and "steps" not in figures:
                lines.append(f"{config['name']:26} {side:8} FAILED: {figures['failed']}")
                continue
            for step in figures.get("steps") or figures.get("windows") or [figures]:
                label = side if "steps" not in figures else f"{side[:4]}×{step['factor']}"
                lines.append(row(config["name"], label, step))
        if config.get("ratios"):
            r = config["ratios"]
            lines.append(
                f"{'':26} ratio    p50 {_cell(r['p50_ms'])}×  p99 {_cell(r['p99_ms'])}×  "
                f"deliv/s {_cell(r['deliveries_per_s'])}×  CPU {_cell(r['server_cpu_cores'])}×  "
                f"RSS {_cell(r['rss_mib'])}×"
            )
    return "\n".join(lines)

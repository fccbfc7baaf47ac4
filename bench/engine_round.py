"""How long one round resolution takes for 40 and 200 countries (the engine's speed goal:
under 20 ms per round for 40 countries). Prints a table; no test asserts a time."""

from __future__ import annotations

import argparse
import statistics
import time

from game.engine.commands import AdvancePhase, StartGame
from game.engine.game import execute, new_game
from game.engine.rounds import resolve_round
from game.engine.scenario import load_scenario

BLOCS = ("developed", "emerging", "developing")


def world(size: int):
    countries = [
        {
            "id": f"c{index}",
            "name": {"id": f"Negara {index}", "en": f"Country {index}"},
            "bloc": BLOCS[index % 3],
            "region": f"r{index % 7}",
            "population": 10 + (index * 37) % 300,
            "wealth": 50 + (index * 7919) % 20000,
            "emissions_intensity": 0.5 + (index % 10) / 10,
            "vulnerability": 0.4 + (index % 5) / 3,
            "security_capacity": 0.2 + (index % 6) / 10,
            "attractiveness": 0.3 + (index % 4) / 2,
            "openness": 0.3 + (index % 5) / 10,
        }
        for index in range(size)
    ]
    return load_scenario(
        {
            "slug": f"bench-{size}",
            "title": {"id": "Uji", "en": "Bench"},
            "description": {"id": "Uji", "en": "Bench"},
            "climate": {"milestones": [{"round": 1, "target": 0.01}]},
            "countries": countries,
        }
    )


def time_round(size: int, repeats: int) -> list[float]:
    state, _ = execute(new_game(world(size), 1), StartGame())
    while state.phase != "decision":
        state, _ = execute(state, AdvancePhase())
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        resolve_round(state)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()
    print(f"{'countries':>9} {'median ms':>10} {'p95 ms':>8} {'min ms':>8}")
    for size in (6, 20, 40, 200):
        timings = sorted(time_round(size, args.repeats))
        p95 = timings[int(0.95 * (len(timings) - 1))]
        print(f"{size:>9} {statistics.median(timings):>10.2f} {p95:>8.2f} {timings[0]:>8.2f}")


if __name__ == "__main__":
    main()

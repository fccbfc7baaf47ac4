"""Seeded chance: every random draw of a game comes from here, never from global state.

A generator is derived from (seed, round, topic), so a round's draws do not depend on how
many draws earlier rounds made, and replaying a game draws exactly the same numbers. In
expected-value mode no draw happens at all: callers use expectations instead.
"""

from __future__ import annotations

import math
import random


def generator(seed: int, round_number: int, topic: str) -> random.Random:
    # String seeds are hashed with SHA-512 by ``random.Random``: stable across runs and hosts.
    return random.Random(f"{seed}:{round_number}:{topic}")


def poisson(rng: random.Random, expected: float) -> int:
    """A Poisson draw: Knuth's method for small means, a rounded normal for large ones."""
    if expected <= 0:
        return 0
    if expected > 50:
        return max(0, round(rng.gauss(expected, math.sqrt(expected))))
    limit = math.exp(-expected)
    count = 0
    product = rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count

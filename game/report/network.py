"""Who talked to whom: the private channels of a game as a picture.

Countries (and civil-society players) sit on a circle; a line joins two of them for every
private channel they shared, as thick as the messages exchanged there, and a node is as
large as the private messages its delegation sent. Drawn as SVG by the report's template,
so it prints without a script.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from game.report.names import civil_labels, country_name
from game.room import Message
from game.session import Session

WIDTH, HEIGHT = 640, 460
MARGIN = 70  # room for the labels around the circle


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    x: float
    y: float
    r: float
    label_x: float
    label_y: float
    anchor: str
    sent: int
    civil: bool


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    x1: float
    y1: float
    x2: float
    y2: float
    messages: int
    width: float


@dataclass(frozen=True)
class Network:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]
    groups: list[dict[str, Any]]

    @property
    def messages(self) -> int:
        return sum(group["messages"] for group in self.groups)


def _sender(country: str | None, player: int | None) -> str:
    if country:
        return country
    return f"cs:{player}" if player is not None else ""


def network(session: Session, conversation: Sequence[Message], language: str) -> Network:
    """The talk between delegations, from the game's whole ``conversation``."""
    scenario = session.scenario
    civil = civil_labels(session.room)

    def label(node_id: str) -> str:
        return civil.get(node_id) or country_name(scenario, node_id, language)

    posted = session.room.posted
    sent = Counter(
        _sender(m.country, m.sender) for m in conversation if m.channel.startswith("group:")
    )
    pairs: Counter[tuple[str, str]] = Counter()
    groups = []
    for group in session.room.groups.values():
        messages = posted.get(f"group:{group.id}", 0)
        members = list(group.countries)
        groups.append(
            {"title": group.title, "members": [label(m) for m in members], "messages": messages}
        )
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                first, second = sorted((a, b))
                pairs[(first, second)] += messages
    ids = [*scenario.country_ids, *civil]
    cx, cy = WIDTH / 2, HEIGHT / 2
    radius = min(cx, cy) - MARGIN
    busiest = max(sent.values(), default=0) or 1
    places: dict[str, tuple[float, float]] = {}
    nodes = []
    for i, node_id in enumerate(ids):
        angle = 2 * math.pi * i / len(ids) - math.pi / 2
        cos, sin = math.cos(angle), math.sin(angle)
        places[node_id] = (cx + radius * cos, cy + radius * sin)
        nodes.append(
            Node(
                id=node_id,
                label=label(node_id),
                x=round(places[node_id][0], 1),
                y=round(places[node_id][1], 1),
                r=round(5 + 9 * math.sqrt(sent[node_id] / busiest), 1),
                label_x=round(cx + (radius + 20) * cos, 1),
                label_y=round(cy + (radius + 20) * sin + 4 + 6 * sin, 1),
                anchor="middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end"),
                sent=sent[node_id],
                civil=node_id in civil,
            )
        )
    heaviest = max(pairs.values(), default=0) or 1
    edges = [
        Edge(
            a=label(a),
            b=label(b),
            x1=round(places[a][0], 1),
            y1=round(places[a][1], 1),
            x2=round(places[b][0], 1),
            y2=round(places[b][1], 1),
            messages=messages,
            width=round(1 + 9 * messages / heaviest, 1),
        )
        # Thin lines first, so the busy channels are drawn on top.
        for (a, b), messages in sorted(pairs.items(), key=lambda item: item[1])
        if a in places and b in places
    ]
    return Network(WIDTH, HEIGHT, nodes, edges, groups)

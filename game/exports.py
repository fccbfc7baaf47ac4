"""A game's record as downloads, for the teacher's spreadsheet and the researcher's script.

Every export is one table (named columns, one dict per row) read from the game's event log,
written as CSV or as JSON. In JSON, values keep their type (an event's ``data`` is an
object); in CSV a list or an object is written as JSON text, booleans as ``true``/``false``
and a missing value as an empty cell. CSV files start with a byte-order mark so that
spreadsheet programs read them as UTF-8, and a text cell a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-`` or ``@``) gets a leading apostrophe.

The chat export can be anonymised (``anonymise=True``): every student's name becomes a
stable pseudonym ("Indonesia delegate 1", "Player 7", "Civil society 2"), in the sender
column and wherever the name appears in a message's text; nothing else is left out.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from typing import Any

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from game.engine.game import new_game
from game.engine.state import CountryState, World
from game.models import Game
from game.report.moments import CAUSES
from game.report.names import civil_labels, country_name
from game.room import Room, conversation
from game.session import Recorded, Session, fresh, recorded

FORMATS = ("csv", "json")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_COUNTRY_FIELDS = [f.name for f in fields(CountryState) if f.name not in ("id", "bloc", "region")]
_WORLD_FIELDS = [f.name for f in fields(World)]
POLICY_LINES = ("development", "mitigation", "security", "migration", "aid")


@dataclass(frozen=True)
class Export:
    key: str
    title: Promise
    description: Promise
    columns: tuple[str, ...]
    anonymisable: bool = False


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: list[dict[str, Any]]


@dataclass(frozen=True)
class Folded:
    """One pass over the log: the final session, and the room as each round resolved."""

    game: Game
    events: list[Recorded]
    session: Session
    rooms: list[Room]  # the room when round 1, 2, … was resolved
    when: dict[int, tuple[int, str]]  # event seq → (round, phase) it happened in


def fold(game: Game) -> Folded:
    events = recorded(game)
    session = fresh(game)
    rooms = []
    when = {}
    for event in events:
        session = session.apply(event)
        when[event.seq] = (session.state.round, session.state.phase)
        if event.type == "round_resolved":
            rooms.append(session.room)
    return Folded(game, events, session, rooms, when)


# Research columns, each with what it means (shown on the exports page and in the guide).
RESEARCH_COLUMNS: tuple[tuple[str, Promise], ...] = (
    ("game", gettext_lazy("the game's join code")),
    ("scenario", gettext_lazy("the scenario's identifier (slug)")),
    ("seed", gettext_lazy("the seed of the game's random draws: same seed, same chances")),
    ("expected_value", gettext_lazy("true when chance was replaced by expected values")),
    ("round", gettext_lazy("the round (1 is the first)")),
    ("year", gettext_lazy("the year the round is played in")),
    ("country", gettext_lazy("the country's identifier")),
    ("bloc", gettext_lazy("developed, emerging or developing")),
    ("region", gettext_lazy("the scenario's region of the country")),
    ("played_by", gettext_lazy("students, bot:<strategy>, or nobody (the default policy)")),
    ("delegates", gettext_lazy("students seated in the delegation when the round resolved")),
    *(
        (name, gettext_lazy("the country's figure after the round (engine name)"))
        for name in (
            "wealth",
            "population",
            "wealth_per_capita",
            "score",
            "stability",
            "reputation",
            "security_level",
            "attacks",
            "hosted_migrants",
            "integrated_migrants",
            "displaced",
        )
    ),
    ("budget", gettext_lazy("the money the delegation could allocate this round")),
    *(
        (f"policy_{line}", gettext_lazy("money put on this line of the national policy"))
        for line in POLICY_LINES
    ),
    ("policy_total", gettext_lazy("money spent on all lines together")),
    ("policy_trade", gettext_lazy("trade stance: open or protect")),
    ("policy_borders", gettext_lazy("borders: open or closed")),
    ("policy_fallback", gettext_lazy("true when nobody submitted and the last policy stood")),
    *(
        (f"change_{cause}", gettext_lazy("wealth change this round from this cause"))
        for cause in CAUSES
    ),
    ("change_total", gettext_lazy("the sum of all the causes")),
    ("pledges_kept_round", gettext_lazy("agreement terms the country kept this round")),
    ("pledges_broken_round", gettext_lazy("agreement terms the country broke this round")),
    ("pledges_kept_total", gettext_lazy("kept so far in the game")),
    ("pledges_broken_total", gettext_lazy("broken so far, walking out of an agreement included")),
    *(
        (f"world_{name}", gettext_lazy("the world's figure after the round"))
        for name in ("gini", "welfare", "gap_ratio", "warming", "climate_account", "disasters")
    ),
)

EXPORTS: dict[str, Export] = {
    export.key: export
    for export in (
        Export(
            "events",
            gettext_lazy("Every event"),
            gettext_lazy("The whole log, one row per event: the game exactly as recorded."),
            ("seq", "type", "actor", "at", "data"),
        ),
        Export(
            "countries",
            gettext_lazy("Countries by round"),
            gettext_lazy("Every country's figures after every round; round 0 is the start."),
            ("game", "round", "year", "country", "name", "bloc", "region", *_COUNTRY_FIELDS),
        ),
        Export(
            "world",
            gettext_lazy("The world by round"),
            gettext_lazy("Warming, inequality, welfare and totals after every round."),
            ("game", "round", "year", *_WORLD_FIELDS),
        ),
        Export(
            "agreements",
            gettext_lazy("Agreements"),
            gettext_lazy(
                "Every agreement with its terms, signatures, status and round-by-round compliance."
            ),
            (
                "game",
                "id",
                "title",
                "issue",
                "kind",
                "author",
                "status",
                "signatories",
                "activated_round",
                "rounds_left",
                "duration",
                "threshold",
                "terms",
                "kept",
                "broken",
                "compliance",
            ),
        ),
        Export(
            "compliance",
            gettext_lazy("Pledges kept and broken"),
            gettext_lazy(
                "One row per member of an agreement in force per round, and per walk-out."
            ),
            ("game", "round", "agreement", "title", "kind", "country", "check", "kept"),
        ),
        Export(
            "chat",
            gettext_lazy("Conversations"),
            gettext_lazy(
                "Every message of every channel, hidden ones included and marked. "
                "The anonymised version replaces students' names with pseudonyms."
            ),
            (
                "game",
                "id",
                "at",
                "round",
                "phase",
                "channel",
                "sender",
                "sender_role",
                "country",
                "text",
                "hidden",
            ),
            anonymisable=True,
        ),
        Export(
            "research",
            gettext_lazy("Research table"),
            gettext_lazy(
                "Long format: one row per country per round with every figure, the policy, "
                "each cause of the wealth change and the pledges, with the game's identifiers."
            ),
            tuple(name for name, _ in RESEARCH_COLUMNS),
        ),
    )
}


def table(key: str, folded: Folded, *, language: str, anonymise: bool = False) -> Table:
    export = EXPORTS[key]
    builder = _BUILDERS.get(key) or (lambda f, lang: _chat(f, lang, anonymise))
    rows = builder(folded, language)
    return Table(export.columns, [{c: row.get(c) for c in export.columns} for row in rows])


def _events(f: Folded, language: str) -> list[dict[str, Any]]:
    return [e.as_dict() for e in f.events]


def _year(f: Folded, round_number: int) -> int | None:
    return f.session.scenario.year_of(round_number) if round_number else None


def _countries(f: Folded, language: str) -> list[dict[str, Any]]:
    scenario = f.session.scenario
    start = {cid: c.as_dict() for cid, c in new_game(scenario, f.game.seed).countries.items()}
    rounds = [(0, start), *((r["round"], r["countries"]) for r in f.session.state.history)]
    rows = []
    for number, countries in rounds:
        for cid, values in countries.items():
            rows.append(
                {
                    "game": f.game.code,
                    "round": number,
                    "year": _year(f, number),
                    "country": cid,
                    "name": country_name(scenario, cid, language),
                    "wealth_per_capita": values["wealth"] / values["population"],
                    **values,
                }
            )
    return rows


def _world(f: Folded, language: str) -> list[dict[str, Any]]:
    start = new_game(f.session.scenario, f.game.seed).world.as_dict()
    rounds = [(0, start), *((r["round"], r["world"]) for r in f.session.state.history)]
    return [{"game": f.game.code, "round": n, "year": _year(f, n), **world} for n, world in rounds]


def _agreements(f: Folded, language: str) -> list[dict[str, Any]]:
    checks = _compliance(f, language)
    rows = []
    for agreement in f.session.state.agreements.values():
        mine = [c for c in checks if c["agreement"] == agreement.id]
        draft = agreement.draft.model_dump(mode="json")
        rows.append(
            {
                "game": f.game.code,
                "id": agreement.id,
                "title": draft["title"],
                "issue": draft["issue"],
                "kind": draft["kind"],
                "author": agreement.author,
                "status": agreement.status,
                "signatories": list(agreement.signatories),
                "activated_round": agreement.activated_round,
                "rounds_left": agreement.rounds_left,
                "duration": draft["duration"],
                "threshold": draft["threshold"],
                "terms": draft["terms"],
                "kept": sum(1 for c in mine if c["kept"]),
                "broken": sum(1 for c in mine if not c["kept"]),
                "compliance": [
                    {key: c[key] for key in ("round", "country", "check", "kept")} for c in mine
                ],
            }
        )
    return rows


def _compliance(f: Folded, language: str) -> list[dict[str, Any]]:
    agreements = f.session.state.agreements
    rows = []
    for event in f.events:
        if event.type == "round_resolved":
            items = [(event.data["round"], item, "round") for item in event.data["compliance"]]
        elif event.type == "agreement_left" and event.data.get("broken"):
            item = {"agreement": event.data["id"], "country": event.data["country"], "kept": False}
            items = [(f.when[event.seq][0], item, "walked_out")]
        else:
            continue
        for number, item, check in items:
            draft = agreements[item["agreement"]].draft
            rows.append(
                {
                    "game": f.game.code,
                    "round": number,
                    "agreement": item["agreement"],
                    "title": draft.title,
                    "kind": draft.kind,
                    "country": item["country"],
                    "check": check,
                    "kept": item["kept"],
                }
            )
    return rows


def pseudonyms(room: Room, scenario: Any, events: list[Recorded], language: str) -> dict[int, str]:
    """A stable pseudonym per player: by the first delegation they sat in and their order of
    arrival in it; civil society and players who never sat by their order of arrival."""
    first_seat: dict[int, str] = {}
    for event in events:
        if event.type == "seat_taken":
            first_seat.setdefault(event.data["player"], event.data["country"])
    civil = civil_labels(room)
    per_country: dict[str, int] = {}
    names = {}
    for number, pid in enumerate(sorted(room.members), 1):
        if f"cs:{pid}" in civil:
            names[pid] = civil[f"cs:{pid}"]
        elif pid in first_seat:
            country = first_seat[pid]
            per_country[country] = per_country.get(country, 0) + 1
            names[pid] = _("%(country)s delegate %(number)s") % {
                "country": country_name(scenario, country, language),
                "number": per_country[country],
            }
        else:
            names[pid] = _("Player %(number)s") % {"number": number}
    return names


def name_scrubber(room: Room, pseudonym: dict[int, str]) -> Callable[[str], str]:
    """Replace each student's name, and each word of it of three letters or more, with
    their pseudonym wherever it stands as a whole word in a text (in one pass, so a
    pseudonym is never rewritten)."""
    words: dict[str, str] = {}
    for pid, member in sorted(room.members.items()):
        words.setdefault(member.name.casefold(), pseudonym[pid])
        for word in member.name.split():
            if len(word) >= 3:
                words.setdefault(word.casefold(), pseudonym[pid])
    if not words:
        return lambda text: text
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return lambda text: pattern.sub(lambda match: words[match.group(0).casefold()], text)


def _chat(f: Folded, language: str, anonymise: bool) -> list[dict[str, Any]]:
    room = f.session.room
    names = {pid: member.name for pid, member in room.members.items()}
    scrub: Callable[[str], str] = lambda text: text  # noqa: E731
    if anonymise:
        names = pseudonyms(room, f.session.scenario, f.events, language)
        scrub = name_scrubber(room, names)
    rows = []
    for message in conversation(f.events):
        member = room.members.get(message.sender) if message.sender is not None else None
        round_number, phase = f.when.get(message.id, (0, "lobby"))
        rows.append(
            {
                "game": f.game.code,
                "id": message.id,
                "at": message.at,
                "round": round_number,
                "phase": phase,
                "channel": message.channel,
                "sender": names.get(member.id, "") if member else _("Facilitator"),
                "sender_role": member.role if member else "facilitator",
                "country": message.country,
                "text": scrub(message.text),
                "hidden": message.hidden,
            }
        )
    return rows


def _research(f: Folded, language: str) -> list[dict[str, Any]]:
    scenario = f.session.scenario
    rows = []
    for record, room in zip(f.session.state.history, f.rooms, strict=True):
        verdicts = [(c["country"], c["kept"]) for c in record["compliance"]]
        world = record["world"]
        for cid, values in record["countries"].items():
            policy = record["policies"][cid]
            changes = record["changes"][cid]
            if cid in room.bots:
                played_by = f"bot:{room.bots[cid]}"
            else:
                played_by = "students" if room.delegation(cid) else "nobody"
            rows.append(
                {
                    "game": f.game.code,
                    "scenario": scenario.slug,
                    "seed": f.game.seed,
                    "expected_value": scenario.expected_value,
                    "round": record["round"],
                    "year": record["year"],
                    "country": cid,
                    "bloc": values["bloc"],
                    "region": values["region"],
                    "played_by": played_by,
                    "delegates": len(room.delegation(cid)),
                    **values,
                    "wealth_per_capita": values["wealth"] / values["population"],
                    "budget": record["budgets"][cid],
                    **{f"policy_{line}": policy[line] for line in POLICY_LINES},
                    "policy_total": sum(policy[line] for line in POLICY_LINES),
                    "policy_trade": policy["trade"],
                    "policy_borders": policy["borders"],
                    "policy_fallback": cid in record["fallbacks"],
                    **{f"change_{cause}": changes.get(cause, 0.0) for cause in CAUSES},
                    "change_total": sum(changes.values()),
                    "pledges_kept_round": sum(1 for c, ok in verdicts if c == cid and ok),
                    "pledges_broken_round": sum(1 for c, ok in verdicts if c == cid and not ok),
                    "pledges_kept_total": values["pledges_kept"],
                    "pledges_broken_total": values["pledges_broken"],
                    **{f"world_{name}": world[name] for name in _RESEARCH_WORLD},
                }
            )
    return rows


_RESEARCH_WORLD = ("gini", "welfare", "gap_ratio", "warming", "climate_account", "disasters")
_BUILDERS: dict[str, Callable[[Folded, str], list[dict[str, Any]]]] = {
    "events": _events,
    "countries": _countries,
    "world": _world,
    "agreements": _agreements,
    "compliance": _compliance,
    "research": _research,
}


# Writing --------------------------------------------------------------------------------


class _Line:
    """A file-like object whose ``write`` hands the line back, so the CSV writer can stream."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def filename(game: Game, key: str, extension: str, *, anonymised: bool = False) -> str:
    suffix = "-anonymised" if anonymised else ""
    return f"mufakat-{game.code}-{key}{suffix}.{extension}"


def csv_response(data: Table, name: str) -> StreamingHttpResponse:
    writer = csv.writer(_Line())

    def lines() -> Iterator[str]:
        yield "\ufeff"
        yield writer.writerow(data.columns)
        for row in data.rows:
            yield writer.writerow([csv_cell(row.get(column)) for column in data.columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def json_response(data: Table, name: str, about: dict[str, Any]) -> HttpResponse:
    body = {**about, "columns": list(data.columns), "rows": data.rows}
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def about(folded: Folded, key: str, *, anonymised: bool) -> dict[str, Any]:
    """What a JSON export says about itself."""
    game = folded.game
    return {
        "export": key,
        "game": game.code,
        "scenario": folded.session.scenario.slug,
        "seed": game.seed,
        "status": folded.session.room.status,
        "rounds_played": len(folded.session.state.history),
        "events": len(folded.events),
        "anonymised": anonymised,
        "exported_at": timezone.now().isoformat(),
    }

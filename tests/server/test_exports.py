"""Exports: every table a teacher or a researcher can download, and what each must hold."""

from __future__ import annotations

import csv
import io
import json

import pytest

from game.exports import EXPORTS, RESEARCH_COLUMNS
from game.models import GameEvent
from game.report.moments import CAUSES
from game.session import replay

from .finished_game import NAMES, play_game

pytestmark = pytest.mark.django_db


@pytest.fixture
def played(facilitator, kelas6):
    return play_game(facilitator, kelas6)


@pytest.fixture
def owner(client, facilitator):
    client.force_login(facilitator)
    return client


def url(game, key, extension, query=""):
    return f"/facilitate/{game.code}/exports/{key}.{extension}{query}"


def download(client, game, key, extension, query=""):
    response = client.get(url(game, key, extension, query))
    assert response.status_code == 200, response.content[:500]
    assert f"mufakat-{game.code}-{key}" in response["Content-Disposition"]
    if extension == "json":
        return response, response.json()
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff"), "CSV starts with a byte-order mark for spreadsheets"
    return response, list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_event_export_holds_every_event_once_and_its_data_parses_back_in_csv(owner, played):
    _, rows = download(owner, played.game, "events", "csv")
    recorded = list(GameEvent.objects.filter(game=played.game).order_by("seq"))

    assert len(rows) == len(recorded) == played.game.events.count()
    for row, event in zip(rows, recorded, strict=True):
        assert int(row["seq"]) == event.seq
        assert row["type"] == event.type
        assert row["actor"] == event.actor
        assert json.loads(row["data"]) == event.data


def test_the_event_export_in_json_round_trips_every_events_data(owner, played):
    response, body = download(owner, played.game, "events", "json")
    recorded = list(GameEvent.objects.filter(game=played.game).order_by("seq"))

    assert response["Content-Type"] == "application/json"
    assert body["events"] == len(recorded) == len(body["rows"])
    assert body["columns"] == ["seq", "type", "actor", "at", "data"]
    assert [row["data"] for row in body["rows"]] == [event.data for event in recorded]
    assert [row["seq"] for row in body["rows"]] == [event.seq for event in recorded]
    assert body["game"] == played.game.code and body["seed"] == played.game.seed


def test_country_figures_come_for_the_start_and_every_round(owner, played):
    history = replay(played.game).state.history
    _, rows = download(owner, played.game, "countries", "csv")

    assert len(rows) == 6 * (len(history) + 1)
    assert {row["round"] for row in rows} == {str(n) for n in range(len(history) + 1)}
    final = history[-1]["countries"]
    for row in rows:
        if row["round"] == str(len(history)):
            assert float(row["wealth"]) == pytest.approx(final[row["country"]]["wealth"])


def test_world_figures_come_for_the_start_and_every_round(owner, played):
    history = replay(played.game).state.history
    _, body = download(owner, played.game, "world", "json")

    assert [row["round"] for row in body["rows"]] == list(range(len(history) + 1))
    assert body["rows"][-1]["gini"] == history[-1]["world"]["gini"]
    assert body["rows"][-1]["warming"] == history[-1]["world"]["warming"]


def test_agreements_carry_signatures_status_and_per_round_compliance(owner, played):
    _, body = download(owner, played.game, "agreements", "json")
    (agreement,) = body["rows"]

    assert agreement["title"] == "Dana iklim"
    assert {"idn", "deu"} <= set(agreement["signatories"])
    assert agreement["status"] in ("active", "expired")
    germany = [c for c in agreement["compliance"] if c["country"] == "deu"]
    assert germany and not any(c["kept"] for c in germany), "Germany never raised its mitigation"
    assert agreement["broken"] == sum(1 for c in agreement["compliance"] if not c["kept"])

    _, rows = download(owner, played.game, "agreements", "csv")
    assert json.loads(rows[0]["compliance"]) == agreement["compliance"]
    assert json.loads(rows[0]["signatories"]) == agreement["signatories"]


def test_compliance_has_one_row_per_member_per_round_in_force(owner, played):
    history = replay(played.game).state.history
    _, rows = download(owner, played.game, "compliance", "csv")

    expected = [(str(r["round"]), c["country"]) for r in history for c in r["compliance"]]
    assert [(row["round"], row["country"]) for row in rows] == expected
    assert {row["kept"] for row in rows} <= {"true", "false"}


def test_the_research_table_has_one_row_per_country_per_round_with_the_documented_columns(
    owner, played
):
    state = replay(played.game).state
    _, rows = download(owner, played.game, "research", "csv")

    assert list(rows[0].keys()) == [name for name, _ in RESEARCH_COLUMNS]
    assert len(rows) == len(state.countries) * len(state.history)
    assert {(row["round"], row["country"]) for row in rows} == {
        (str(record["round"]), cid) for record in state.history for cid in state.countries
    }
    for row in rows:
        record = state.history[int(row["round"]) - 1]
        figures = record["countries"][row["country"]]
        assert row["game"] == played.game.code
        assert row["scenario"] == "kelas-6" and row["seed"] == "7"
        assert float(row["wealth"]) == pytest.approx(figures["wealth"])
        assert float(row["score"]) == pytest.approx(figures["score"])
        assert float(row["budget"]) == pytest.approx(record["budgets"][row["country"]])
        changes = record["changes"][row["country"]]
        assert float(row["change_total"]) == pytest.approx(sum(changes.values()))
        assert float(row["world_gini"]) == pytest.approx(record["world"]["gini"])
    by_country = {row["country"]: row for row in rows if row["round"] == "1"}
    assert by_country["usa"]["played_by"] == "bot:free-rider"
    assert by_country["idn"]["played_by"] == "students" and by_country["idn"]["delegates"] == "1"
    assert by_country["deu"]["policy_fallback"] == "true"


def test_the_research_table_books_every_cause_the_engine_names(played):
    record = replay(played.game).state.history[0]
    columns = {name for name, _ in RESEARCH_COLUMNS}

    for changes in record["changes"].values():
        assert set(changes) == set(CAUSES)
    assert {f"change_{cause}" for cause in CAUSES} <= columns


def test_the_research_table_in_json_keeps_numbers_and_booleans(owner, played):
    _, body = download(owner, played.game, "research", "json")
    row = body["rows"][0]

    assert body["columns"] == [name for name, _ in RESEARCH_COLUMNS]
    assert isinstance(row["wealth"], float) and isinstance(row["policy_fallback"], bool)


def test_the_chat_export_holds_every_channel_with_sender_country_name_and_hidden_flag(
    owner, played
):
    _, rows = download(owner, played.game, "chat", "csv")
    session = replay(played.game)

    assert len(rows) == len(session.room.messages)
    assert {"plenary", "group:g1", "statements"} <= {row["channel"] for row in rows}
    hidden = [row for row in rows if row["hidden"] == "true"]
    assert [row["text"] for row in hidden] == ["pesan yang disembunyikan"]
    from_siti = [row for row in rows if row["sender"] == NAMES[0]]
    assert from_siti and all(row["country"] == "idn" for row in from_siti)


def test_the_chat_export_reads_every_message_from_the_log_not_only_what_the_room_keeps(
    owner, facilitator, kelas6, monkeypatch
):
    monkeypatch.setattr("game.room.KEPT_PER_CHANNEL", 1)
    played = play_game(facilitator, kelas6, rounds=1)
    _, rows = download(owner, played.game, "chat", "csv")
    room = replay(played.game).room

    assert len(rows) == sum(room.posted.values()) > len(room.messages)
    assert [row["text"] for row in rows if row["channel"] == "plenary"] == [
        "Halo semua!",
        "pesan yang disembunyikan",
    ]


def test_the_anonymised_chat_contains_no_real_name_and_drops_nothing_else(owner, played):
    _, named = download(owner, played.game, "chat", "json")
    response, anonymous = download(owner, played.game, "chat", "json", "?anonymise=1")
    _, anonymous_csv = download(owner, played.game, "chat", "csv", "?anonymise=1")

    assert "anonymised" in response["Content-Disposition"] and anonymous["anonymised"]
    raw = json.dumps(anonymous, ensure_ascii=False).casefold()
    raw_csv = json.dumps(anonymous_csv, ensure_ascii=False).casefold()
    for name in NAMES:
        for word in name.split():
            assert word.casefold() not in raw
            assert word.casefold() not in raw_csv
    assert len(anonymous["rows"]) == len(named["rows"])
    for before, after in zip(named["rows"], anonymous["rows"], strict=True):
        same = ("id", "at", "round", "phase", "channel", "country", "hidden", "sender_role")
        assert {k: before[k] for k in same} == {k: after[k] for k in same}


def test_pseudonyms_are_stable_per_student_and_across_downloads(owner, played):
    _, first = download(owner, played.game, "chat", "json", "?anonymise=1")
    _, again = download(owner, played.game, "chat", "json", "?anonymise=1")

    assert first["rows"] == again["rows"]
    by_country = {}
    for row in first["rows"]:
        if row["sender_role"] == "delegate":
            by_country.setdefault(row["country"], set()).add(row["sender"])
    assert all(len(names) == 1 for names in by_country.values())
    assert by_country["idn"] != by_country["deu"]
    siti_to_budi = next(row for row in first["rows"] if row["channel"] == "group:g1")
    assert siti_to_budi["text"].split(",")[0] in by_country["deu"], siti_to_budi["text"]


def test_a_text_a_spreadsheet_would_run_as_a_formula_is_defused_in_csv_only(owner, played):
    _, rows = download(owner, played.game, "chat", "csv")
    _, body = download(owner, played.game, "chat", "json")

    assert "'=Jerman harus menepati janji" in [row["text"] for row in rows]
    assert "=Jerman harus menepati janji" in [row["text"] for row in body["rows"]]


@pytest.mark.parametrize("path", ["nothing.csv", "events.xml", "events.CSV"])
def test_an_unknown_export_or_format_is_not_found(owner, played, path):
    assert owner.get(f"/facilitate/{played.game.code}/exports/{path}").status_code == 404


def test_the_exports_page_lists_every_export_in_both_formats(owner, played):
    response = owner.get(f"/facilitate/{played.game.code}/exports/")
    html = response.content.decode()

    assert response.status_code == 200
    for key in EXPORTS:
        assert url(played.game, key, "csv") in html
        assert url(played.game, key, "json") in html
    assert url(played.game, "chat", "csv", "?anonymise=1") in html
    for name, _ in RESEARCH_COLUMNS:
        assert f"<code>{name}</code>" in html

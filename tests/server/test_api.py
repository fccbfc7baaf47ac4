"""The HTTP endpoints: creating a game, joining it, its QR code and its debrief."""

from __future__ import annotations

import json

import pytest

from game import identity
from game.services import phases, seats

from .conftest import seat

pytestmark = pytest.mark.django_db


def test_a_facilitator_creates_a_game_and_gets_its_links(client, facilitator, kelas6):
    client.force_login(facilitator)
    response = client.post(
        "/api/games/",
        data=json.dumps({"scenario": "kelas-6", "seed": 5, "bots": {"ner": "cooperator"}}),
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["join_url"].endswith(f"/join/{body['code']}/")
    assert "/projector/" in body["projector_url"] and "key=" in body["projector_url"]


def test_creating_a_game_needs_a_login(client, kelas6):
    response = client.post("/api/games/", data={"scenario": "kelas-6"})
    assert response.status_code == 302


def test_an_unknown_scenario_or_bot_is_refused(client, facilitator, kelas6):
    client.force_login(facilitator)
    response = client.post("/api/games/", data={"scenario": "atlantis"})
    assert response.status_code == 400 and response.json()["field"] == "scenario"
    response = client.post(
        "/api/games/",
        data=json.dumps({"scenario": "kelas-6", "bots": {"ner": "genius"}}),
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["field"] == "bots"


def test_joining_sets_a_signed_seat_cookie(client, game):
    response = client.post(
        f"/api/games/{game.code}/join",
        data=json.dumps({"name": "Sari"}),
        content_type="application/json",
    )
    assert response.status_code == 201
    token = response.cookies[identity.player_cookie(game.code)].value
    assert identity.player_from_token(token, game) == response.json()["player"]
    assert response.cookies[identity.player_cookie(game.code)]["httponly"]


def test_joining_a_wrong_code_is_a_404_in_the_visitors_language(client, game):
    response = client.post(
        "/api/games/ZZZZZZ/join", data={"name": "Sari"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 404
    assert response.json()["message"] == (
        "No game has the code 'ZZZZZZ'. Check it with your teacher."
    )


def test_the_qr_code_is_an_svg_of_the_join_link(client, game):
    response = client.get(f"/games/{game.code}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert b'xmlns="http://www.w3.org/2000/svg"' in response.content


def test_the_debrief_compares_the_game_with_all_pledges_kept(client, game, facilitator):
    for country in game.definition.country_ids:
        seats.set_bot(game_id=game.pk, country=country, strategy="cooperator", actor="f")
    phases.start_game(game_id=game.pk, actor="f")
    for phase in ("briefing", "negotiation", "decision"):
        phases.advance(game_id=game.pk, expected=(1, phase), actor="f")
    key = identity.projector_key(game)
    body = client.get(f"/games/{game.code}/debrief.json?key={key}").json()
    assert set(body) == {"start", "actual", "counterfactual"}
    assert set(body["actual"]["countries"]) == set(game.definition.country_ids)
    # Cooperators kept every (no) pledge: the two worlds are the same.
    assert body["counterfactual"] == body["actual"]


def test_the_debrief_is_private_to_the_facilitator_and_the_projector(client, game):
    seat(game, "Tari", "idn")
    assert client.get(f"/games/{game.code}/debrief.json").status_code == 404
    assert client.get(f"/games/{game.code}/debrief.json?key=forged").status_code == 404

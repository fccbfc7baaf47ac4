"""The debrief report: built from the replay of any game, with the counterfactual world,
the picture of who talked to whom, key moments, and questions in both languages."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from game.engine.counterfactual import all_pledges_kept
from game.engine.events import ENGINE_EVENTS, Event
from game.models import Scenario
from game.report import build_report
from game.report.questions import questions
from game.services import phases, seats
from game.session import recorded, replay

from .finished_game import NAMES, advance, current, play_game

pytestmark = pytest.mark.django_db


@pytest.fixture
def played(facilitator, kelas6):
    return play_game(facilitator, kelas6)


@pytest.fixture
def owner(client, facilitator):
    client.force_login(facilitator)
    return client


def page(client, game, language="id"):
    response = client.get(f"/facilitate/{game.code}/report/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def report_of(game, language="id"):
    with translation.override(language):
        return build_report(game, language)


def test_the_report_of_a_finished_bot_game_renders_every_section(owner, played):
    html = page(owner, played.game)

    for section in ("outcome", "charts", "pledges", "counterfactual", "network", "moments"):
        assert f'id="{section}"' in html
    assert 'id="questions"' in html
    assert "Indonesia" in html and "Jerman" in html and "Niger" in html
    assert 'id="report-charts"' in html and "game/js/report/report.js" in html


def test_the_report_is_the_same_for_a_game_read_back_from_its_log(played):
    first = report_of(played.game)
    again = report_of(type(played.game).objects.get(pk=played.game.pk))

    assert first.world == again.world
    assert first.countries == again.countries
    assert first.moments == again.moments


def test_the_counterfactual_is_the_engines_world_where_every_pledge_was_kept(played):
    game = played.game
    events = [Event(e.type, e.data) for e in recorded(game) if e.type in ENGINE_EVENTS]
    kept = all_pledges_kept(game.definition, game.seed, events)
    report = report_of(game)

    lines = {line.key: line for line in report.world}
    assert lines["welfare"].kept == kept.world.welfare
    assert lines["gini"].kept == kept.world.gini
    assert lines["warming"].kept == kept.world.warming
    for country in report.countries:
        assert country.kept_wealth == kept.countries[country.id].wealth
    # Germany broke its pledge every round, so keeping it would have changed Germany most.
    germany = next(c for c in report.countries if c.id == "deu")
    assert germany.pledges_broken > 0 and germany.pledges_kept == 0
    assert germany.kept_wealth != germany.wealth_end


def test_the_counterfactual_section_shows_both_worlds(owner, played):
    html = page(owner, played.game, "en")
    section = html[html.index('id="counterfactual"') : html.index('id="agreements"')]
    report = report_of(played.game, "en")

    welfare = next(line for line in report.world if line.key == "welfare")
    assert f"{welfare.end:.2f}" in section and f"{welfare.kept:.2f}" in section
    assert 'id="delivery-table"' in section


def test_each_agreement_shows_its_delivery_round_by_round(owner, played):
    report = report_of(played.game)
    (agreement,) = report.agreements
    html = page(owner, played.game)

    assert agreement.title == "Dana iklim"
    assert agreement.rounds and agreement.broken > 0
    germany = dict(agreement.grid)["Jerman"]
    assert germany and all(verdict is False for verdict in germany)
    assert html.count('class="verdict broken"') == agreement.broken
    assert html.count('class="verdict kept"') == agreement.kept


def test_the_network_picture_joins_the_countries_that_talked_in_private(owner, played):
    report = report_of(played.game)
    html = page(owner, played.game)

    network = report.network
    assert len(network.nodes) == 6 + 1  # six countries and the press
    (edge,) = network.edges
    assert {edge.a, edge.b} == {"Indonesia", "Jerman"} and edge.messages == 2
    start = html.index('<svg id="talk-network"')
    svg = html[start : html.index("</svg>", start)]
    assert svg.count("<circle") == 7 and svg.count("<line") == 1
    for node in ("Amerika Serikat", "Indonesia", "Jerman", "India", "Nigeria", "Niger"):
        assert f">{node}</text>" in svg
    # SVG coordinates keep a decimal point, whatever the page language's number format.
    assert not re.search(r'(x1|cx|r)="\d+,\d', svg)


def test_key_moments_name_the_agreement_the_broken_pledges_and_the_delegations_offline(played):
    report = report_of(played.game, "en")
    kinds = [moment.kind for moment in report.moments]

    assert "agreement" in kinds
    assert "pledge_broken" in kinds
    assert kinds.count("offline") == 2
    assert kinds[-1] == "finished"
    assert [m.seq for m in report.moments] == sorted(m.seq for m in report.moments)


def test_the_discussion_questions_come_in_both_languages_on_the_page(owner, played):
    html = page(owner, played.game, "id")
    section = html[html.index('id="questions"') :]

    items = re.findall(r'<li class="question" id="question-([a-z_]+)">', section)
    assert items == [
        "inequality",
        "nationalism",
        "linked_issues",
        "civil_society",
        "opportunities",
        "sustainable_development",
    ]
    assert section.count('lang="id"') == section.count('lang="en"') == 6
    assert "Ketimpangan global" in section and "Global inequality" in section
    assert section.index('lang="id"') < section.index('lang="en"')


def test_an_english_page_puts_the_english_question_first(owner, played):
    html = page(owner, played.game, "en")
    section = html[html.index('id="questions"') :]

    assert section.index('lang="en"') < section.index('lang="id"')


def test_the_questions_start_from_what_the_class_did(played):
    report = report_of(played.game)
    by_key = {q.key: q for q in report.questions}
    facts = report.facts

    assert "0,7" in by_key["inequality"].text["id"] and "0.7" in by_key["inequality"].text["en"]
    assert "Jerman" in by_key["inequality"].text["id"] or facts.loser is None
    assert "1 player took part" in by_key["civil_society"].text["en"]
    assert "1 private channel" in by_key["opportunities"].text["en"]
    assert f"{facts.pledges_broken} kali" in by_key["nationalism"].text["id"]
    for question in report.questions:
        assert question.text["id"] != question.text["en"]


def test_the_report_names_no_student(owner, played):
    html = page(owner, played.game)

    for name in NAMES:
        assert name not in html


def test_a_game_in_the_lobby_has_a_report_with_nothing_played_yet(owner, facilitator, kelas6):
    game = seats.create_game(owner=facilitator, scenario=kelas6, seed=3)

    html = page(owner, game, "en")
    assert "No round has been played yet." in html
    assert "not finished" in html


def test_the_report_of_the_milinski_game_has_only_the_climate(owner, facilitator, kelas6):
    milinski = Scenario.objects.get(slug="milinski-2008")
    game = seats.create_game(
        owner=facilitator,
        scenario=milinski,
        seed=1,
        bots={f"p{i}": "fixed:2" for i in range(1, 7)},
    )
    phases.start_game(game_id=game.pk, actor="facilitator")
    while current(game).room.status == "running":
        advance(game)

    html = page(owner, game, "en")
    report = report_of(game, "en")
    assert report.rounds_played == 10
    assert "This game was about the climate alone." in html
    assert replay(game).state.world.climate_account == pytest.approx(120)


def test_questions_read_well_when_nothing_was_agreed(played):
    facts = report_of(played.game).facts
    quiet = type(facts)(
        **{
            **facts.__dict__,
            "agreements_active": 0,
            "pledges_kept": 0,
            "pledges_broken": 0,
            "civil_players": 0,
            "groups": 0,
            "private_messages": 0,
        }
    )
    texts = {q.key: q.text for q in questions(quiet)}

    assert "No agreement came into force." in texts["nationalism"]["en"]
    assert "Tidak ada perjanjian" in texts["nationalism"]["id"]
    assert "Nobody played civil society" in texts["civil_society"]["en"]
    assert "0 private channels" in texts["opportunities"]["en"]

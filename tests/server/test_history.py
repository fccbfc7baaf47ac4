"""Games already played: the history list, the round-by-round replay, who may see them,
and the facilitator guide served from the docs."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.template.defaultfilters import floatformat
from django.utils import translation

from game.guide import GUIDES, render
from game.report import after_round
from game.services import phases, seats
from game.session import replay

from .finished_game import play_game

pytestmark = pytest.mark.django_db


@pytest.fixture
def played(facilitator, kelas6):
    return play_game(facilitator, kelas6)


@pytest.fixture
def owner(client, facilitator):
    client.force_login(facilitator)
    return client


@pytest.fixture
def stranger(client):
    other = get_user_model().objects.create_user("guru-lain", password="rahasia-juga")
    client.force_login(other)
    return client


def game_urls(code: str) -> list[str]:
    return [
        f"/facilitate/{code}/report/",
        f"/facilitate/{code}/replay/",
        f"/facilitate/{code}/replay/?round=2",
        f"/facilitate/{code}/exports/",
        *(
            f"/facilitate/{code}/exports/{key}.{ext}"
            for key in ("events", "countries", "world", "agreements", "compliance", "research")
            for ext in ("csv", "json")
        ),
        f"/facilitate/{code}/exports/chat.csv",
        f"/facilitate/{code}/exports/chat.json?anonymise=1",
    ]


# Who may see a game's pages ---------------------------------------------------------------


def test_every_page_of_a_game_is_open_to_the_facilitator_who_runs_it(owner, played):
    for url in game_urls(played.game.code):
        assert owner.get(url).status_code == 200, url


def test_every_page_of_a_game_is_not_found_for_another_facilitator(stranger, played):
    for url in game_urls(played.game.code):
        assert stranger.get(url).status_code == 404, url


def test_another_facilitators_history_does_not_list_the_game(stranger, played):
    response = stranger.get("/facilitate/history/")

    assert response.status_code == 200
    assert played.game.code not in response.content.decode()


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_page(client, played):
    for url in [*game_urls(played.game.code), "/facilitate/history/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


def test_an_unknown_game_code_is_not_found(owner, played):
    assert owner.get("/facilitate/ZZZZZZ/report/").status_code == 404
    assert owner.get("/facilitate/ZZZZZZ/exports/events.csv").status_code == 404


def test_a_site_administrator_may_open_any_game(client, played):
    admin = get_user_model().objects.create_superuser("admin", password="rahasia-admin")
    client.force_login(admin)

    assert client.get(f"/facilitate/{played.game.code}/report/").status_code == 200


# History ------------------------------------------------------------------------------------


def test_the_history_lists_the_facilitators_finished_and_archived_games_only(
    owner, facilitator, kelas6, played
):
    archived = play_game(facilitator, kelas6, seed=11).game
    phases.archive(game_id=archived.pk, actor="facilitator")
    running = play_game(facilitator, kelas6, seed=12, rounds=1).game
    lobby = seats.create_game(owner=facilitator, scenario=kelas6, seed=13)

    html = owner.get("/facilitate/history/").content.decode()

    assert played.game.code in html and archived.code in html
    assert running.code not in html and lobby.code not in html
    assert f"/facilitate/{played.game.code}/report/" in html
    assert f"/facilitate/{played.game.code}/replay/" in html
    assert f"/facilitate/{played.game.code}/exports/" in html
    assert "Enam Negara, Satu Bumi" in html
    row = html[html.index(f'data-code="{played.game.code}"') :]
    assert '<td class="number">6 / 6</td>' in row  # rounds resolved of the scenario's
    assert '<td class="number">3</td>' in row  # players


def test_the_history_is_empty_before_any_game_is_finished(owner):
    response = owner.get("/facilitate/history/", HTTP_ACCEPT_LANGUAGE="en")

    assert "No finished game yet." in response.content.decode()


# Replay -------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [1, 3, 6])
def test_the_replay_of_round_n_is_the_world_as_round_n_left_it(played, number):
    history = replay(played.game).state.history

    session, _ = after_round(played.game, number)

    record = history[number - 1]
    assert session.state.history[-1] == record
    assert session.state.world.as_dict() == record["world"]
    for cid, country in session.state.countries.items():
        assert country.as_dict() == record["countries"][cid]


def test_the_replay_page_of_round_n_shows_that_rounds_figures(owner, played):
    record = replay(played.game).state.history[2]

    response = owner.get(f"/facilitate/{played.game.code}/replay/?round=3")
    html = response.content.decode()

    assert response.status_code == 200
    with translation.override("id"):
        for cid, country in record["countries"].items():
            wealth = floatformat(country["wealth"], 1)
            assert f'<tr data-country="{cid}">' in html
            assert f'data-figure="wealth">{wealth}</td>' in html
        gini = floatformat(record["world"]["gini"], 3)
    assert gini in html
    assert str(record["year"]) in html
    for item in record["news"]:
        assert item["headline"]["id"].replace("'", "&#x27;") in html


def test_the_replay_shows_the_agreements_as_they_stood_then(played):
    session, _ = after_round(played.game, 1)
    assert session.state.agreements["A1"].status == "active"

    last, _ = after_round(played.game, 6)
    assert last.state.agreements["A1"].status == "expired"


def test_round_zero_is_the_start_and_no_round_means_the_last(owner, played):
    start, news = after_round(played.game, 0)
    assert start.state.history == () and news == []

    html = owner.get(f"/facilitate/{played.game.code}/replay/", HTTP_ACCEPT_LANGUAGE="en")
    text = html.content.decode()
    assert "After round 6" in text
    assert 'rel="prev"' in text and 'rel="next"' not in text
    first = owner.get(f"/facilitate/{played.game.code}/replay/?round=0").content.decode()
    assert 'rel="next"' in first and 'rel="prev"' not in first


@pytest.mark.parametrize("query", ["?round=7", "?round=-1", "?round=two"])
def test_a_round_that_was_not_played_is_not_found(owner, played, query):
    assert owner.get(f"/facilitate/{played.game.code}/replay/{query}").status_code == 404


def test_a_replay_stays_read_only(owner, played):
    before = played.game.events.count()

    owner.get(f"/facilitate/{played.game.code}/replay/?round=2")
    owner.get(f"/facilitate/{played.game.code}/report/")

    assert played.game.events.count() == before


# The facilitator guide -------------------------------------------------------------------


@pytest.mark.parametrize(("language", "title"), [("id", "Panduan"), ("en", "Facilitator guide")])
def test_the_guide_is_served_in_the_page_language(client, language, title):
    response = client.get("/facilitate/guide/", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()

    assert response.status_code == 200
    assert title in html
    for scenario in ("kelas-6", "asean-plus", "g20", "milinski-2008"):
        assert scenario in html
    assert 'id="debrief"' in html  # the report links to this section


def test_both_guides_have_the_same_sections():
    from django.conf import settings

    sections = {}
    for language, name in GUIDES.items():
        source = (settings.BASE_DIR / "docs" / name).read_text(encoding="utf-8")
        sections[language] = [h.anchor for h in render(source).headings if h.level == 2]
    assert len(sections["id"]) == len(sections["en"]) >= 6
    assert "debrief" in sections["id"] and "debrief" in sections["en"]


def test_the_guide_markdown_escapes_html_and_refuses_script_links():
    guide = render(
        "# Judul <script>alert(1)</script>\n\n"
        "Teks **tebal** dan `<kode>` dan [aman](/facilitate/) "
        "dan [jahat](javascript:alert(1)).\n\n"
        "- satu\n- dua <b>\n\n"
        "| a | b |\n|---|---|\n| <i>x</i> | y |\n"
    )
    html = str(guide.html)

    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<strong>tebal</strong>" in html
    assert "<code>&lt;kode&gt;</code>" in html
    assert '<a href="/facilitate/">aman</a>' in html
    assert 'href="javascript' not in html
    assert "<ul><li>satu</li><li>dua &lt;b&gt;</li></ul>" in html
    assert "<td>&lt;i&gt;x&lt;/i&gt;</td>" in html
    assert guide.headings[0].text == "Judul <script>alert(1)</script>"

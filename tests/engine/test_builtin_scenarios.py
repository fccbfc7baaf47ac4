"""The scenarios shipped in ``game/scenarios/`` load, and have the shape their lessons need."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from game.engine.library import read_scenario, scenario_files
from game.engine.scenario import Scenario

FILES = scenario_files()
WORLDS = ("kelas-6", "asean-plus", "g20")
# The figures that describe a country; the same country must look the same in every scenario.
COUNTRY_FIGURES = (
    "name",
    "bloc",
    "population",
    "wealth",
    "emissions_intensity",
    "vulnerability",
    "security_capacity",
    "attractiveness",
    "openness",
    "stability",
)


def scenario(slug: str) -> Scenario:
    return read_scenario(next(path for path in FILES if path.stem == slug))


def test_the_built_in_scenarios_are_all_there():
    assert {"milinski-2008", *WORLDS} <= {path.stem for path in FILES}


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_every_file_loads_without_problems(path: Path):
    loaded = read_scenario(path)
    assert loaded.slug == path.stem


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_every_text_is_written_in_both_languages(path: Path):
    loaded = read_scenario(path)
    texts = [loaded.title, loaded.description]
    texts += [country.name for country in loaded.countries]
    texts += [event.headline for event in loaded.events]
    for text in texts:
        assert text.id.strip(), text
        assert text.en.strip(), text


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_every_event_happens_within_the_game(path: Path):
    loaded = read_scenario(path)
    assert all(1 <= event.round <= loaded.rounds for event in loaded.events)


def test_kelas_6_has_two_countries_per_bloc_and_indonesia():
    kelas = scenario("kelas-6")
    assert len(kelas.countries) == 6
    assert Counter(country.bloc for country in kelas.countries) == {
        "developed": 2,
        "emerging": 2,
        "developing": 2,
    }
    assert kelas.country("idn").bloc == "emerging"


def test_asean_plus_has_ten_to_twelve_countries_with_indonesia():
    asean = scenario("asean-plus")
    assert 10 <= len(asean.countries) <= 12
    assert "idn" in asean.country_ids


def test_g20_has_twenty_countries_with_indonesia():
    g20 = scenario("g20")
    assert len(g20.countries) == 20
    assert "idn" in g20.country_ids


@pytest.mark.parametrize("slug", WORLDS)
def test_every_region_of_a_world_has_neighbours(slug: str):
    """A country alone in its region would have nowhere to push attacks or turned-away people."""
    regions = Counter(country.region for country in scenario(slug).countries)
    assert min(regions.values()) >= 2, regions


@pytest.mark.parametrize("slug", WORLDS)
def test_every_world_has_all_three_blocs_and_climate_milestones(slug: str):
    world = scenario(slug)
    assert {country.bloc for country in world.countries} == {
        "developed",
        "emerging",
        "developing",
    }
    assert world.climate.milestones
    assert world.climate.milestones[-1].round == world.rounds


def test_a_country_has_the_same_figures_in_every_world():
    seen: dict[str, tuple[str, dict]] = {}
    for slug in WORLDS:
        for country in scenario(slug).countries:
            figures = country.model_dump(include=set(COUNTRY_FIGURES))
            first = seen.setdefault(country.id, (slug, figures))
            assert figures == first[1], f"{country.id} differs between {first[0]} and {slug}"

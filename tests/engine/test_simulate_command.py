"""``manage.py simulate``: the preview a teacher runs from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def simulate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "simulate", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_table_shows_each_round_with_world_figures_and_every_country():
    out = StringIO()
    call_command("simulate", "kelas-6", "--seed", "4", "--bots", "reciprocator", stdout=out)
    text = out.getvalue()
    assert text.count("Round ") == 6
    for figure in ("warming", "disasters", "attacks", "migrants", "Gini"):
        assert figure in text
    for cid in ("usa", "deu", "idn", "ind", "nga", "ner"):
        assert f"  {cid} " in text
    assert "Final: Gini" in text


def test_json_document_has_the_documented_shape_in_scenario_order():
    out = StringIO()
    call_command("simulate", "asean-plus", "--json", "--seed", "9", "--rounds", "3", stdout=out)
    document = json.loads(out.getvalue())
    assert document["scenario"] == "asean-plus"
    assert document["seed"] == 9
    assert [r["round"] for r in document["rounds"]] == [1, 2, 3]
    first = document["rounds"][0]
    assert {"gini", "theil", "countries", "events"} <= set(first)
    assert list(first["countries"])[:3] == ["idn", "mys", "sgp"]
    assert set(first["countries"]["idn"]) == {"wealth", "score"}
    assert {"gini", "world_welfare", "countries"} <= set(document["final"])


def test_the_same_seed_prints_the_same_game_and_another_seed_may_not():
    def run(seed: str) -> str:
        out = StringIO()
        call_command(
            "simulate", "kelas-6", "--json", "--seed", seed, "--bots", "free-rider", stdout=out
        )
        return out.getvalue()

    assert run("5") == run("5")
    assert run("5") != run("6")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["atlantis"], "no built-in scenario 'atlantis'"),
        (["kelas-6", "--bots", "hero"], "unknown bot strategy 'hero'"),
        (["kelas-6", "--bots", "cooperator,free-rider"], "2 strategies for 6 countries"),
        (["kelas-6", "--set", "climate.nonsense=1"], "climate.nonsense: is not a parameter"),
        (
            ["kelas-6", "--set", "climate.disaster_probability=2"],
            "climate.disaster_probability: must be <= 1",
        ),
        (["kelas-6", "--set", "rounds"], "--set needs KEY=VALUE"),
        (["kelas-6", "--rounds", "0"], "rounds: must be >= 1"),
        (["missing.yaml"], "no scenario file at missing.yaml"),
    ],
)
def test_bad_arguments_exit_with_status_2_and_say_what_is_wrong(args, message):
    result = simulate(*args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr


def test_a_scenario_file_can_be_simulated(tmp_path):
    source = (ROOT / "game" / "scenarios" / "kelas-6.yaml").read_text(encoding="utf-8")
    path = tmp_path / "mine.yaml"
    path.write_text(source, encoding="utf-8")
    result = simulate(str(path), "--json", "--rounds", "2")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["rounds"]) == 2

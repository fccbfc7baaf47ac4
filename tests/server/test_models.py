"""Constraints of the game's models hold in the database, not only in forms."""

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError

from game.models import Scenario

pytestmark = pytest.mark.django_db


def test_a_builtin_scenario_has_no_owner() -> None:
    teacher = get_user_model().objects.create_user("pak-budi")

    with pytest.raises(IntegrityError):
        Scenario.objects.create(
            slug="x1", title_id="X", title_en="X", data={}, builtin=True, owner=teacher
        )


def test_a_facilitators_scenario_has_an_owner() -> None:
    with pytest.raises(IntegrityError):
        Scenario.objects.create(slug="x2", title_id="X", title_en="X", data={}, builtin=False)


def test_builtins_come_first_then_by_title() -> None:
    teacher = get_user_model().objects.create_user("bu-sari")
    Scenario.objects.create(slug="a", title_id="A", title_en="A", data={}, owner=teacher)
    Scenario.objects.create(slug="c", title_id="C", title_en="C", data={}, builtin=True)
    Scenario.objects.create(slug="b", title_id="B", title_en="B", data={}, builtin=True)

    assert list(Scenario.objects.values_list("slug", flat=True)) == ["b", "c", "a"]

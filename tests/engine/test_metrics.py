"""Inequality and welfare measures: the formulas of GAME_MODEL.md, checked directly."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.engine.metrics import Person, gap_ratio, gini, national_score, theil, welfare

groups = st.sampled_from(["developed", "emerging", "developing"])
people_lists = st.lists(
    st.builds(
        Person,
        weight=st.floats(0.1, 1000),
        income=st.floats(0.01, 1000),
        group=groups,
    ),
    min_size=1,
    max_size=30,
)


def direct_gini(people):
    total = sum(p.weight for p in people)
    mu = sum(p.weight * p.income for p in people) / total
    pairs = sum(a.weight * b.weight * abs(a.income - b.income) for a in people for b in people)
    return pairs / (2 * total**2 * mu)


def direct_theil(people):
    total_income = sum(p.weight * p.income for p in people)
    mu = total_income / sum(p.weight for p in people)
    return sum((p.weight * p.income / total_income) * math.log(p.income / mu) for p in people)


def test_gini_of_equal_incomes_is_zero():
    assert gini([Person(10, 5), Person(30, 5)]) == pytest.approx(0)


def test_gini_of_two_equal_groups_one_with_nothing_is_one_half():
    assert gini([Person(1, 0), Person(1, 10)]) == pytest.approx(0.5)


def test_gini_is_population_weighted():
    # A large poor population and a small rich one is more unequal than the reverse.
    assert gini([Person(90, 1), Person(10, 10)]) > gini([Person(10, 1), Person(90, 10)])


@given(people_lists)
def test_gini_is_in_range_and_equals_the_double_sum(people):
    value = gini(people)
    assert 0 <= value < 1
    assert value == pytest.approx(direct_gini(people), rel=1e-9, abs=1e-12)


@given(people_lists)
def test_theil_equals_the_direct_sum_and_splits_exactly_by_bloc(people):
    result = theil(people)
    assert result.total == pytest.approx(direct_theil(people), rel=1e-9, abs=1e-12)
    assert result.between + result.within == pytest.approx(result.total, rel=1e-9, abs=1e-12)
    assert result.total >= -1e-12
    assert result.between >= -1e-12
    assert result.within >= -1e-12


def test_theil_between_blocs_is_all_of_it_when_blocs_are_internally_equal():
    people = [Person(1, 10, "developed"), Person(1, 10, "developed"), Person(3, 1, "developing")]
    result = theil(people)
    assert result.within == pytest.approx(0)
    assert result.between == pytest.approx(result.total)


def test_gap_ratio_compares_developed_and_developing_means():
    people = [Person(1, 40, "developed"), Person(3, 10, "developed"), Person(2, 2, "developing")]
    assert gap_ratio(people) == pytest.approx(((40 + 30) / 4) / 2)
    assert gap_ratio([Person(1, 4, "developed")]) is None


def test_welfare_is_mean_discounted_by_gini():
    people = [Person(1, 0), Person(1, 10)]
    assert welfare(people) == pytest.approx(5 * 0.5)


def test_national_score_weighs_own_outcome_against_world_welfare():
    common = {"security": 1.0, "stability_ratio": 1.0, "weights": (1.0, 0.0, 0.0)}
    selfish = national_score(wealth_ratio=2, welfare_ratio=1, world_weight=0, **common)
    shared = national_score(wealth_ratio=2, welfare_ratio=1, world_weight=1, **common)
    assert selfish == pytest.approx(200)
    assert shared == pytest.approx(100)
    assert national_score(wealth_ratio=1, welfare_ratio=1, world_weight=0.3, **common) == 100

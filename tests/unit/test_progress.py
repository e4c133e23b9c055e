"""The tier and the weakest turns a trainee sees on the progress screen."""

from __future__ import annotations

import pytest

from trainer.core.progress import cohort, standing, tier_for, weakest_turns, weighted_score


@pytest.mark.parametrize(
    ("score", "tier"),
    [
        (None, None),
        (0.0, None),
        (49.9, None),
        (50.0, "bronze"),
        (74.9, "bronze"),
        (75.0, "silver"),
        (89.99, "silver"),
        (90.0, "gold"),
        (100.0, "gold"),
    ],
)
def test_tier_marks(score: float | None, tier: str | None) -> None:
    assert tier_for(score) == tier


def test_no_attempts_no_score_and_bronze_is_next() -> None:
    s = standing([])
    assert (s.attempts, s.score, s.tier) == (0, None, None)
    assert (s.next_tier, s.to_next) == ("bronze", 50.0)


def test_equal_scores_average_to_themselves() -> None:
    assert weighted_score([80.0] * 7) == pytest.approx(80.0)


def test_recent_attempts_weigh_more() -> None:
    improving = [50.0] * 4 + [100.0] * 4
    slipping = list(reversed(improving))
    plain_mean = sum(improving) / len(improving)  # 75: silver on a plain mean
    assert weighted_score(improving) > plain_mean > weighted_score(slipping)
    # the same eight scores: silver for the improving trainee, bronze for the slipping one
    assert standing(improving).tier == "silver"
    assert standing(slipping).tier == "bronze"


def test_half_life_halves_the_weight() -> None:
    # latest weighs 1, the one before weighs 0.5 with a half-life of one attempt
    assert weighted_score([0.0, 90.0], half_life=1) == pytest.approx(60.0)
    with pytest.raises(ValueError):
        weighted_score([1.0], half_life=0)


def test_points_to_the_next_tier() -> None:
    s = standing([70.0])
    assert (s.tier, s.next_tier, s.to_next) == ("bronze", "silver", 5.0)
    top = standing([95.0])
    assert (top.tier, top.next_tier, top.to_next) == ("gold", None, None)


def test_weakest_turns_lowest_mean_first_perfect_turns_left_out() -> None:
    results = [
        ("phone.answer", 100.0, True),
        ("phone.answer", 100.0, True),
        ("phone.transfer", 60.0, False),
        ("phone.transfer", 90.0, True),
        ("reception.greet", 70.0, False),
        ("reception.pardon", 85.0, True),
        ("reception.bye", 95.0, True),
    ]
    weakest = weakest_turns(results, limit=3)
    assert [t.turn for t in weakest] == ["reception.greet", "phone.transfer", "reception.pardon"]
    assert weakest[1].attempts == 2 and weakest[1].failed == 1
    assert weakest[1].mean == pytest.approx(75.0)


def test_cohort_rows_strongest_first() -> None:
    results = [
        ("Kim Minji", 40.0, False),
        ("Lee Minho", 92.0, True),
        ("Kim Minji", 60.0, False),
        ("Park Jisoo", 80.0, True),
        ("Lee Minho", 95.0, True),
    ]
    rows = cohort(results)
    assert [r.trainee for r in rows] == ["Lee Minho", "Park Jisoo", "Kim Minji"]
    assert [r.standing.tier for r in rows] == ["gold", "silver", "bronze"]
    kim = rows[2]
    assert (kim.attempts, kim.passed, kim.latest) == (2, 0, 60.0)

"""Metrics on hand-made grids with known answers, and exact-k tie-breaking."""

import numpy as np
import pytest

from veilig.intel.forecast.metrics import (
    bootstrap_pai,
    evaluate_window,
    n_flagged,
    rank_cells,
    select_top,
    summarise,
)


def test_n_flagged_rounds_down():
    assert n_flagged(100, 0.03) == 3
    assert n_flagged(333, 0.03) == 9  # 9.99 -> 9
    assert n_flagged(1000, 0.07) == 70  # 0.07 * 1000 is 70.00000000000001 or 69.999...
    assert n_flagged(10, 0.01) == 0


def test_hit_rate_pai_pei_on_a_hand_made_grid():
    # 10 cells; coverage 20 % flags exactly 2 cells.
    scores = np.array([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], dtype=float)
    counts = np.array([1, 0, 3, 0, 0, 0, 0, 0, 0, 2], dtype=np.int64)
    rng = np.random.default_rng(0)
    w = evaluate_window(scores, counts, [0.1, 0.2, 0.5], rng)
    assert w.events == 6
    assert list(w.hits) == [1, 1, 4]  # top 1: cell 0; top 2: cells 0,1; top 5: cells 0-4
    assert list(w.best) == [3, 5, 6]  # the most any 1, 2, 5 cells could catch
    s = summarise([w], [0.1, 0.2, 0.5], 10)
    assert s.hit_rate[0.2] == pytest.approx(1 / 6)
    assert s.pai[0.2] == pytest.approx((1 / 6) / 0.2)
    assert s.pei[0.2] == pytest.approx(1 / 5)
    assert s.pai[0.5] == pytest.approx((4 / 6) / 0.5)


def test_pooling_over_windows_is_sum_of_hits_over_sum_of_events():
    rng = np.random.default_rng(1)
    a = evaluate_window(np.array([1.0, 0, 0, 0]), np.array([2, 0, 0, 0]), [0.25], rng)
    b = evaluate_window(np.array([1.0, 0, 0, 0]), np.array([0, 3, 3, 0]), [0.25], rng)
    s = summarise([a, b], [0.25], 4)
    assert s.hit_rate[0.25] == pytest.approx(2 / 8)  # not the mean of 1.0 and 0.0
    assert s.pai[0.25] == pytest.approx(1.0)
    assert s.pei[0.25] == pytest.approx(2 / 5)


def test_exact_k_with_all_equal_scores_and_reproducible_choice():
    scores = np.zeros(1000)
    first = select_top(scores, 0.03, np.random.default_rng(42))
    again = select_top(scores, 0.03, np.random.default_rng(42))
    other = select_top(scores, 0.03, np.random.default_rng(43))
    assert len(first) == 30 and len(set(first.tolist())) == 30
    assert np.array_equal(first, again)
    assert not np.array_equal(np.sort(first), np.sort(other))


def test_ties_are_broken_only_among_tied_cells():
    scores = np.array([5.0, 1, 1, 1, 1, 1, 0, 0, 0, 0])
    chosen = set()
    for seed in range(50):
        top = select_top(scores, 0.3, np.random.default_rng(seed))
        assert len(top) == 3 and top[0] == 0
        assert set(top[1:].tolist()) <= {1, 2, 3, 4, 5}
        chosen |= set(top[1:].tolist())
    assert chosen == {1, 2, 3, 4, 5}  # every tied cell gets its chance


def test_tie_break_is_fair_in_expectation():
    counts = np.array([1] * 50 + [0] * 50, dtype=np.int64)
    hits = [
        evaluate_window(np.zeros(100), counts, [0.1], np.random.default_rng(s)).hits[0]
        for s in range(400)
    ]
    assert np.mean(hits) == pytest.approx(5.0, abs=0.3)


def test_nan_scores_rank_last():
    order = rank_cells(np.array([np.nan, 1.0, 2.0]), np.random.default_rng(0))
    assert order.tolist() == [2, 1, 0]


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    rng = np.random.default_rng(5)
    events = rng.integers(5, 15, size=40)
    hits = rng.binomial(events, 0.3)
    point = hits.sum() / events.sum() / 0.03
    lo, hi = bootstrap_pai(hits, events, 0.03, seed=7)
    assert (lo, hi) == bootstrap_pai(hits, events, 0.03, seed=7)
    assert lo < point < hi
    assert hi - lo < point  # not absurdly wide
    assert bootstrap_pai(np.array([], dtype=np.int64), np.array([], dtype=np.int64), 0.03) == (
        0.0,
        0.0,
    )

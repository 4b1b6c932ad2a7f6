"""Each method's scores on tiny synthetic inputs."""

import numpy as np
import pytest

from veilig.intel.forecast.best import Best, BestConfig
from veilig.intel.forecast.etas import Etas, fit_etas, same_cell_pairs
from veilig.intel.forecast.events import make_events
from veilig.intel.forecast.methods import KDE, Naive, Prospective, prospective_kernel
from veilig.intel.forecast.protocol import prepare

from .helpers import cell_of, centre, history, square_frame


def test_frame_masks_cells_by_centre():
    frame = square_frame(10, pad=250)
    assert frame.n_cells == 100
    assert frame.shape == (16, 16)  # 3 cells of padding on each side
    assert frame.cell_ids()[0] == "100m-E0-N0"
    assert cell_of(frame, 9, 9) == 99
    assert frame.cell_index(np.array([-50.0]), np.array([50.0]))[0] == -1


def test_naive_counts_events_in_the_lookback_only():
    frame = square_frame()
    (x1, y1), (x2, y2) = centre(2, 3), centre(7, 7)
    h = history(
        frame,
        [x1, x1, x1, x2, x2],
        [y1, y1, y1, y2, y2],
        [10, 50, 99, 20, 95],
        origin=100,
        lookback=60,
    )
    s = Naive().score(h)
    assert s[cell_of(frame, 2, 3)] == 2  # the event of day 10 is outside the 60-day lookback
    assert s[cell_of(frame, 7, 7)] == 1
    assert s.sum() == 3


def test_kde_is_a_gaussian_around_an_event():
    frame = square_frame(21)
    x, y = centre(10, 10)
    s = KDE(bandwidth=150).score(history(frame, [x], [y], [1.0], origin=10))
    c = s[cell_of(frame, 10, 10)]
    assert s.argmax() == cell_of(frame, 10, 10)
    for dc, dr in [(1, 0), (0, 2), (2, 2)]:
        d2 = (dc**2 + dr**2) * 100.0**2
        ratio = s[cell_of(frame, 10 + dc, 10 + dr)] / c
        assert ratio == pytest.approx(np.exp(-d2 / (2 * 150.0**2)), rel=1e-6)
    assert s.sum() == pytest.approx(1.0, abs=1e-3)  # mass of one event (almost all inside)


def test_prospective_weights_follow_bowers_johnson_pease():
    frame = square_frame(21)
    x, y = centre(10, 10)
    # one event 10 days old (week 1), one 60 days old (beyond 8 weeks: no weight)
    h = history(frame, [x, x], [y, y], [90.0, 40.0], origin=100)
    s = Prospective().score(h)
    assert s[cell_of(frame, 10, 10)] == pytest.approx(1 / 1 * 1 / 2)
    assert s[cell_of(frame, 11, 10)] == pytest.approx(1 / 2 * 1 / 2)
    assert s[cell_of(frame, 11, 11)] == pytest.approx(1 / (1 + np.sqrt(2)) * 1 / 2)
    assert s[cell_of(frame, 14, 10)] == pytest.approx(1 / 5 * 1 / 2)  # 400 m: included
    assert s[cell_of(frame, 13, 13)] == 0  # 424 m: outside
    assert s[cell_of(frame, 15, 10)] == 0
    k = prospective_kernel(125.0, 400.0)
    assert k.shape == (7, 7) and k[3, 3] == 1.0 and k[3, 6] == pytest.approx(1 / 4)


def test_prospective_uses_the_week_of_each_aoristic_piece():
    frame = square_frame(5)
    x, y = centre(2, 2)
    # a window from day 86 to day 94 (8 days): pieces in week 0 (days 93-94) and week 1
    h = history(frame, [x], [y], [86.0], ends=[94.0], origin=100)
    s = Prospective().score(h)
    ages = 100 - (np.arange(86, 94) + 0.5)
    expected = np.mean(1 / (1 + np.floor(ages / 7)))
    assert s[cell_of(frame, 2, 2)] == pytest.approx(expected)


def test_same_cell_pairs_are_all_earlier_partners():
    cell = np.array([3, 1, 3, 3, 1], dtype=np.int64)
    t = np.array([5.0, 1.0, 2.0, 9.0, 1.0])
    order, i, j = same_cell_pairs(cell, t)
    got = {(int(order[a]), int(order[b])) for a, b in zip(i, j, strict=True)}
    # cell 3: times 2 (idx 2), 5 (idx 0), 9 (idx 3); cell 1: equal times -> no pair
    assert got == {(0, 2), (3, 2), (3, 0)}


def simulate_grid_hawkes(rng, n_cells, mu, theta, omega, t_end):
    cells, times = [], []
    for c in range(n_cells):
        gen = list(rng.uniform(0, t_end, rng.poisson(mu[c] * t_end)))
        while gen:
            t = gen.pop()
            cells.append(c)
            times.append(t)
            kids = t + rng.exponential(1 / omega, rng.poisson(theta))
            gen.extend(k for k in kids if k < t_end)
    return np.array(cells, dtype=np.int64), np.array(times)


def test_etas_em_recovers_parameters_of_a_simulated_process():
    rng = np.random.default_rng(3)
    mu = rng.uniform(0.005, 0.05, 80)
    cells, times = simulate_grid_hawkes(rng, 80, mu, theta=0.5, omega=0.2, t_end=1500.0)
    fit = fit_etas(cells, times, n_cells=80, origin=1500.0, span=1500.0)
    assert fit.theta == pytest.approx(0.5, abs=0.1)
    assert fit.omega == pytest.approx(0.2, rel=0.3)
    assert np.corrcoef(fit.mu, mu)[0, 1] > 0.9


def test_etas_ranks_a_fresh_burst_above_an_old_one():
    frame = square_frame(10)
    (xa, ya), (xb, yb), (xc, yc) = centre(1, 1), centre(5, 5), centre(8, 8)
    rng = np.random.default_rng(0)
    base_c = list(rng.uniform(0, 300, 20))  # a steady background cell
    xs = [xa] * 4 + [xb] * 4 + [xc] * len(base_c)
    ys = [ya] * 4 + [yb] * 4 + [yc] * len(base_c)
    times = [10, 10.5, 11, 11.5, 296, 297, 298, 299, *base_c]
    s = Etas().score(history(frame, xs, ys, times, origin=300, horizon=7))
    assert s[cell_of(frame, 5, 5)] > s[cell_of(frame, 1, 1)]


def test_best_with_fixed_settings_matches_its_formula():
    frame = square_frame(10)
    x, y = centre(4, 4)
    h = history(frame, [x, x], [y, y], [50.0, 95.0], origin=100, lookback=365)
    cfg = BestConfig(h_long=0, h_wide=1.0, prior_days=0, h_recent=0, tau=10.0, alpha=2.0)
    s = Best(cfg).score(h)
    i = cell_of(frame, 4, 4)
    span = 100 - 50.0
    expected = 2 / span + 2.0 * (np.exp(-50 / 10) + np.exp(-5 / 10)) / 10
    assert s[i] == pytest.approx(expected)
    assert s[cell_of(frame, 5, 4)] == 0


def test_best_tuning_sees_only_events_before_the_start():
    frame = square_frame(10)
    rng = np.random.default_rng(1)
    n = 600
    t = rng.uniform(0, 400, n)
    xs, ys = rng.uniform(0, 1000, n), rng.uniform(0, 1000, n)
    ev = make_events(xs, ys, t)
    start = 300.0
    tuned = Best(seed=0)
    tuned.tune(prepare(frame, ev), before=start, lookback=365, horizon=14)
    # Moving every event at or after the start elsewhere must not change the tuning.
    late = t >= start - 1e-9
    xs2 = np.where(late, 50.0, xs)
    ev2 = make_events(xs2, ys, t)
    other = Best(seed=0)
    other.tune(prepare(frame, ev2), before=start, lookback=365, horizon=14)
    assert tuned.tuning["windows"] > 3
    assert tuned.config == other.config
    assert tuned.tuning["objective"] == other.tuning["objective"]

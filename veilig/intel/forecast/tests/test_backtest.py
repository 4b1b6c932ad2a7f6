"""The backtest protocol: no training on events at or after the origin, windows, pooling."""

import numpy as np
import pytest

from veilig.intel.forecast.backtest import run_backtest
from veilig.intel.forecast.best import Best
from veilig.intel.forecast.etas import Etas
from veilig.intel.forecast.events import make_events
from veilig.intel.forecast.methods import KDE, Method, Naive, Prospective
from veilig.intel.forecast.protocol import history_at, prepare, windows_between

from .helpers import cell_of, centre, square_frame


class Recorder(Method):
    """Records what it is shown, and 'predicts' the cells of the newest events it saw."""

    name = "recorder"

    def __init__(self):
        self.seen = []

    def score(self, h):
        self.seen.append((h.origin, h.origin - h.event_age, h.origin - h.piece_age))
        return h.frame.to_cells(h.raster(np.exp(-h.piece_age)))


def random_raw(seed=0, n=800, t_end=200.0):
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, t_end, n)
    ends = t + rng.choice([0.0, 0.3, 2.0, 20.0], n)
    return rng.uniform(0, 1000, n), rng.uniform(0, 1000, n), t, ends


def random_events(seed=0, n=800, t_end=200.0):
    return make_events(*random_raw(seed, n, t_end))


def test_windows_step_by_the_horizon_and_stop_at_the_end():
    assert windows_between(0, 30, 14) == [(0, 14), (14, 28), (28, 30)]
    assert windows_between(0, 3, 1) == [(0, 1), (1, 2), (2, 3)]


def test_methods_never_see_events_at_or_after_the_origin():
    frame = square_frame(10)
    ev = random_events()
    rec = Recorder()
    run_backtest(ev, frame, [rec], start=100, end=200, horizon=7, lookback=365)
    assert len(rec.seen) == 15
    for origin, event_times, piece_times in rec.seen:
        assert event_times.size > 0
        assert event_times.max() < origin
        assert piece_times.max() < origin


def test_history_excludes_aoristic_events_still_running_at_the_origin():
    frame = square_frame(10)
    x, y = centre(3, 3)
    # begins before the origin (day 99), ends after it (day 103): not yet known at day 100
    ev = make_events([x], [y], [99.0], [103.0])
    h = history_at(prepare(frame, ev), 100.0, 365.0, 14.0)
    assert h.event_age.size == 0 and h.piece_age.size == 0


@pytest.mark.parametrize(
    "method", [Naive, lambda: KDE(150), Prospective, Etas, lambda: Best(seed=0)]
)
def test_scores_do_not_change_when_the_future_changes(method):
    """Would fail on leakage: rewrite every event at/after each origin and compare scores."""
    frame = square_frame(10)
    x, y, t0, t1 = random_raw(seed=2)
    ev = make_events(x, y, t0, t1)
    prep = prepare(frame, ev)
    rng = np.random.default_rng(9)
    for origin in (120.0, 150.0):
        future = t1 >= origin
        moved = make_events(
            np.where(future, rng.uniform(0, 1000, len(ev)), x),
            np.where(future, rng.uniform(0, 1000, len(ev)), y),
            t0,
            t1,
        )
        a, b = method(), method()
        a.tune(prep, before=100.0, lookback=365, horizon=7)
        b.tune(prepare(frame, moved), before=100.0, lookback=365, horizon=7)
        sa = a.score(history_at(prep, origin, 365, 7))
        sb = b.score(history_at(prepare(frame, moved), origin, 365, 7))
        assert np.array_equal(sa, sb)


def test_a_leaking_history_would_be_caught():
    """The guard above is not vacuous: a history that includes the future changes scores."""
    frame = square_frame(10)
    prep = prepare(frame, random_events(seed=2))
    h_ok = history_at(prep, 120.0, 365, 7)
    h_leak = history_at(prep, 127.0, 365, 7)  # as if trained on the week being forecast
    assert not np.array_equal(Naive().score(h_ok), Naive().score(h_leak))


def test_backtest_counts_test_events_inside_the_mask_and_pools_hits():
    frame = square_frame(10)
    hot = centre(2, 2)
    xs = [hot[0]] * 10 + [hot[0], -500.0]
    ys = [hot[1]] * 10 + [hot[1], 50.0]  # the last one lies outside the area
    ts = [*list(np.linspace(1, 90, 10)), 105.0, 106.0]
    ev = make_events(xs, ys, ts)
    res = run_backtest(ev, frame, [Naive()], start=100, end=114, horizon=7, lookback=365)
    assert res.cells == 100 and res.windows == 2 and res.events_test == 1
    naive = res.methods["naive"]
    assert naive.hit_rate[0.01] == 1.0
    assert naive.pai[0.01] == pytest.approx(100.0)
    assert naive.pei[0.01] == 1.0
    assert cell_of(frame, 2, 2) >= 0


def test_same_tie_break_for_every_method_in_a_window():
    frame = square_frame(10)
    ev = random_events(seed=4, n=50)

    class Flat(Method):
        name = "flat"

        def score(self, h):
            return np.zeros(h.frame.n_cells)

    class Flat2(Flat):
        name = "flat2"

    res = run_backtest(
        ev, frame, [Flat(), Flat2()], start=100, end=200, horizon=10, lookback=365, seed=3
    )
    assert res.methods["flat"].hit_rate == res.methods["flat2"].hit_rate

"""Grid self-exciting point process, fitted by expectation-maximisation.

After Mohler et al. (2015), "Randomized controlled field trials of predictive policing", JASA.

The conditional intensity of cell n is

    lambda_n(t) = mu_n + sum_{j in n, t_j < t} theta * omega * exp(-omega (t - t_j))

with a background rate ``mu_n`` per cell (events per day), a branching ratio ``theta`` (expected
number of events triggered by one event) and a decay ``omega`` per day, shared by all cells.

EM (our implementation of the published scheme):

* E-step: for each event i and each earlier event j in the same cell,
  p_ij = theta*omega*exp(-omega*(t_i-t_j)) / lambda_{n_i}(t_i), and p_ii = mu_{n_i} / lambda.
* M-step: mu_n = sum of p_ii in cell n / S (S the observed training span),
  omega = sum p_ij / sum p_ij (t_i - t_j), and
  theta = sum p_ij / sum_j (1 - exp(-omega (T - t_j))) -- the denominator is the expected
  offspring count that the training period could show, a correction for offspring cut off at
  the origin T (Mohler's version divides by the number of events).

Events use their reference time (midpoint of an aoristic window); events on the same timestamp
cannot trigger each other. The score of a cell is the expected number of events in the horizon,
mu_n * H + theta * sum_j exp(-omega a_j) (1 - exp(-omega H)) with a_j the age of event j.
Parameters are warm-started from the previous origin of a backtest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from veilig.intel.forecast.methods import Method
from veilig.intel.forecast.protocol import History

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

OMEGA_BOUNDS = (1e-3, 10.0)
THETA_BOUNDS = (0.0, 0.99)


@dataclass
class EtasFit:
    mu: FloatArray  # per flat raster cell, events/day
    theta: float
    omega: float
    iterations: int
    n_pairs: int


def same_cell_pairs(cell: IntArray, t: FloatArray) -> tuple[IntArray, IntArray, IntArray]:
    """Order of events by (cell, time) and all pairs (later i, earlier j) within a cell.

    Returns (order, i, j) with i and j indexing the *ordered* events, t_i > t_j.
    """
    order = np.lexsort((t, cell)).astype(np.int64)
    c = cell[order]
    n = c.shape[0]
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return order, empty, empty
    new_group = np.empty(n, dtype=bool)
    new_group[0] = True
    new_group[1:] = c[1:] != c[:-1]
    group_start = np.maximum.accumulate(np.where(new_group, np.arange(n), 0))
    pos = np.arange(n, dtype=np.int64) - group_start  # number of earlier events in the cell
    i = np.repeat(np.arange(n, dtype=np.int64), pos)
    base = np.repeat(np.cumsum(pos) - pos, pos)
    j = np.repeat(group_start, pos) + (np.arange(i.shape[0], dtype=np.int64) - base)
    ts = t[order]
    keep = ts[i] > ts[j]
    return order, i[keep], j[keep]


def fit_etas(
    cell: IntArray,
    t: FloatArray,
    *,
    n_cells: int,
    origin: float,
    span: float,
    theta0: float = 0.3,
    omega0: float = 0.1,
    max_iter: int = 200,
    tol: float = 1e-5,
) -> EtasFit:
    """EM fit on events at times ``t`` (days, all < origin) in raster cells ``cell``."""
    order, pi, pj = same_cell_pairs(cell, t)
    ts = t[order]
    cs = cell[order]
    n = ts.shape[0]
    dt = ts[pi] - ts[pj]
    age = origin - ts
    counts = np.bincount(cs, minlength=n_cells).astype(np.float64)
    mu = counts / span * 0.5
    theta, omega = float(theta0), float(omega0)
    it = 0
    if n == 0:
        return EtasFit(mu, 0.0, omega, 0, 0)
    for it in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        trig = theta * omega * np.exp(-omega * dt)
        lam = mu[cs] + np.bincount(pi, weights=trig, minlength=n)
        lam = np.maximum(lam, 1e-300)
        pij = trig / lam[pi]
        pii = mu[cs] / lam
        s_trig = float(pij.sum())
        mu_new = np.bincount(cs, weights=pii, minlength=n_cells) / span
        s_dt = float((pij * dt).sum())
        omega_new = omega if s_dt <= 0 else s_trig / s_dt
        omega_new = float(np.clip(omega_new, *OMEGA_BOUNDS))
        exposure = float((1.0 - np.exp(-omega_new * age)).sum())
        theta_new = float(np.clip(s_trig / exposure if exposure > 0 else 0.0, *THETA_BOUNDS))
        change = max(abs(theta_new - theta), abs(omega_new - omega) / max(omega, 1e-9))
        mu, theta, omega = mu_new, theta_new, omega_new
        if change < tol:
            break
    return EtasFit(mu, theta, omega, it, int(pi.shape[0]))


def etas_expected(fit: EtasFit, cell: IntArray, age: FloatArray, horizon: float) -> FloatArray:
    """Expected number of events per raster cell in ``[origin, origin + horizon)``."""
    carry = np.exp(-fit.omega * age) * (1.0 - np.exp(-fit.omega * horizon))
    trig = fit.theta * np.bincount(cell, weights=carry, minlength=fit.mu.shape[0])
    return np.asarray(fit.mu * horizon + trig, dtype=np.float64)


class Etas(Method):
    name = "etas"
    description = "zelf-exciterend puntproces per cel (Mohler e.a. 2015), geschat met EM"

    def __init__(self, max_iter: int = 200, tol: float = 1e-5) -> None:
        self.max_iter = max_iter
        self.tol = tol
        self.last: EtasFit | None = None

    def score(self, h: History) -> FloatArray:
        n = h.frame.nrows * h.frame.ncols
        t = h.origin - h.event_age
        theta0, omega0 = (0.3, 0.1) if self.last is None else (self.last.theta, self.last.omega)
        theta0 = max(theta0, 0.05)
        fit = fit_etas(
            h.event_cell,
            t,
            n_cells=n,
            origin=h.origin,
            span=h.span,
            theta0=theta0,
            omega0=omega0,
            max_iter=self.max_iter,
            tol=self.tol,
        )
        self.last = fit
        expected = etas_expected(fit, h.event_cell, h.event_age, h.horizon)
        return h.frame.to_cells(expected.reshape(h.frame.shape))

    def params(self) -> dict[str, float | str]:
        if self.last is None:
            return {}
        return {"theta": round(self.last.theta, 4), "omega_per_day": round(self.last.omega, 4)}

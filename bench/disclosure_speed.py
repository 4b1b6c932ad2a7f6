"""Speed and suppression share of ``protect`` on a realistic synthetic cube.

200 area nodes (gemeente, 6 stadsdelen, 33 wijken, 160 buurten) × 102 time nodes (6 years of
quarters and months) × 5 theme nodes (HIC and its 4 members); sparse Poisson counts with
rates that vary per buurt and per theme. Run: ``uv run python -m bench.disclosure_speed``.
"""

from __future__ import annotations

import time

import numpy as np

from veilig.intel.disclosure import Dimension, nested, protect


def area_tree(rng: np.random.Generator) -> Dimension:
    parent = [-1]
    wijken_per = [6, 6, 6, 5, 5, 5]
    wijken: list[int] = []
    for n_w in wijken_per:
        parent.append(0)
        sd = len(parent) - 1
        for _ in range(n_w):
            parent.append(sd)
            wijken.append(len(parent) - 1)
    # 160 buurten over 33 wijken: 4 or 5 each, 8 wijken with 6.
    counts = [5] * 33
    for i in range(160 - sum(counts)):
        counts[i % 33] += 1
    for w, n_b in zip(wijken, counts, strict=True):
        parent.extend([w] * n_b)
    return Dimension(parent=tuple(parent))


def time_forest(years: int = 6) -> Dimension:
    parent: list[int] = []
    for _ in range(years):
        parent.append(-1)
        y = len(parent) - 1
        for _ in range(4):
            parent.append(y)
            q = len(parent) - 1
            parent.extend([q] * 3)
    return Dimension(parent=tuple(parent))


def main() -> None:
    rng = np.random.default_rng(2026)
    area = area_tree(rng)
    period = time_forest()
    theme = nested((4,))
    # Monthly rates per buurt and theme (woninginbraak, geweld, straatroof, overval).
    buurt_rate = rng.lognormal(mean=0.0, sigma=0.8, size=area.n_leaves)
    theme_rate = np.array([0.6, 1.2, 0.25, 0.03])
    lam = buurt_rate[:, None, None] * theme_rate[None, None, :] * np.ones((1, period.n_leaves, 1))
    atoms = rng.poisson(lam)
    dims = (area, period, theme)
    for threshold in (5,):
        t0 = time.perf_counter()
        p = protect(dims=dims, atoms=atoms, threshold=threshold)
        took = time.perf_counter() - t0
        n = p.values.size
        print(
            f"threshold {threshold}: {n} cells, {int(atoms.sum())} incidents, {took:.2f} s; "
            f"primary {p.primary.sum() / n:.1%}, suppressed {p.suppressed.sum() / n:.1%}, "
            f"secondary {(p.suppressed & ~p.primary).sum()} cells, witnesses {len(p.witnesses)}, "
            f"non-primary suppressed {(p.suppressed & ~p.primary).sum() / (~p.primary).sum():.1%}"
        )
        tops = [(a, t, th) for a in area.tops for t in period.tops for th in theme.tops]
        print("  suppressed top cells:", sum(bool(p.suppressed[c]) for c in tops), "of", len(tops))


if __name__ == "__main__":
    main()

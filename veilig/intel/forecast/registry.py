"""The forecast methods by name: one list for the command line, the backtest command and the map.

It lives apart from ``methods`` because ``best`` and ``etas`` build on the base class there.
"""

from __future__ import annotations

from collections.abc import Callable

from veilig.intel.forecast.best import Best
from veilig.intel.forecast.etas import Etas
from veilig.intel.forecast.methods import KDE, Method, Naive, Prospective

DEFAULT_KDE_BANDWIDTH = 200.0


class MethodSpecError(ValueError):
    """A list of method names that cannot be used (empty, unknown or repeated names)."""


def method_factories(
    kde_bandwidth: float = DEFAULT_KDE_BANDWIDTH, seed: int = 0
) -> dict[str, Callable[[], Method]]:
    """A fresh, untuned method per call: a tuned method must not leak into the next run."""
    return {
        "naive": Naive,
        "kde": lambda: KDE(kde_bandwidth),
        "prospective": Prospective,
        "etas": Etas,
        "best": lambda: Best(seed=seed),
    }


METHOD_NAMES: tuple[str, ...] = tuple(method_factories())


def methods_from_spec(
    spec: str, *, kde_bandwidth: float = DEFAULT_KDE_BANDWIDTH, seed: int = 0
) -> list[Method]:
    """The methods named in a comma-separated ``spec``, in its order."""
    factories = method_factories(kde_bandwidth, seed)
    names = [m.strip() for m in spec.split(",") if m.strip()]
    if not names:
        raise MethodSpecError("--methods names no method")
    unknown = [n for n in names if n not in factories]
    if unknown:
        raise MethodSpecError(
            f"unknown method(s): {', '.join(unknown)}; choose from {', '.join(factories)}"
        )
    if len(set(names)) != len(names):
        raise MethodSpecError("--methods names a method twice")
    return [factories[n]() for n in names]

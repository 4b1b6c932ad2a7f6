"""Disclosure control: no suppressed cell can be pinned down from the published ones (exact ILP)."""

import ast
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veilig.intel.disclosure import Dimension, cell_values, nested, protect
from veilig.intel.disclosure.audit import audit, recovered


def random_area(rng: np.random.Generator) -> Dimension:
    """gemeente → 2 stadsdelen → 2-3 wijken → 2-3 buurten."""
    parent = [-1]
    for _ in range(2):
        parent.append(0)
        sd = len(parent) - 1
        for _ in range(int(rng.integers(2, 4))):
            parent.append(sd)
            w = len(parent) - 1
            parent.extend([w] * int(rng.integers(2, 4)))
    return Dimension(parent=tuple(parent))


def years(n: int, quarters: int = 4, months: int = 3) -> Dimension:
    parent: list[int] = []
    for _ in range(n):
        parent.append(-1)
        y = len(parent) - 1
        for _ in range(quarters):
            parent.append(y)
            q = len(parent) - 1
            parent.extend([q] * months)
    return Dimension(parent=tuple(parent))


HIC = nested((4,))
SINGLE = Dimension.single("geweld")


def test_dimension_leaves_are_contiguous():
    # Parent array out of order on purpose: the leaves must still come out contiguous per node.
    d = Dimension(parent=(-1, 3, 0, 0, 2, 3, 2))
    assert d.leaves == (4, 6, 1, 5)
    assert d.leaf_range(2) == range(0, 2)
    assert d.leaf_range(3) == range(2, 4)
    assert d.leaf_range(0) == range(0, 4)
    assert d.siblings(2) == (3,)
    f = Dimension.from_labels({"2025": None, "2025-Q1": "2025", "2026": None})
    assert f.tops == (0, 2) and f.siblings(0) == (2,)
    with pytest.raises(ValueError):
        Dimension(parent=(1, 0))


def test_values_sum_the_atoms_under_each_node_tuple():
    area = nested((2, 2))
    atoms = np.arange(4 * 4).reshape(4, 4)
    values = cell_values(dims=[area, HIC], atoms=atoms)
    assert values[0, 0] == atoms.sum()
    assert values[1, 0] == atoms[:2].sum()
    assert values[3, 2] == atoms[0, 1]


def test_zeros_are_published_by_default():
    rng = np.random.default_rng(5)
    dims = [nested((2, 2)), years(1, 2, 2), HIC]
    atoms = rng.poisson(1.0, size=tuple(d.n_leaves for d in dims))
    p = protect(dims=dims, atoms=atoms, threshold=5)
    assert np.array_equal(p.primary, (p.values > 0) & (p.values < 5))
    assert not recovered(dims=dims, atoms=atoms, suppressed=p.suppressed).any()


def test_zero_is_primary_when_asked_and_witnesses_are_sound():
    rng = np.random.default_rng(5)
    dims = [nested((2, 2)), years(1, 2, 2), HIC]
    atoms = rng.poisson(1.0, size=tuple(d.n_leaves for d in dims))
    p = protect(dims=dims, atoms=atoms, threshold=5, zeros=True)
    assert np.array_equal(p.primary, p.values < 5)
    assert p.suppressed[p.values == 0].all()
    agg = p.values.shape
    for cell, w in p.witnesses.items():
        delta = w.delta(atoms.shape)
        assert (atoms + delta >= 0).all()
        moved = cell_values(dims=dims, atoms=atoms + delta) - p.values
        assert moved[cell] != 0
        assert not moved[~p.suppressed].any()
        assert moved.shape == agg


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("theme", ["hic", "single"])
def test_no_suppressed_cell_is_recovered(seed, theme):
    rng = np.random.default_rng(seed)
    dims = [random_area(rng), years(2, 2, 2) if theme == "single" else years(1, 2, 3)]
    dims.append(HIC if theme == "hic" else SINGLE)
    lam = rng.uniform(0.2, 2.0, size=dims[0].n_leaves)[:, None, None]
    atoms = rng.poisson(lam * np.ones(tuple(d.n_leaves for d in dims)))
    p = protect(dims=dims, atoms=atoms, threshold=5)
    assert p.primary.any() and (~p.suppressed).any()
    assert not recovered(dims=dims, atoms=atoms, suppressed=p.suppressed).any()


def test_the_audit_catches_primary_only_suppression():
    # Two buurten in one wijk, one month: the wijk total minus the published buurt gives the other.
    area = nested((2,))
    atoms = np.array([[3], [9]])
    dims = [area, Dimension.single()]
    p = protect(dims=dims, atoms=atoms, threshold=5)
    assert p.primary[1, 0] and not p.primary[2, 0]
    pinned = recovered(dims=dims, atoms=atoms, suppressed=p.primary)
    assert pinned[1, 0]
    result = audit(dims=dims, atoms=atoms, suppressed=p.primary)
    assert result.recovered == ((1, 0),)
    assert p.suppressed[2, 0]
    assert not recovered(dims=dims, atoms=atoms, suppressed=p.suppressed).any()


def test_heat_map_cube():
    # weekday (all + 7) × hour block (all + 6), for the gemeente and one year.
    rng = np.random.default_rng(11)
    dims = [nested((7,)), nested((6,))]
    atoms = rng.poisson(2.0, size=(7, 6))
    p = protect(dims=dims, atoms=atoms, threshold=5)
    assert not p.suppressed[0, 0]
    assert p.primary.any()
    assert not recovered(dims=dims, atoms=atoms, suppressed=p.suppressed).any()


def test_deterministic():
    rng = np.random.default_rng(3)
    dims = [random_area(rng), years(1), HIC]
    atoms = rng.poisson(0.8, size=tuple(d.n_leaves for d in dims))
    a = protect(dims=dims, atoms=atoms, threshold=5)
    b = protect(dims=dims, atoms=atoms.copy(), threshold=5)
    assert np.array_equal(a.suppressed, b.suppressed)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    widths=st.tuples(st.integers(2, 3), st.integers(1, 3)),
    months=st.integers(2, 3),
    counts=st.lists(st.integers(0, 6), min_size=108, max_size=108),
    threshold=st.integers(1, 6),
)
def test_property_nothing_recovered(widths, months, counts, threshold):
    dims = [nested(widths), years(1, 2, months), Dimension.single()]
    shape = tuple(d.n_leaves for d in dims)
    atoms = np.array(counts[: int(np.prod(shape))]).reshape(shape)
    p = protect(dims=dims, atoms=atoms, threshold=threshold)
    assert not recovered(dims=dims, atoms=atoms, suppressed=p.suppressed).any()


def test_core_imports_no_django():
    package = Path(__file__).parents[1] / "disclosure"
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] == "django" for n in names), path

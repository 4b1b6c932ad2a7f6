from __future__ import annotations

import pytest
from django.utils import translation
from shapely.geometry import Polygon

from veilig.demo.generator.geography import Geography, geography_build
from veilig.demo.generator.plan import CityPlan, city_plan_build


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Seventeen Argon2 hashes per build would dominate the run time of these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whatever the compiled catalogues hold."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path):
    """The demo stores case documents: never in the real document folder."""
    settings.DOCUMENTS_ROOT = tmp_path / "documents"


@pytest.fixture(scope="session")
def geography() -> Geography:
    return geography_build(seed=7)


@pytest.fixture(scope="session")
def small_plan() -> CityPlan:
    return city_plan_build(seed=7, address_count=4_000)


def tiling_errors(children: list[Polygon], parent: Polygon) -> dict[str, float]:
    """Gap, overlap and area mismatch (m²) of ``children`` against ``parent``, in RD."""
    import numpy as np
    import shapely

    array = np.asarray(children, dtype=object)
    union = shapely.union_all(array)
    tree = shapely.STRtree(array)
    left, right = tree.query(array, predicate="intersects")
    keep = left < right
    overlap = float(shapely.area(shapely.intersection(array[left[keep]], array[right[keep]])).sum())
    return {
        "gap": float(parent.difference(union).area),
        "outside": float(union.difference(parent).area),
        "overlap": overlap,
        "sum_minus_parent": abs(float(shapely.area(array).sum()) - parent.area),
    }

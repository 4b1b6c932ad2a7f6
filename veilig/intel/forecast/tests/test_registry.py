"""The engine's method registry, and that the engine stays free of Django."""

from __future__ import annotations

import subprocess
import sys

import pytest

from veilig.intel.forecast.registry import (
    METHOD_NAMES,
    MethodSpecError,
    method_factories,
    methods_from_spec,
)


def test_every_name_builds_a_method_of_that_name() -> None:
    assert METHOD_NAMES == ("naive", "kde", "prospective", "etas", "best")
    for name, factory in method_factories().items():
        assert factory().name == name


def test_a_spec_keeps_its_order_and_gives_fresh_methods() -> None:
    first = methods_from_spec(" best, naive ", kde_bandwidth=150.0, seed=3)
    second = methods_from_spec("best,naive")
    assert [m.name for m in first] == ["best", "naive"]
    assert first[0] is not second[0]
    assert methods_from_spec("kde", kde_bandwidth=150.0)[0].params() == {"bandwidth_m": 150.0}


@pytest.mark.parametrize(
    ("spec", "message"),
    [("", "no method"), ("naive,magic", "unknown method(s): magic"), ("kde,kde", "twice")],
)
def test_a_bad_spec_says_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(MethodSpecError, match=message.replace("(", r"\(").replace(")", r"\)")):
        methods_from_spec(spec)


def test_the_engine_imports_no_django() -> None:
    # A fresh interpreter: the test run itself has Django loaded already.
    code = (
        "import sys, pkgutil, importlib, veilig.intel.forecast as f\n"
        "for m in pkgutil.iter_modules(f.__path__):\n"
        "    if m.name != 'tests': importlib.import_module(f'{f.__name__}.{m.name}')\n"
        "print(sorted(n for n in sys.modules if n == 'django' or n.startswith('django.')))\n"
    )
    out = subprocess.run(  # noqa: S603 - a fixed command
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"

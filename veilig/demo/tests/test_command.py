"""``manage.py demo_city``: demo mode only, idempotent, clear refusals."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from veilig.demo.models import DemoState
from veilig.intel.models import BacktestRun
from veilig.registry.models import Address

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("demo_city", *args, stdout=out)
    return out.getvalue()


def test_refused_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    settings.DEBUG = False
    with pytest.raises(CommandError, match="demo mode"):
        run("--seed", "1", "--addresses", "50")
    assert not DemoState.objects.exists()


def test_build_rerun_refuse_replace(settings):
    settings.DEMO_MODE = True
    quick = "--no-access-history"
    assert "built (seed 1)" in run("--seed", "1", "--addresses", "300", quick, "--no-backtest")
    assert Address.objects.count() == 300
    assert "already there" in run("--seed", "1", "--addresses", "300", quick)
    assert not BacktestRun.objects.exists()
    with pytest.raises(CommandError, match="seed 1"):
        run("--seed", "2", "--addresses", "300", quick)
    output = run("--seed", "2", "--addresses", "200", "--replace", quick)
    assert "built (seed 2)" in output
    assert "algorithm register" in output  # the backtest ran, or says why it could not
    assert Address.objects.count() == 200
    assert DemoState.objects.get().seed == 2

"""The stored result of the last ``manage.py forecast_backtest`` runs (for the algorithm register).

A forecast itself is never stored: the team map computes it on demand (with a small cache).
The rows hold only aggregates (hit rates, PAI, counts); no event, no person, no address.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BacktestRun(models.Model):
    """One run of the rolling-origin backtest on the events in the database."""

    created_at = models.DateTimeField(_("run at"), auto_now_add=True)
    theme = models.CharField(_("theme"), max_length=40)
    cell = models.FloatField(_("cell size (m)"))
    horizon = models.PositiveIntegerField(_("horizon (days)"))
    lookback = models.PositiveIntegerField(_("lookback (days)"))
    start = models.DateField(_("first test day"))
    end = models.DateField(_("last test day"))
    methods = models.CharField(_("methods"), max_length=200)
    boundary = models.CharField(_("area"), max_length=300)
    events_used = models.PositiveIntegerField(_("events used"), default=0)
    first_event = models.DateField(_("first event"), null=True, blank=True)
    last_event = models.DateField(_("last event"), null=True, blank=True)
    cells = models.PositiveIntegerField(_("cells"), default=0)
    windows = models.PositiveIntegerField(_("windows"), default=0)
    events_test = models.PositiveIntegerField(_("test events"), default=0)
    # The exact JSON of the command (cells, windows, events_test, methods{...}).
    result = models.JSONField(_("result"), default=dict)
    # Settings per method (tuned parameters, tuning seconds), seed, bootstrap resamples.
    details = models.JSONField(_("details"), default=dict, blank=True)
    seconds = models.FloatField(_("total seconds"), default=0.0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("forecast backtest")
        verbose_name_plural = _("forecast backtests")

    def __str__(self) -> str:
        return f"{self.theme} {self.start}–{self.end} ({self.created_at:%Y-%m-%d})"

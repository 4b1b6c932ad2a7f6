"""The data the migrations seed, written again after a transactional test's flush.

A ``transaction=True`` test empties every table when it ends, so the next one finds no signal
categories, early-warning rules or administration group. The seed functions are idempotent.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps


def seed_signal_catalogue() -> None:
    """The signal category tree and the standard early-warning rules, as migrated."""
    import_module("veilig.signals.migrations.0002_seed_categories_and_rules").seed(apps, None)


def seed_administration_group() -> None:
    """The group "Functioneel beheer" and its permissions, as migrated."""
    migration = import_module("veilig.accounts.migrations.0005_functional_administration_group")
    migration.create_group(apps, None)

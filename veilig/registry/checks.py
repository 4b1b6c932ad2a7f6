"""``manage.py check --deploy``: the keys for personal data.

The start-up already refuses missing, malformed and shared keys outside DEBUG and demo mode
(``keyformat.validate_keys``); these checks report the same problems wherever the settings were
loaded anyway (DEBUG, demo, a settings module of one's own), and keys that are plainly not random.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from veilig.registry.keyformat import HOW_TO_MAKE, decode_key, looks_random, shared_key_problem

_HINT = f"Set it to {HOW_TO_MAKE}; see docs/security.md."


@register(Tags.security, deploy=True)
def check_personal_data_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    named = [
        ("VEILIG_FIELD_ENCRYPTION_KEY", str(settings.FIELD_ENCRYPTION_KEY), "E001"),
        ("VEILIG_PSEUDONYM_KEY", str(settings.PSEUDONYM_KEY), "E002"),
    ]
    named += [("VEILIG_FIELD_ENCRYPTION_KEYS_OLD", str(old), "") for old in _old_keys()]
    for name, value, missing_id in named:
        if not value:
            problems.append(
                Error(
                    f"{name} is not set: the key is derived from SECRET_KEY.",
                    hint=_HINT,
                    id=f"veilig.{missing_id}",
                )
            )
            continue
        try:
            key = decode_key(name, value)
        except ImproperlyConfigured as exc:
            problems.append(Error(str(exc), hint=_HINT, id="veilig.E003"))
            continue
        if not looks_random(key):
            problems.append(
                Warning(
                    f"{name} does not look like random bytes (text, or few values).",
                    hint=_HINT,
                    id="veilig.W001",
                )
            )
    shared = shared_key_problem(
        field_key=str(settings.FIELD_ENCRYPTION_KEY),
        old_field_keys=_old_keys(),
        pseudonym_key=str(settings.PSEUDONYM_KEY),
        secret_key=str(settings.SECRET_KEY),
    )
    if shared:
        problems.append(Error(shared, hint="Give each key its own random value.", id="veilig.E004"))
    return problems


def _old_keys() -> list[str]:
    return [str(old) for old in settings.FIELD_ENCRYPTION_KEYS_OLD]

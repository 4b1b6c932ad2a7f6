"""Loaded by pytest (``-p``) before pytest-django reads the settings.

Tests run with production-like settings: 2FA required, demo mode off. Only the HTTPS redirect
is off, because the test client speaks plain HTTP.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-for-the-test-suite-only-0123456789abcdef")
os.environ.setdefault("VEILIG_HTTPS", "false")
os.environ.setdefault("VEILIG_DEMO", "false")
# No collectstatic in tests: static files keep their own names (see settings.STATIC_MANIFEST).
os.environ.setdefault("VEILIG_STATIC_MANIFEST", "false")
# Two different keys of the production format (32 random bytes, urlsafe base64), for tests only.
os.environ.setdefault("VEILIG_FIELD_ENCRYPTION_KEY", "CtSZ7gIdSl1cHmkn29_nAIigmSi_8GcEnlOTnq8tK-c=")
os.environ.setdefault("VEILIG_PSEUDONYM_KEY", "SlI5LaHIqXQjCRp0BG-vKtq2u0PmjD5dKOtSKScORRc=")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The site's address in the links of notification e-mails (docs/notifications.md).
os.environ.setdefault("VEILIG_SITE_URL", "https://veilig.test.example")


# The PostgreSQL run of `make test` (scripts/test-databases.sh) sets VEILIG_TESTS_DATABASE_ONLY:
# a test that touches no database has already run on SQLite and would prove nothing new. Nor do
# the browser tests (marker ``browser``): they check what the page shows and does (layout at
# 360 px, axe, scripts, downloads); the server side of every page and endpoint runs on
# PostgreSQL through the Django client tests (the access matrix, the page and API tests). This
# keeps `make test` within its 15 minutes.
_DATABASE_FIXTURES = frozenset({"db", "transactional_db", "django_db_setup", "live_server"})


def _uses_database(item: object) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    closest = getattr(item, "get_closest_marker", lambda name: None)
    if closest("browser") is not None:
        return False
    return closest("django_db") is not None or bool(fixtures & _DATABASE_FIXTURES)


def pytest_collection_modifyitems(config: object, items: list[object]) -> None:
    if os.environ.get("VEILIG_TESTS_DATABASE_ONLY") != "true":
        return
    kept = [item for item in items if _uses_database(item)]
    deselected = [item for item in items if not _uses_database(item)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)  # type: ignore[attr-defined]
        items[:] = kept

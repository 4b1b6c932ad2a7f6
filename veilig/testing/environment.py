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
os.environ.setdefault("VEILIG_FIELD_ENCRYPTION_KEY", "dGVzdC1maWVsZC1rZXktMzItYnl0ZXMtbG9uZy0xMjM=")
os.environ.setdefault("VEILIG_PSEUDONYM_KEY", "test-pseudonym-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

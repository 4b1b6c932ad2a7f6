"""The settings module: strict parsers and a production configuration that passes check --deploy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from veilig.settings import env_bool, env_int, env_list, env_str


def test_env_bool_refuses_garbage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", default=False)
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", default=False) is True


def test_env_int_refuses_garbage_and_too_small(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_NUM", "12a")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("X_NUM", 5, minimum=1)


def test_env_str_reads_secret_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n", encoding="utf-8")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_str("X_SECRET") == "s3cret"
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="X_SECRET_FILE"):
        env_str("X_SECRET")


def test_env_list_splits_and_trims(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_HOSTS", " a.nl, b.nl ,,")
    assert env_list("X_HOSTS", []) == ["a.nl", "b.nl"]


def _manage(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VEILIG_", "DEBUG"))}
    env.pop("SECRET_KEY", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for Playwright
    env.pop("ALLOWED_HOSTS", None)
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "SECRET_KEY": "k" * 20 + "-production-like-secret-for-check-deploy-" + "z" * 20,
    "ALLOWED_HOSTS": "veilig.voorbeeldstad.nl",
    "DATABASE_URL": "postgres://veilig@127.0.0.1:5432/veilig",
    "VEILIG_FIELD_ENCRYPTION_KEY": "lxU5weiLZpMUnp8k7B9be5FjEZCLoJUaCC1IRtZHZCw=",
    "VEILIG_PSEUDONYM_KEY": "jgfv5iwwRscZz2ZwsnwwYUL8Y2tCwlLd3IDnT7ikuCk=",
    "VEILIG_SITE_URL": "https://veilig.voorbeeldstad.nl",
}


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = _manage(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key() -> None:
    result = _manage({"ALLOWED_HOSTS": "x.nl"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_optional_two_factor() -> None:
    result = _manage({**PRODUCTION, "VEILIG_2FA_REQUIRED": "false"}, "check")
    assert result.returncode != 0
    assert "VEILIG_2FA_REQUIRED" in result.stderr


def test_unknown_database_engine_is_refused() -> None:
    result = _manage({**PRODUCTION, "DATABASE_URL": "mysql://root@localhost/x"}, "check")
    assert result.returncode != 0
    assert "SQLite or PostgreSQL" in result.stderr

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import BASE_DIR

PRODUCTION_ENV = {
    "SPINDLE_ENV": "production",
    "SECRET_KEY": "p" * 20 + "-a-long-and-random-enough-production-secret-key-for-tests",
    "ALLOWED_HOSTS": "spindle.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/spindle",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # Start from this process's environment minus what the test suite itself sets.
    dropped = {*PRODUCTION_ENV, "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is required when SPINDLE_ENV=production" in result.stderr


def test_production_refuses_to_start_with_debug_on():
    result = manage("check", env={**PRODUCTION_ENV, "DEBUG": "true"})
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_a_bad_value_fails_at_start_naming_the_variable():
    result = manage("check", env={**PRODUCTION_ENV, "EMAIL_PORT": "twenty-five"})
    assert result.returncode != 0
    assert "EMAIL_PORT must be a whole number" in result.stderr

    result = manage("check", env={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr

    result = manage("check", env={"REVIEW_DESIRED_RETENTION": "90%"})
    assert result.returncode != 0
    assert "REVIEW_DESIRED_RETENTION must be a number" in result.stderr
    result = manage("check", env={"REVIEW_DESIRED_RETENTION": "1.5"})
    assert result.returncode != 0
    assert "REVIEW_DESIRED_RETENTION must be between 0.7 and 0.99" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_the_unconfined_sandbox():
    result = manage("check", env={**PRODUCTION_ENV, "SANDBOX_BACKEND": "unconfined"})
    assert result.returncode != 0
    assert "SANDBOX_BACKEND=unconfined is refused" in result.stderr


def test_production_refuses_the_secret_key_placeholder_from_the_env_example():
    example = (BASE_DIR / ".env.example").read_text().splitlines()
    placeholder = next(line for line in example if line.startswith("SECRET_KEY="))
    result = manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": placeholder.split("=", 1)[1]})
    assert result.returncode != 0
    assert "SECRET_KEY looks like a placeholder or an example, not a secret" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "django-insecure-" + "k3y" * 16,  # what startproject writes for development
        "CHANGEME_" + "0123456789" * 5,
        "ab" * 30,  # long, but hardly a secret
    ],
)
def test_production_refuses_keys_on_the_deny_list(key):
    result = manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "not a secret" in result.stderr


def test_in_production_whitenoise_follows_the_security_middleware():
    script = "from django.conf import settings; print(*settings.MIDDLEWARE[:3])"
    result = manage("shell", "-c", script, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "config.middleware.ClientAddressMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]

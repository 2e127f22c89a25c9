"""Settings read from the environment, failing loudly where a value is missing or wrong."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def run_python(code: str, **env_vars: str) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter whose settings come only from `env_vars`."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_ENV"}}
    env.update(env_vars)
    env["DJANGO_SETTINGS_MODULE"] = "[= cookiecutter.project_slug =].settings"
    env["DJANGO_READ_DOT_ENV_FILE"] = "false"  # keep the developer's own .env out
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_check(**env_vars: str) -> subprocess.CompletedProcess:
    return run_python("import django; django.setup()", **env_vars)


def test_debug_off_without_secret_key_fails_naming_the_variable():
    result = run_check(DJANGO_ENV="production", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_defaults_to_off():
    result = run_check(DJANGO_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_unknown_profile_is_rejected_with_the_allowed_values():
    result = run_check(DJANGO_ENV="staging", SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode != 0
    assert "use one of: development, test, production" in result.stderr


def test_unknown_log_format_is_rejected_with_the_allowed_values():
    result = run_check(DJANGO_ENV="development", DEBUG="true", LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT='xml'; use one of: text, json" in result.stderr


def test_debug_on_runs_without_secret_key():
    result = run_check(DJANGO_ENV="development", DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_production_profile_is_hardened():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_PRELOAD, "
        "s.SECURE_PROXY_SSL_HEADER]))"
    )
    result = run_python(
        code,
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
[% if 'redis' in cookiecutter.examples or cookiecutter.channel_layer == 'redis' %]        REDIS_URL="redis://127.0.0.1:6379/0",
[% endif %]    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        False,
        True,
        True,
        True,
        60,
        False,  # preload lists refuse less than a year
        ["HTTP_X_FORWARDED_PROTO", "https"],
    ]


def test_hsts_reaches_a_year_and_preload_from_the_environment():
    """The documented path to the preload lists (docs/deployment.md, "HTTPS")."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_PRELOAD]))"
    )
    result = run_python(
        code,
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_PRELOAD="true",
[% if 'redis' in cookiecutter.examples or cookiecutter.channel_layer == 'redis' %]        REDIS_URL="redis://127.0.0.1:6379/0",
[% endif %]    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [31536000, True]

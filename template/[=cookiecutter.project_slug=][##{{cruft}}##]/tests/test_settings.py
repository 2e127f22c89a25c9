"""Settings read from the environment, failing loudly where a value is missing or wrong."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
# What production requires for mail (settings.py, "Mail"), for the tests of other settings.
PRODUCTION_MAIL = {"EMAIL_URL": "smtp+tls://127.0.0.1:587", "DEFAULT_FROM_EMAIL": "a@example.com"}


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
        **PRODUCTION_MAIL,
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
        **PRODUCTION_MAIL,
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_PRELOAD="true",
[% if 'redis' in cookiecutter.examples or cookiecutter.channel_layer == 'redis' %]        REDIS_URL="redis://127.0.0.1:6379/0",
[% endif %]    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [31536000, True]


# --- Mail (settings.py, "Mail") ---

MAIL_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({name: getattr(s, name) for name in ['EMAIL_BACKEND', 'EMAIL_HOST', "
    "'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', "
    "'EMAIL_TIMEOUT', 'DEFAULT_FROM_EMAIL', 'SERVER_EMAIL', 'ANYMAIL', 'INSTALLED_APPS']}))"
)
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
[% if 'redis' in cookiecutter.examples or cookiecutter.channel_layer == 'redis' %]    "REDIS_URL": "redis://127.0.0.1:6379/0",
[% endif %]}


def mail_settings(**env_vars: str) -> dict:
    result = run_python(MAIL_SETTINGS, **env_vars)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_without_a_mail_server_refuses_to_start_saying_what_to_set():
    result = run_check(**PRODUCTION, DEFAULT_FROM_EMAIL="a@example.com")
    assert result.returncode != 0
    assert "EMAIL_URL is not set" in result.stderr
    assert "EMAIL_URL=dummymail:// sends none" in result.stderr


def test_production_mail_without_a_sender_refuses_to_start():
    result = run_check(**PRODUCTION, EMAIL_URL="smtp://mail.example.com")
    assert result.returncode != 0
    assert "DEFAULT_FROM_EMAIL is not set" in result.stderr


def test_production_may_choose_to_send_no_mail():
    assert mail_settings(**PRODUCTION, EMAIL_URL="dummymail://")["EMAIL_BACKEND"] == (
        "django.core.mail.backends.dummy.EmailBackend"
    )


def test_email_url_names_the_smtp_server_its_account_and_tls():
    """django-environ's email URL: smtp+tls is STARTTLS, a quoted '@' in the password."""
    found = mail_settings(
        **PRODUCTION,
        EMAIL_URL="smtp+tls://site%40example.com:p%40ss@mail.example.com:587",
        DEFAULT_FROM_EMAIL="Example <noreply@example.com>",
    )
    assert found == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.com",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "site@example.com",
        "EMAIL_HOST_PASSWORD": "p@ss",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 10,  # never Django's default of waiting for ever
        "DEFAULT_FROM_EMAIL": "Example <noreply@example.com>",
        "SERVER_EMAIL": "Example <noreply@example.com>",  # error reports: the same sender
        "ANYMAIL": {},
        "INSTALLED_APPS": found["INSTALLED_APPS"],
    }
    assert "anymail" not in found["INSTALLED_APPS"]


def test_smtp_over_ssl_defaults_to_port_465():
    found = mail_settings(DJANGO_ENV="test", DEBUG="true", EMAIL_URL="smtp+ssl://mail.example.com")
    assert found["EMAIL_PORT"] == 465
    assert (found["EMAIL_USE_SSL"], found["EMAIL_USE_TLS"]) == (True, False)


def test_without_email_url_development_prints_mail_and_tests_keep_it_in_memory():
    development = mail_settings(DJANGO_ENV="development", DEBUG="true")
    assert development["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    test = mail_settings(DJANGO_ENV="test", DEBUG="true")
    assert test["EMAIL_BACKEND"] == "django.core.mail.backends.locmem.EmailBackend"


def test_a_provider_api_backend_needs_django_anymail_installed():
    result = run_check(
        **PRODUCTION,
        EMAIL_BACKEND="anymail.backends.mailgun.EmailBackend",
        DEFAULT_FROM_EMAIL="a@example.com",
    )
    assert result.returncode != 0
    assert 'uv add "django-anymail[<provider>]"' in result.stderr


def test_a_provider_api_backend_and_its_keys_come_from_the_environment(tmp_path):
    """The opt-in of docs/deployment.md ("Mail"). A folder named `anymail` on the path
    stands for the installed package: this tests the settings, not the provider."""
    (tmp_path / "anymail").mkdir()
    (tmp_path / "anymail" / "__init__.py").write_text("")
    keys = {"MAILGUN_API_KEY": "key-123", "MAILGUN_SENDER_DOMAIN": "mg.example.com"}
    found = mail_settings(
        **PRODUCTION,
        PYTHONPATH=str(tmp_path),
        EMAIL_BACKEND="anymail.backends.mailgun.EmailBackend",
        ANYMAIL=json.dumps(keys),
        DEFAULT_FROM_EMAIL="noreply@mg.example.com",
    )
    assert found["EMAIL_BACKEND"] == "anymail.backends.mailgun.EmailBackend"
    assert found["ANYMAIL"] == keys
    assert "anymail" in found["INSTALLED_APPS"]


def test_an_empty_email_url_is_unset():
    """`EMAIL_URL=` in .env: development still prints mail (no start-up error)."""
    found = mail_settings(DJANGO_ENV="development", DEBUG="true", EMAIL_URL="", SERVER_EMAIL="")
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert found["SERVER_EMAIL"] == found["DEFAULT_FROM_EMAIL"] == "webmaster@localhost"


def test_an_admin_url_that_is_not_a_relative_path_ending_in_a_slash_is_refused():
    for wrong in ("/admin/", "admin", ""):
        result = run_check(DJANGO_ENV="development", DEBUG="true", ADMIN_URL=wrong)
        assert result.returncode != 0, wrong
        assert f"ADMIN_URL={wrong!r}; give a path without the leading slash" in result.stderr
    assert run_check(DJANGO_ENV="development", DEBUG="true", ADMIN_URL="staff/").returncode == 0

"""Sign-in: every LiveView states its login policy; the pages that change data require it."""

import secrets
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from djust import LiveView

from [= cookiecutter.project_slug =].management.commands import dev
from tests.accounts import (
    REFUSED_MESSAGE,
    SIGN_IN_URL,
    authenticates,
    create_account,
    sign_in_fields,
)
from tests.routes import dotted, live_pages

pytestmark = pytest.mark.django_db(transaction=True)

# The apps whose pages change shared data (the examples: upload/delete objects, change
# scores); add yours, so a page that changes data cannot be left open by mistake.
DATA_CHANGING_APPS = {"storage", "leaderboard"}
PASSWORD = secrets.token_urlsafe(16)
ADA = "ada@example.com"
# Account URLs whose GET answers otherwise, and why.
[% if cookiecutter.accounts == 'allauth' %]ACCOUNT_URL_ANSWERS = {
    # (Pages that send a signed-in visitor on, as sign-up does, answer 200 where it lands.)
    "/accounts/logout/": {200},  # a page with the sign-out button; only its POST signs out
    "/accounts/2fa/totp/deactivate/": {404},  # there is no authenticator app to remove
    "/accounts/2fa/recovery-codes/": {404},  # none before a first factor
    "/accounts/2fa/recovery-codes/download/": {404},
}
[% else %]ACCOUNT_URL_ANSWERS = {"/accounts/logout/": {405}}  # LogoutView: POST only
[% endif %]

def app_label(view: type[LiveView]) -> str:
    return apps.get_containing_app_config(view.__module__).label


PROTECTED = [(url, view) for url, view in live_pages() if view.login_required]


def test_every_live_view_states_its_login_policy():
    pages = live_pages()
    assert pages, "no LiveView routes found"
    for url, view in pages:
        assert isinstance(view.login_required, bool), f"{url}: set login_required to True or False"


def test_exactly_the_data_changing_examples_require_login():
    installed = {app.label for app in apps.get_app_configs()}
    assert {app_label(view) for _, view in PROTECTED} == DATA_CHANGING_APPS & installed


@pytest.mark.parametrize(("url", "view"), PROTECTED)
def test_an_anonymous_visitor_is_sent_to_sign_in_and_back(client, url, view):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN_URL}?{urlencode({'next': url})}"

    create_account(ADA, PASSWORD)
    signed_in = client.post(SIGN_IN_URL, sign_in_fields(ADA, PASSWORD, next=url))
    assert signed_in["Location"] == url
    page = client.get(url)
    assert page.status_code == 200
    assert f'dj-view="{dotted(view)}"' in page.text
    assert "Sign out" in page.text


@pytest.mark.parametrize(("url", "view"), PROTECTED)
async def test_an_anonymous_websocket_cannot_mount_a_page_that_requires_login(live, url, view):
    _, reply = await live(dotted(view), url)
    assert reply["type"] == "navigate", reply
    assert reply["to"].startswith(SIGN_IN_URL)
    assert "html" not in reply


def test_a_wrong_password_shows_a_message_and_signs_nobody_in(client):
    create_account(ADA, PASSWORD)
    response = client.post(SIGN_IN_URL, sign_in_fields(ADA, "guess"))
    assert response.status_code == 200
    assert REFUSED_MESSAGE in response.text
    assert "_auth_user_id" not in client.session


def test_the_dev_password_is_made_once_and_kept_in_dot_env(settings, tmp_path, monkeypatch):
    settings.BASE_DIR = tmp_path
    (tmp_path / ".env").write_text("SECRET_KEY=kept\n")
    monkeypatch.delenv("DEV_PASSWORD", raising=False)
    monkeypatch.delenv("DJANGO_READ_DOT_ENV_FILE", raising=False)
    password = dev.dev_password()
    assert (tmp_path / ".env").read_text().endswith(f"DEV_PASSWORD={password}\n")
    assert dev.dev_password() == password  # the next start reads it back
    assert (tmp_path / ".env").read_text().count("DEV_PASSWORD=") == 1


def test_restarting_keeps_the_dev_account_and_its_sessions(client):
    kept, changed = "kept-password", "changed-in-dot-env"
    dev.ensure_dev_account(kept)
    user = authenticates(dev.DEV_ACCOUNT, kept)
    assert user is not None and not user.is_staff and not user.is_superuser
    client.force_login(user)
    dev.ensure_dev_account(kept)  # the next `make dev`
    assert client.get(SIGN_IN_URL).wsgi_request.user.is_authenticated
    dev.ensure_dev_account(changed)
    assert authenticates(dev.DEV_ACCOUNT, changed) is not None


def test_the_sign_in_page_names_the_dev_account_only_under_manage_py_dev(client, settings):
    assert "Development server" not in client.get(SIGN_IN_URL).text
    settings.DEV_ACCOUNT = dev.DEV_ACCOUNT
    assert f"sign in as <code>{dev.DEV_ACCOUNT}</code>" in client.get(SIGN_IN_URL).text


def test_manage_py_dev_refuses_to_start_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command("dev")


def account_urls() -> list[str]:
    """Every URL mounted under accounts/ (from the project's URLconf, included ones too), but
    those with a key or token in them (tested with real links elsewhere)."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix: str):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            else:
                yield prefix + str(entry.pattern)

    for pattern in get_resolver().url_patterns:
        if str(pattern.pattern) == "accounts/":
            return [f"/{url}" for url in walk(pattern.url_patterns, "accounts/") if "<" not in url]
    return []


def test_every_mounted_account_url_has_a_working_page(client):
    """Signed in, each answers with the site's page (not a template error, not Django's or
    the library's bare markup); sign-out is a POST form on every page."""
    client.force_login(create_account(ADA, PASSWORD))
    urls = account_urls()
    assert SIGN_IN_URL in urls and len(urls) > 3, urls
    answers = {url: client.get(url, follow=True) for url in urls}
    unexpected = {
        url: response.status_code
        for url, response in answers.items()
        if response.status_code not in ACCOUNT_URL_ANSWERS.get(url, {200})
    }
    assert unexpected == {}
    shown = {url: got.text for url, got in answers.items() if got.status_code == 200}
    assert [url for url, text in shown.items() if "topbar" not in text] == [], "bare pages"

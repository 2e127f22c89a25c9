"""Sign-in: every LiveView states its login policy; the pages that change data require it."""

import re
import secrets
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory
from djust import LiveView

from [= cookiecutter.project_slug =].management.commands import dev
from tests.routes import dotted, live_pages

pytestmark = pytest.mark.django_db(transaction=True)

# The apps whose pages change shared data (the examples: upload/delete objects, change
# scores); add yours, so a page that changes data cannot be left open by mistake.
DATA_CHANGING_APPS = {"storage", "leaderboard"}
PASSWORD = secrets.token_urlsafe(16)


def signs_in(username: str, password: str):
    """The user these credentials sign in as the sign-in form checks them (axes needs a request)."""
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password)


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
def test_an_anonymous_visitor_is_sent_to_sign_in_and_back(client, django_user_model, url, view):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?{urlencode({'next': url})}"

    django_user_model.objects.create_user("ada", password=PASSWORD)
    signed_in = client.post(
        "/accounts/login/", {"username": "ada", "password": PASSWORD, "next": url}
    )
    assert signed_in["Location"] == url
    page = client.get(url)
    assert page.status_code == 200
    assert f'dj-view="{dotted(view)}"' in page.text
    assert "Sign out" in page.text


@pytest.mark.parametrize(("url", "view"), PROTECTED)
async def test_an_anonymous_websocket_cannot_mount_a_page_that_requires_login(live, url, view):
    _, reply = await live(dotted(view), url)
    assert reply["type"] == "navigate", reply
    assert reply["to"].startswith("/accounts/login/")
    assert "html" not in reply


def test_a_wrong_password_shows_a_message_and_signs_nobody_in(client, django_user_model):
    django_user_model.objects.create_user("ada", password=PASSWORD)
    response = client.post("/accounts/login/", {"username": "ada", "password": "guess"})
    assert response.status_code == 200
    assert "enter a correct username and password" in response.text
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
    user = signs_in(dev.DEV_ACCOUNT, kept)
    assert user is not None and not user.is_staff and not user.is_superuser
    client.force_login(user)
    dev.ensure_dev_account(kept)  # the next `make dev`
    assert client.get("/accounts/login/").wsgi_request.user.is_authenticated
    dev.ensure_dev_account(changed)
    assert signs_in(dev.DEV_ACCOUNT, changed) is not None


def test_the_sign_in_page_names_the_dev_account_only_under_manage_py_dev(client, settings):
    assert "Development server" not in client.get("/accounts/login/").text
    settings.DEV_ACCOUNT = dev.DEV_ACCOUNT
    assert f"sign in as <code>{dev.DEV_ACCOUNT}</code>" in client.get("/accounts/login/").text


def test_manage_py_dev_refuses_to_start_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command("dev")


def account_urls() -> list[str]:
    """Every URL mounted under accounts/ (names from the project's URLconf), but the one
    with a password reset link's parts in it (tested with a real link below)."""
    from django.urls import get_resolver

    found = []
    for pattern in get_resolver().url_patterns:
        if str(pattern.pattern) == "accounts/":
            found = [f"/accounts/{entry.pattern}" for entry in pattern.url_patterns]
    return [url for url in found if "<" not in url]


def test_every_mounted_account_url_has_a_working_page(client, django_user_model):
    """Signed in, each answers with its page; sign-out is a POST form on every page."""
    client.force_login(django_user_model.objects.create_user("ada", password=PASSWORD))
    urls = account_urls()
    assert "/accounts/login/" in urls and "/accounts/password_change/" in urls
    for url in urls:
        response = client.get(url)
        expected = 405 if url == "/accounts/logout/" else 200  # LogoutView: POST only
        assert response.status_code == expected, url


def reset_link(mailbox, address: str) -> str:
    """The link in the password reset mail that reached `address` (a real SMTP server)."""
    message = mailbox.wait_for(to=address, timeout=10)
    # strip(): a non-ASCII subject is folded onto its own line, read back after a space.
    assert message["Subject"].strip() == f"Reset your password on {settings.SITE_NAME}"
    body = message.get_content()
    return re.search(r"http://testserver(/accounts/reset/\S+/)", body).group(1)


def test_a_password_reset_mails_a_link_that_sets_a_new_password_once(client, mailbox):
    get_user_model().objects.create_user("ada", "ada@example.com", PASSWORD)
    asked = client.post("/accounts/password_reset/", {"email": "ada@example.com"})
    assert asked.status_code == 302 and asked.url == "/accounts/password_reset/done/"
    link = reset_link(mailbox, "ada@example.com")

    # Django trades the token for a session value and redirects (PasswordResetConfirmView).
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.text and "new_password1" in form.text
    new = secrets.token_urlsafe(16)
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done.url == "/accounts/reset/done/"
    assert "Password set" in client.get(done.url).text
    assert signs_in("ada", new) is not None
    assert "used already or is too old" in client.get(link, follow=True).text


def test_a_password_reset_for_an_unknown_address_says_the_same_and_mails_nothing(client, mailbox):
    asked = client.post("/accounts/password_reset/", {"email": "nobody@example.com"})
    assert asked.url == "/accounts/password_reset/done/"
    assert "If an account has that address" in client.get(asked.url).text
    assert mailbox.messages() == []


def test_a_changed_password_is_checked_and_this_session_kept(client, django_user_model):
    user = django_user_model.objects.create_user("ada", password=PASSWORD)
    client.force_login(user)
    new = secrets.token_urlsafe(16)
    mismatch = {"old_password": PASSWORD, "new_password1": new, "new_password2": new + "x"}
    refused = client.post("/accounts/password_change/", mismatch)
    assert refused.status_code == 200 and "two password fields" in refused.text
    assert 'id="id_new_password2_error"' in refused.text  # what aria-describedby names
    changed = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert changed.status_code == 302 and changed.url == "/accounts/password_change/done/"
    assert client.get("/accounts/password_change/done/").wsgi_request.user.is_authenticated
    assert signs_in("ada", new) is not None

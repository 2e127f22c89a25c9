"""Django's admin over real HTTP to uvicorn: staff only, at the path ADMIN_URL names.

The admin's sign-in accepts staff accounts only and says so to anyone else
(https://docs.djangoproject.com/en/5.2/ref/contrib/admin/#overview); django-axes counts
its wrong passwords as the site's ("failed login attempts, both for the Django admin and
for the rest of your site", https://django-axes.readthedocs.io/).
"""

from __future__ import annotations

import re
import secrets

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.production import PUBLIC_HOST, ProductionSite
from tests.servers import Answer, Browser, manage, serving

PASSWORD = secrets.token_urlsafe(16)
FAILURE_LIMIT = 3
LOCKED_OUT = "Too many wrong passwords for this account from your network."
NOT_STAFF = "Please enter the correct username and password for a staff account."
USER = get_user_model()
# The users list, below the admin's own path (its app label is the user model's).
USERS_LIST = reverse(f"admin:{USER._meta.app_label}_{USER._meta.model_name}_changelist")
USERS_LIST = USERS_LIST.removeprefix("/admin/")


def add_accounts(env: dict[str, str]) -> None:
    """A superuser as a person makes one in a release step, and a member who is not staff."""
    superuser = {
        "DJANGO_SUPERUSER_USERNAME": "root",
        "DJANGO_SUPERUSER_EMAIL": "root@example.com",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    manage({**env, **superuser}, "createsuperuser", "--no-input")
    add_member = (
        "from django.contrib.auth import get_user_model; "
        f"get_user_model().objects.create_user('ada', password={PASSWORD!r})"
    )
    manage(env, "shell", "--no-imports", "--command", add_member)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site with the default ADMIN_URL, admin/."""
    limit = {"SIGN_IN_FAILURE_LIMIT": str(FAILURE_LIMIT)}
    with serving(tmp_path_factory.mktemp("admin"), **limit) as server:
        add_accounts(server.env)
        yield server


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory):
    """The site with the admin at another path, as production should have it."""
    with serving(tmp_path_factory.mktemp("moved-admin"), ADMIN_URL="staff-7f3k/") as server:
        add_accounts(server.env)
        yield server


def admin_sign_in(browser: Browser, admin: str, username: str, password: str) -> Answer:
    """Open the admin's sign-in page and submit its form, as a person does."""
    form = browser.open(f"{admin}login/?next={admin}").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    fields = {"username": username, "password": password, "next": admin}
    return browser.open(f"{admin}login/?next={admin}", fields | {"csrfmiddlewaretoken": token})


def test_a_visitor_is_sent_to_the_admins_sign_in(site):
    answer = Browser(site.origin).open("/admin/")
    assert answer.status == 302
    assert answer.headers["Location"] == "/admin/login/?next=/admin/"


def test_a_superuser_signs_in_and_opens_the_users_list(site):
    browser = Browser(site.origin)
    signed_in = admin_sign_in(browser, "/admin/", "root", PASSWORD)
    assert signed_in.status == 302, signed_in.text
    assert signed_in.headers["Location"] == "/admin/"
    assert "Site administration" in browser.open("/admin/").text
    users = browser.open(f"/admin/{USERS_LIST}")
    assert users.status == 200
    assert "Select user to change" in users.text
    assert 'name="action"' in users.text  # Django's engine rendered it (template_engines.py)
    assert ">root</a>" in users.text and ">ada</a>" in users.text


def test_a_member_who_is_not_staff_is_refused_with_djangos_message(site):
    browser = Browser(site.origin)
    refused = admin_sign_in(browser, "/admin/", "ada", PASSWORD)
    assert refused.status == 200
    assert NOT_STAFF in refused.text
    assert browser.open("/admin/").status == 302  # still sent to sign in


def test_wrong_passwords_at_the_admin_lock_the_account_out(site):
    browser = Browser(site.origin)
    for _ in range(FAILURE_LIMIT - 1):
        assert admin_sign_in(browser, "/admin/", "nobody", "guess").status == 200
    assert admin_sign_in(browser, "/admin/", "nobody", "guess").status == 429
    refused = admin_sign_in(browser, "/admin/", "nobody", "guess")
    assert refused.status == 429
    assert LOCKED_OUT in refused.text
    assert refused.headers["Retry-After"]


def test_the_admin_answers_at_adminurl_and_not_at_admin(moved_site):
    browser = Browser(moved_site.origin)
    assert browser.open("/admin/").status == 404
    assert browser.open("/admin/login/").status == 404
    signed_in = admin_sign_in(browser, "/staff-7f3k/", "root", PASSWORD)
    assert signed_in.status == 302, signed_in.text
    assert signed_in.headers["Location"] == "/staff-7f3k/"
    assert browser.open(f"/staff-7f3k/{USERS_LIST}").status == 200
    assert browser.open("/admin/").status == 404  # signed in changes nothing


def test_production_serves_the_admins_static_files_with_its_policy(tmp_path_factory, standins):
    """Hashed by collectstatic and served by whitenoise, like the site's own."""
    site = ProductionSite(tmp_path_factory.mktemp("admin-production"), standins.environment)
    site.start()
    try:
        behind_the_proxy = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"}
        page = site.get("/admin/login/", headers=behind_the_proxy)
        assert page.status == 200, site.server.output()
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]
        stylesheet = re.search(r'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', page.text)
        assert stylesheet, page.text[:2000]
        css = site.get(stylesheet.group(1), headers=behind_the_proxy)
        assert css.status == 200
        assert css.headers["Content-Type"].startswith("text/css")
    finally:
        site.stop()

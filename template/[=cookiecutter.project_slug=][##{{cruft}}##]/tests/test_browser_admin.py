"""Django's admin in chromium: a superuser made with `createsuperuser` signs in and opens
the users list, at desktop and phone widths, within the site's Content-Security-Policy."""

from __future__ import annotations

import secrets

import pytest

from tests.browser import DESKTOP, PHONE
from tests.servers import manage

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_a_superuser_signs_in_to_the_admin_and_opens_the_users_list(new_page, dev_server, viewport):
    from playwright.sync_api import expect

    name, password = f"chief-{viewport['width']}", secrets.token_urlsafe(12)
    superuser = {
        "DJANGO_SUPERUSER_USERNAME": name,
        "DJANGO_SUPERUSER_EMAIL": f"{name}@example.com",
        "DJANGO_SUPERUSER_PASSWORD": password,
    }
    manage({**dev_server.environment, **superuser}, "createsuperuser", "--no-input")
    page = new_page("/admin/", viewport=viewport)
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    page.get_by_role("link", name="Users", exact=True).first.click()
    expect(page.get_by_role("heading", name="Select user to change")).to_be_visible()
    expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    assert page.failed_requests == []

"""The account pages in chromium, as a person uses them: sign in, sign out, change the
password, and reset a forgotten one through the link the site mails (to the test mailbox)."""

from __future__ import annotations

import re
import secrets

import pytest

from tests.browser import DESKTOP, PHONE
from tests.servers import manage

pytestmark = pytest.mark.browser


def add_account(dev_server, name: str, password: str) -> None:
    """An account with an e-mail address in the development server's database."""
    command = (
        "from django.contrib.auth import get_user_model; get_user_model().objects.create_user("
        f"{name!r}, {name + '@example.com'!r}, {password!r})"
    )
    manage(dev_server.environment, "shell", "--no-imports", "--command", command)


def sign_in(page, name: str, password: str) -> None:
    from playwright.sync_api import expect

    page.goto(page.site + "/accounts/login/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.locator(".account")).to_contain_text(name)


def sign_out(page) -> None:
    from playwright.sync_api import expect

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def choose_password(page, password: str) -> None:
    """Fill Django's two new-password fields (change and reset forms share them)."""
    page.get_by_label("New password", exact=True).fill(password)
    page.get_by_label("New password confirmation").fill(password)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_sign_in_out_change_the_password_and_reset_it_by_mail(
    new_page, dev_server, standins, viewport
):
    from playwright.sync_api import expect

    name, first = f"walker-{viewport['width']}", secrets.token_urlsafe(12)
    add_account(dev_server, name, first)
    page = new_page("/accounts/login/", viewport=viewport)
    sign_in(page, name, first)
    sign_out(page)

    sign_in(page, name, first)
    page.locator(".account").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name="Change your password")).to_be_visible()
    second = secrets.token_urlsafe(12)
    page.get_by_label("Old password").fill(first)
    choose_password(page, second)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", name="Password changed")).to_be_visible()
    sign_out(page)
    sign_in(page, name, second)
    sign_out(page)

    page.goto(page.site + "/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill(f"{name}@example.com")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    mail = standins.mailbox.wait_for(to=f"{name}@example.com", subject="Reset your password")
    link = re.search(r"http://\S+/accounts/reset/\S+/", mail.get_content()).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    third = secrets.token_urlsafe(12)
    choose_password(page, third)
    page.get_by_role("button", name="Set the password").click()
    expect(page.get_by_role("heading", name="Password set")).to_be_visible()
    page.get_by_role("link", name="Sign in", exact=True).last.click()
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(second)  # the old one no longer works
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    sign_in(page, name, third)
    assert page.failed_requests == []

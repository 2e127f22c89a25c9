"""The development mailbox's page in chromium, as a developer reads a sign-up mail: the
list, the message, and the link in it that leads back to the site."""

from __future__ import annotations

import pytest
from django.core.mail import get_connection, send_mail

from tests.browser import CONTRAST_FAILURES_JS, DESKTOP, PHONE, SIDEWAYS_OVERFLOW_JS
from tests.mailbox import dev_mailbox

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_link_in_a_message_is_opened_from_the_mailbox_page(
    browser, live_site, tmp_path, viewport, scheme
):
    from playwright.sync_api import expect

    link = f"{live_site}/?from=mail"
    subject = "Confirm your address <b>now</b>"
    body = f"Welcome! Open {link} to confirm a very-long-address@a-rather-long-domain.example.com."
    with dev_mailbox(tmp_path) as (catcher, mailbox_page):
        connection = get_connection(
            "django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=catcher.port
        )
        send_mail(subject, body, "site@example.com", ["ada@example.com"], connection=connection)
        catcher.wait_for(to="ada@example.com")
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        try:
            page = context.new_page()
            page.goto(mailbox_page.url)
            for where in ("the list", "the message"):
                overflow = page.evaluate(SIDEWAYS_OVERFLOW_JS)
                assert overflow["scrollWidth"] <= overflow["innerWidth"], (where, overflow)
                assert page.evaluate(CONTRAST_FAILURES_JS) == [], where
                if where == "the list":
                    page.get_by_role("link", name=subject).click()  # the <b> shown as text
            expect(page.get_by_role("heading", name=subject)).to_be_visible()
            page.get_by_role("link", name=link).click()
            page.wait_for_url(link)
            assert page.url == link
        finally:
            context.close()

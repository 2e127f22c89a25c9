"""The language switcher in a real browser: a visitor picks German and the site, live
updates included, speaks German; at desktop width and on a phone, light and dark."""

import pytest

from tests.browser import PHONE, VIEW_MOUNTED_JS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("viewport", "color_scheme"),
    [(None, "light"), (PHONE, "dark")],
    ids=["desktop", "phone-dark"],
)
def test_the_switcher_turns_the_site_german(new_page, viewport, color_scheme):
    from playwright.sync_api import expect

    page = new_page("/", viewport=viewport, color_scheme=color_scheme)
    page.get_by_label("Language").select_option(label="Deutsch")
    page.get_by_role("button", name="Switch").click()

    expect(page.get_by_role("heading", name="Live-Zähler")).to_be_visible()
    expect(page.get_by_role("link", name="Startseite")).to_be_visible()
    expect(page.get_by_label("Sprache")).to_have_value("de")
    # A live re-render over the websocket stays German.
    page.wait_for_function(VIEW_MOUNTED_JS)  # the switch reloaded the page
    page.get_by_role("button", name="1 addieren").click()
    expect(page.locator("#count")).to_have_text("1")
    page.get_by_label("Schritt (1").fill("500")
    page.get_by_role("button", name="Schritt setzen").click()
    expect(page.get_by_role("alert")).to_contain_text("ganze Zahl von 1 bis 100")
    # The switcher fits the phone's width: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

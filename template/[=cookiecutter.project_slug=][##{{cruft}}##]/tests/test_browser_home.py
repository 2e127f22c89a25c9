"""The home page in a real browser: an event round trip over the websocket, no reload."""

import pytest

pytestmark = pytest.mark.browser


def test_increment_updates_the_count_without_a_reload(live_site, new_page):
    from playwright.sync_api import expect

    page = new_page(live_site + "/")
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("button", name="Add 1").click()
    expect(page.locator("#count")).to_have_text("1")
    page.get_by_label("Step").fill("5")
    page.get_by_role("button", name="Set step").click()
    expect(page.get_by_role("button", name="Add 5")).to_be_visible()
    page.get_by_role("button", name="Add 5").click()
    expect(page.locator("#count")).to_have_text("6")
    assert page.evaluate("window.stillTheSamePage") is True

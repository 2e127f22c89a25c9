"""Weather search in a real browser, against the local Open-Meteo stand-in."""

import pytest

pytestmark = pytest.mark.browser


def test_search_and_forecast_update_the_page_without_a_reload(new_page):
    from playwright.sync_api import expect

    page = new_page("/weather/")
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Place").fill("Ber")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("Berlin, Land Berlin, Germany")).to_be_visible()
    page.get_by_role("button", name="Forecast").first.click()
    expect(page.get_by_role("heading", name="Now in Berlin")).to_be_visible()
    assert page.evaluate("window.stillTheSamePage") is True

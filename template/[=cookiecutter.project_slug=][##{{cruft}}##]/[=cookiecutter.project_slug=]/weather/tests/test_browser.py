"""Weather search in a real browser, against the local Open-Meteo stand-in."""

import pytest

from tests.browser import CONTRAST_FAILURES_JS, PHONE

pytestmark = pytest.mark.browser

# This page's elements that reach past the right edge of the window (the page-wide check,
# nav included, is the lead's tests/test_browser_pages.py).
OVERFLOWING_JS = """
() => [...document.querySelectorAll('[dj-root] *')]
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map((e) => e.tagName + '.' + e.className)
"""


def search(page, query: str) -> None:
    page.get_by_label("Place", exact=True).fill(query)
    page.get_by_role("button", name="Search").click()


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


@pytest.mark.parametrize("websocket", [True, False], ids=["websocket", "http-fallback"])
def test_search_then_choose_a_place_and_see_its_forecast(new_page, websocket):
    from playwright.sync_api import expect

    page = new_page("/weather/", websocket=websocket)
    search(page, "Sao Paulo")
    expect(page.get_by_text("São Paulo, São Paulo, Brazil")).to_be_visible()
    page.get_by_role("button", name="Forecast").first.click()
    expect(page.get_by_role("heading", name="Now in São Paulo")).to_be_visible()
    expect(page.get_by_text("local time in America/Sao_Paulo")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(5)
    search(page, "Reykjavik")  # a second search replaces the first one's places and forecast
    expect(page.get_by_text("Reykjavík, Capital Region, Iceland")).to_be_visible()
    expect(page.get_by_role("heading", name="Now in São Paulo")).to_have_count(0)
    assert page.failed_requests == []


def test_a_search_that_fails_validation_clears_no_place_matches(new_page):
    from playwright.sync_api import expect

    page = new_page("/weather/")
    search(page, "Atlantis")
    expect(page.get_by_text("No place matches “Atlantis”.")).to_be_visible()
    search(page, "x")
    expect(page.get_by_role("alert")).to_have_text("Type a place name of 2 to 80 characters.")
    expect(page.get_by_text("No place matches")).to_have_count(0)


@pytest.mark.parametrize(
    ("outage", "place", "message"),
    # Each outage searches its own place: the site keeps answers it had (the cache).
    [("error", "Cairo", "answered 503"), ("stopped", "Sydney", "is unreachable")],
)
def test_an_outage_shows_only_the_error_and_the_next_search_works(
    new_page, standins, outage, place, message
):
    from playwright.sync_api import expect

    page = new_page("/weather/")
    search(page, "Tokyo")
    expect(page.get_by_text("Tokyo, Tokyo, Japan")).to_be_visible()
    try:
        if outage == "error":
            standins.weather.fault = "error"
        else:
            standins.weather.stop()
        search(page, place)
        expect(page.get_by_role("alert")).to_contain_text(message)
        expect(page.get_by_text("Tokyo, Tokyo, Japan")).to_have_count(0)
        expect(page.locator(".empty-note")).to_have_count(0)  # no "No place matches" beside it
    finally:
        if outage == "error":
            standins.weather.reset()
        else:
            standins.weather.start()
    search(page, place)
    expect(page.get_by_text(f"{place}, ")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)


def test_the_places_and_the_forecast_fit_a_phone_and_read_well_in_the_dark(new_page):
    from playwright.sync_api import expect

    page = new_page("/weather/", viewport=PHONE, color_scheme="dark")
    search(page, "Paris")
    expect(page.get_by_text("Paris, Île-de-France, France")).to_be_visible()
    page.get_by_role("button", name="Forecast").first.click()
    expect(page.get_by_role("heading", name="Now in Paris")).to_be_visible()
    assert page.evaluate(OVERFLOWING_JS) == []
    assert page.evaluate(CONTRAST_FAILURES_JS) == []  # the places and the forecast too
    # The longest texts a place and a forecast can hold: a real place name of 58 letters,
    # the longest time zone name, the longest words of conditions.py and the widest
    # figures, in every row (each cell keeps the unit it was rendered with).
    page.evaluate(
        """() => {
          document.querySelector('[dj-root] li span').textContent =
            'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch, Wales, United Kingdom';
          const observed = document.getElementById('observed-at')?.parentElement;
          if (observed) observed.textContent =
            'Observed Wed 30 Sep, 23:45 GMT-3, local time in America/Argentina/ComodRivadavia';
          document.querySelectorAll('table tbody tr').forEach((row) => {
            row.cells[0].textContent = 'Wed 30 Sep';
            row.cells[1].textContent = 'Thunderstorm with heavy hail';
            for (const cell of [...row.cells].slice(2))
              cell.textContent = cell.textContent.replace(/[-\\d.]+/, '-12.3');
          });
        }"""
    )
    assert page.evaluate(OVERFLOWING_JS) == []

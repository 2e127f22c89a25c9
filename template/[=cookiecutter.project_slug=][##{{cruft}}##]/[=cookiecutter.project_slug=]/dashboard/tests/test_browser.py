"""The dashboard in a real browser: metrics load and refresh, over the websocket and without one."""

import pytest

from tests.browser import VIEW_MOUNTED_JS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("websocket", [True, False], ids=["websocket", "websocket-blocked"])
def test_metrics_load_and_refresh_without_a_reload(new_page, websocket):
    from playwright.sync_api import expect

    page = new_page("/dashboard/", websocket=websocket)
    expect(page.get_by_text("Uptime")).to_be_visible()  # loaded after the page, on its own
    expect(page.locator("#refresh-count")).to_have_text("refreshes: 1")
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("button", name="Refresh").click()
    expect(page.locator("#refresh-count")).to_have_text("refreshes: 2")
    assert page.evaluate("window.stillTheSamePage") is True


@pytest.fixture
def restartable_site(tmp_path, standins):
    """A `manage.py dev` of this test's own, so restarting it disturbs no other test."""
    from conftest import DevServer

    server = DevServer(tmp_path, standins.environment).start()
    yield server
    server.stop()


def test_after_a_server_restart_the_page_shows_fresh_data_by_itself(browser, restartable_site):
    """The websocket reconnects, djust mounts the view again, and load() runs again."""
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(restartable_site.url + "/dashboard/")
    process_id = page.locator("dt", has_text="Process id").locator("+ dd")
    expect(process_id).not_to_have_text("")
    before = process_id.inner_text()
    restartable_site.stop()
    expect(page.get_by_role("status")).to_contain_text("Reconnecting")
    restartable_site.start()
    expect(process_id).not_to_have_text(before, timeout=60_000)  # djust backs off, up to 30 s
    expect(page.get_by_role("status")).to_be_hidden()
    page.close()


def test_after_an_outage_longer_than_djusts_retries_the_page_still_recovers(
    browser, restartable_site
):
    """djust stops reconnecting after its attempts run out; connection.js starts again."""
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(restartable_site.url + "/dashboard/")
    page.wait_for_function(VIEW_MOUNTED_JS)
    process_id = page.locator("dt", has_text="Process id").locator("+ dd")
    before = process_id.inner_text()
    page.evaluate("window.djust.liveViewInstance.maxReconnectAttempts = 1")  # a long outage
    restartable_site.stop()
    page.wait_for_function("() => window.djust.liveViewInstance.enabled === false")  # gave up
    restartable_site.start()
    expect(process_id).not_to_have_text(before, timeout=60_000)
    page.wait_for_function(VIEW_MOUNTED_JS)
    page.close()

"""The dashboard in a real browser: metrics load and refresh, over the websocket and without one."""

import pytest

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

"""The home page in a real browser: the counter, over the websocket and without one."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("websocket", [True, False], ids=["websocket", "websocket-blocked"])
def test_the_counter_counts_each_click_once_without_a_reload(new_page, websocket):
    from playwright.sync_api import expect

    page = new_page("/", websocket=websocket)
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("button", name="Add 1").click()
    expect(page.locator("#count")).to_have_text("1")
    page.get_by_label("Step").fill("5")
    page.get_by_role("button", name="Set step").click()
    expect(page.get_by_role("button", name="Add 5")).to_be_visible()
    page.get_by_role("button", name="Add 5").click()
    expect(page.locator("#count")).to_have_text("6")
    page.get_by_label("Step").fill("500")
    page.get_by_role("button", name="Set step").click()
    expect(page.get_by_role("alert")).to_contain_text("from 1 to 100")
    page.get_by_role("button", name="Add 5").click()  # a bad value changed nothing
    expect(page.locator("#count")).to_have_text("11")
    assert page.evaluate("window.stillTheSamePage") is True

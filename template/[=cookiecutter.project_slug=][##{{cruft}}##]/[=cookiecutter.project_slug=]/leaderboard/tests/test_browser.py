"""Two browser windows on the leaderboard: one's change appears in the other, live."""

import pytest

pytestmark = pytest.mark.browser


def test_an_increment_in_one_window_appears_in_the_other(dev_account, new_page):
    from playwright.sync_api import expect

    first, second = (new_page("/leaderboard/", dev_account) for _ in range(2))
    for page in (first, second):
        expect(page.get_by_text("Loading scores")).to_be_hidden()
    second.evaluate("window.stillTheSamePage = true")

    first.get_by_label("New player").fill("Grace")
    first.get_by_role("button", name="Add player").click()
    row = second.get_by_role("row").filter(has_text="Grace")
    expect(row).to_be_visible()

    first.get_by_role("row").filter(has_text="Grace").get_by_role("button", name="+10").click()
    expect(row.locator(".score")).to_have_text("10")
    assert second.evaluate("window.stillTheSamePage") is True

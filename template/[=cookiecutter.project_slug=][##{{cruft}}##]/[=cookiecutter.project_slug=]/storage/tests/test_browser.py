"""The storage browser in a real browser, against the seeded local S3 (moto)."""

import pytest

pytestmark = pytest.mark.browser


def test_choosing_a_bucket_lists_its_objects(dev_account, new_page):
    from playwright.sync_api import expect

    page = new_page("/storage/", dev_account)
    page.get_by_role("button", name="demo-bucket").click()
    expect(page.locator("#open-bucket")).to_have_text("demo-bucket")
    expect(page.get_by_role("cell", name="README.txt")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Page 2")).to_be_visible()

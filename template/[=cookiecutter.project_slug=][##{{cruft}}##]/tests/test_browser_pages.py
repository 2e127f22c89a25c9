"""Every page in a real browser, as a person meets it: signed in and out, on a phone, in the dark.

Screenshots of every page at 1280 px and 375 px, light and dark, land in
test-results/screenshots/ (CI keeps them as artifacts).
"""

from pathlib import Path

import pytest

from tests.accounts import NAME_LABEL, REFUSED_MESSAGE, SIGN_IN_URL
from tests.browser import (
    CONTRAST_FAILURES_JS,
    COVERED_CONTROLS_JS,
    DESKTOP,
    PHONE,
    SIDEWAYS_OVERFLOW_JS,
)
from tests.routes import live_pages

pytestmark = pytest.mark.browser

SCREENSHOTS = Path("test-results") / "screenshots"
SIGN_IN = SIGN_IN_URL
# Pages a visitor opens signed out (signed in, they send the visitor on).
SIGNED_OUT = [SIGN_IN[% if cookiecutter.accounts == 'allauth' %], "/accounts/signup/", "/accounts/password/reset/"[% endif %]]
# Every page a person reaches: the LiveViews, the sign-in page and the account pages.
PAGES = [url for url, _ in live_pages()] + [
    *SIGNED_OUT,
[% if cookiecutter.accounts == 'allauth' %]    "/accounts/password/change/",
    "/accounts/email/",
    "/accounts/2fa/",
[% else %]    "/accounts/password_change/",
    "/accounts/password_reset/",
[% endif %]]


def name_of(path: str) -> str:
    return path.strip("/").replace("/", "-") or "home"


def opened(new_page, path: str, dev_account, **options):
    """`path` signed in (SIGNED_OUT pages signed out), once it has loaded its data."""
    from playwright.sync_api import expect

    page = new_page(path, None if path in SIGNED_OUT else dev_account, **options)
    expect(page.get_by_text("Loading", exact=False)).to_have_count(0)
    return page


@pytest.mark.parametrize("path", PAGES, ids=name_of)
def test_the_page_fits_a_phone_reads_well_and_nothing_covers_a_control(path, new_page, dev_account):
    """At 1280 and 375 px, light and dark: no sideways scrolling, WCAG AA text contrast
    (tests/browser.py says what is checked), and no control hidden under another element."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        for label, viewport in (("1280", DESKTOP), ("375", PHONE)):
            page = opened(new_page, path, dev_account, viewport=viewport, color_scheme=scheme)
            page.screenshot(
                path=SCREENSHOTS / f"{name_of(path)}-{label}-{scheme}.png", full_page=True
            )
            where = f"{path} at {label} px, {scheme}"
            overflow = page.evaluate(SIDEWAYS_OVERFLOW_JS)
            assert overflow["scrollWidth"] <= overflow["innerWidth"], (where, overflow)
            assert page.evaluate(CONTRAST_FAILURES_JS) == [], where
            assert page.evaluate(COVERED_CONTROLS_JS) == [], where
            assert page.failed_requests == [], where  # no missing style, script or image
            page.context.close()


def test_every_page_has_an_icon(new_page, dev_account):
    """Headless chromium asks for no favicon, so ask as a browser tab would."""
    for path in PAGES:
        page = opened(new_page, path, dev_account)
        declared = page.locator("link[rel~='icon']")
        icon = declared.first.get_attribute("href") if declared.count() else "/favicon.ico"
        assert page.request.get(page.site + icon).status == 200, (path, icon)
        page.context.close()


@pytest.mark.parametrize("path", [path for path in PAGES if path not in SIGNED_OUT], ids=name_of)
def test_signing_out_from_the_page_signs_out(path, new_page, dev_account):
    from playwright.sync_api import expect

    page = opened(new_page, path, dev_account)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    assert "CSRF" not in page.content() and page.failed_requests == []
    page.goto(page.site + "/")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_signing_in_returns_to_the_page_that_asked(new_page, dev_account):
    from playwright.sync_api import expect

    asking = next((url for url, view in live_pages() if view.login_required), "/")
    page = new_page(asking)  # a visitor who is not signed in yet
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label(NAME_LABEL, exact=True).fill(dev_account[0])
    page.get_by_label("Password").fill(dev_account[1])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(page.site + asking)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.locator(".account")).to_contain_text(dev_account[0])


def test_the_sign_in_form_says_what_is_wrong(new_page):
    from playwright.sync_api import expect

    page = new_page(SIGN_IN)
    page.get_by_role("button", name="Sign in").click()  # nothing filled in
    for label in (NAME_LABEL, "Password"):
        field = page.get_by_label(label, exact=True)
        expect(field).to_have_attribute("aria-invalid", "true")
        described_by = (field.get_attribute("aria-describedby") or "").split()
        # Django names the error element <field id>_error; a help text may be named too.
        errors = [f"#{element_id}" for element_id in described_by if element_id.endswith("_error")]
        assert errors, f"{label} names no element that describes its error"
        expect(page.locator(errors[0])).to_contain_text("This field is required")
    page.get_by_label(NAME_LABEL, exact=True).fill("nobody@example.com")
    page.get_by_label("Password", exact=True).fill("a wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text(REFUSED_MESSAGE)

"""The storage browser in a real browser, against the local S3 (moto) the tests own."""

import pytest

from [= cookiecutter.project_slug =].services.s3 import MAX_UPLOAD_BYTES
from tests.browser import PHONE, SIDEWAYS_OVERFLOW_JS

pytestmark = pytest.mark.browser

# Set before a file is chosen: djust's client says when the websocket upload is complete.
WATCH_UPLOADS_JS = """
() => {
  window.uploadsComplete = 0;
  window.addEventListener('djust:upload:progress', (event) => {
    if (event.detail && event.detail.status === 'complete') window.uploadsComplete += 1;
  });
}
"""


def open_bucket(page, name: str = "demo-bucket") -> None:
    from playwright.sync_api import expect

    page.get_by_role("button", name=name, exact=True).click()
    expect(page.locator("#open-bucket")).to_have_text(name)


def upload(page, name: str, body: bytes, *, websocket: bool) -> None:
    """Choose a file and press Upload, as a visitor does on either transport."""
    if websocket:
        page.evaluate(WATCH_UPLOADS_JS)
    page.get_by_label("Upload a file").set_input_files(
        {"name": name, "mimeType": "application/octet-stream", "buffer": body}
    )
    if websocket:  # djust sends the file as soon as it is chosen
        page.wait_for_function("() => window.uploadsComplete > 0")
    page.get_by_role("button", name="Upload", exact=True).click()


def delete(page, key: str) -> None:
    page.once("dialog", lambda dialog: dialog.accept())  # dj-confirm
    page.get_by_role("row").filter(has_text=key).get_by_role("button", name="Delete").click()


def test_choosing_a_bucket_lists_its_objects(dev_account, new_page):
    from playwright.sync_api import expect

    page = new_page("/storage/", dev_account)
    open_bucket(page)
    expect(page.get_by_role("cell", name="README.txt")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Page 2")).to_be_visible()


def page_label(page, number: int):
    """The page's "Page N" line (djust's debug panel, under `make dev`, has one too)."""
    return page.get_by_role("main").get_by_text(f"Page {number}", exact=True)


@pytest.mark.parametrize("websocket", [True, False], ids=["websocket", "websocket-blocked"])
@pytest.mark.parametrize("size", [100 * 1024, MAX_UPLOAD_BYTES], ids=["100KB", "the-limit"])
def test_upload_then_delete(dev_account, new_page, standins, websocket, size):
    """A file above djust's 64 KiB chunk, and one of exactly the advertised limit."""
    from playwright.sync_api import expect

    name = f"browser-{'ws' if websocket else 'post'}-{size}.bin"
    page = new_page("/storage/", dev_account, websocket=websocket)
    open_bucket(page)
    upload(page, name, b"\x00\xff" * (size // 2), websocket=websocket)
    expect(page.locator("[dj-root] [role=status]")).to_have_text(f"Uploaded {name} ({size} bytes).")
    expect(page.locator("#open-bucket")).to_have_text("demo-bucket")
    stored = standins.s3.client().head_object(Bucket="demo-bucket", Key=name)
    assert stored["ContentLength"] == size
    # The new object is on a later page (keys are listed in order): find it there.
    for number in range(2, 5):
        if page.get_by_role("cell", name=name, exact=True).count():
            break
        page.get_by_role("button", name="Next").click()
        expect(page_label(page, number)).to_be_visible()
    delete(page, name)
    expect(page.locator("[dj-root] [role=status]")).to_have_text(f"Deleted {name}.")
    expect(page.get_by_role("cell", name=name, exact=True)).to_have_count(0)
    assert page.failed_requests == []


@pytest.mark.parametrize("websocket", [True, False], ids=["websocket", "websocket-blocked"])
@pytest.mark.parametrize(
    ("size", "message"),
    [
        (MAX_UPLOAD_BYTES + 1, "“refused.bin” is 1.0 MB: files up to 1 MB upload here."),
        (0, "“refused.bin” is empty (0 bytes): choose a file with something in it."),
    ],
    ids=["too-large", "empty"],
)
def test_a_file_that_cannot_upload_says_why_on_the_page(
    dev_account, new_page, standins, websocket, size, message
):
    from playwright.sync_api import expect

    page = new_page("/storage/", dev_account, websocket=websocket)
    open_bucket(page)
    page.get_by_label("Upload a file").set_input_files(
        {"name": "refused.bin", "mimeType": "application/octet-stream", "buffer": b"x" * size}
    )
    expect(page.locator("#upload-problem")).to_have_text(message)
    expect(page.get_by_label("Upload a file")).to_have_value("")  # nothing left to send
    missing = standins.s3.client().list_objects_v2(Bucket="demo-bucket", Prefix="refused")
    assert missing["KeyCount"] == 0


def test_the_download_link_opens_a_new_tab_and_downloads(dev_account, new_page):
    from playwright.sync_api import expect

    page = new_page("/storage/", dev_account)
    open_bucket(page)
    page.get_by_role("row").filter(has_text="README.txt").get_by_role("button", name="Link").click()
    link = page.locator("#download-link")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener")
    answer = page.request.get(link.get_attribute("href"))  # no site cookies: S3's own URL
    assert answer.status == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="README.txt"'
    with page.expect_download() as downloading:  # not shown inline, and this page stays
        link.click()
    assert downloading.value.suggested_filename == "README.txt"
    expect(page.locator("#open-bucket")).to_have_text("demo-bucket")


def test_an_outage_shows_only_the_error_and_the_bucket_opens_after(dev_account, new_page, standins):
    from playwright.sync_api import expect

    page = new_page("/storage/", dev_account)
    open_bucket(page)
    standins.s3.stop()
    try:
        page.get_by_role("button", name="Next").click()
        expect(page.get_by_role("alert")).to_contain_text("Object storage")
        expect(page.get_by_role("cell")).to_have_count(0)  # no stale objects beside it
        expect(page.locator(".empty-note")).to_have_count(0)  # nor "empty"
    finally:
        standins.s3.start()
    open_bucket(page)
    expect(page.get_by_role("cell", name="README.txt")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)


def test_back_comes_back_to_the_open_bucket(dev_account, new_page):
    from playwright.sync_api import expect

    page = new_page("/storage/", dev_account)
    open_bucket(page, "empty-bucket")
    expect(page).to_have_url(f"{page.site}/storage/?bucket=empty-bucket")
    page.goto(f"{page.site}/")
    page.go_back()
    expect(page.locator("#open-bucket")).to_have_text("empty-bucket")
    expect(page.get_by_text("This bucket is empty")).to_be_visible()


def test_the_objects_table_fits_a_phone(dev_account, new_page, standins):
    from playwright.sync_api import expect

    # No break opportunity in it: only overflow-wrap keeps it inside the phone.
    long_key = "reports/" + "QuarterlyFigures" * 8 + "\u202fAM.csv"
    standins.s3.client().put_object(Bucket="demo-bucket", Key=long_key, Body=b"x")
    try:
        page = new_page("/storage/", dev_account, viewport=PHONE)
        open_bucket(page)
        for number in (2, 3):  # the key's page
            page.get_by_role("button", name="Next").click()
            expect(page_label(page, number)).to_be_visible()
        expect(page.get_by_role("cell", name=long_key)).to_be_visible()
        print("phone, objects table:", page.evaluate(SIDEWAYS_OVERFLOW_JS))
        overflow = page.evaluate(SIDEWAYS_OVERFLOW_JS)
        assert overflow["scrollWidth"] <= overflow["innerWidth"], overflow
    finally:
        standins.s3.client().delete_object(Bucket="demo-bucket", Key=long_key)

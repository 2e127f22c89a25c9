"""A page whose live connection the server refuses for sending too much says so, in chromium.

The site runs on a server of its own: the flood puts the browser's address (127.0.0.1)
in djust's cool-down, which would refuse the other browser tests' sockets too.
"""

import pytest

from tests.browser import VIEW_MOUNTED_JS
from tests.servers import Server, single_server_env

pytestmark = pytest.mark.browser

FLOOD = """() => {
  // What a script in the page (or a stuck key) does: events as fast as the socket takes them.
  const socket = window.djust.liveViewInstance.ws;
  for (let ref = 1; ref <= 200; ref++) {
    socket.send(JSON.stringify({type: "event", event: "increment", params: {}, ref}));
  }
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("limited-site")
    server = Server(single_server_env(folder), folder / "uvicorn.log")  # the default limits
    try:
        server.wait_until_serving()
        yield server
    finally:
        server.stop()


def test_a_page_refused_for_too_many_events_says_why_and_comes_back(browser, site):
    from playwright.sync_api import expect

    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site.origin + "/")
        page.wait_for_function(VIEW_MOUNTED_JS)
        note = page.get_by_text("Too many actions from your network")
        expect(note).to_be_hidden()

        page.evaluate(FLOOD)
        expect(note).to_be_visible()  # djust closed the socket with 4429
        expect(page.get_by_role("status").filter(has_text="Reconnecting")).to_be_hidden()

        # After the cool-down (LIVE_RECONNECT_COOLDOWN, 5 s) djust's client reconnects.
        expect(note).to_be_hidden(timeout=30_000)
        page.wait_for_function(VIEW_MOUNTED_JS)
        page.get_by_role("button", name="Add 1").click()
        expect(page.locator("#count")).not_to_have_text("0")
    finally:
        context.close()

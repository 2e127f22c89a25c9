"""Fixtures for every test of the project: a websocket client speaking djust's protocol."""

from __future__ import annotations

import pytest

from [= cookiecutter.project_slug =].services.registry import aclose_all
from tests.livesocket import LiveSockets, session_cookie


@pytest.fixture
async def live():
    """Open anonymous LiveSockets with `await live(view, url)`; all are closed after the test."""
    sockets = LiveSockets()
    yield sockets
    await sockets.close_all()
    await aclose_all()  # clients built on this test's event loop


@pytest.fixture
async def member_live(live, django_user_model):
    """Like `live`, signed in as a new user: what the pages that change data require."""
    user = await django_user_model.objects.acreate_user("member")
    return live.signed_in(await session_cookie(user))


# --- Browser tests (`make test-browser`): a real browser against `manage.py dev` ---


def pytest_runtest_makereport(item, call):
    """Keep each phase's outcome on the test, so the page fixture can screenshot failures."""
    if call.when == "call":
        item.call_failed = call.excinfo is not None


@pytest.fixture(scope="session")
def dev_server(tmp_path_factory):
    """`manage.py dev` with its local stand-ins, as `make dev` runs it: (URL, its output file)."""
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    from [= cookiecutter.project_slug =].services.ports import free_port

    folder = tmp_path_factory.mktemp("site")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_ENV": "development",
        "DEBUG": "true",
        "DJANGO_READ_DOT_ENV_FILE": "false",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input"], env=env, check=True, capture_output=True)
    output = folder / "dev.log"
    with output.open("w") as log:
        server = subprocess.Popen(
            [*manage, "dev", "--no-reload", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # a loaded CI machine starts the stand-ins slowly
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.terminate()
                raise RuntimeError(f"manage.py dev did not start:\n{output.read_text()}") from None
            time.sleep(0.2)
    yield url, output
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(scope="session")
def live_site(dev_server):
    """The development server's address."""
    return dev_server[0]


@pytest.fixture(scope="session")
def dev_account(dev_server):
    """(name, password) of the account `manage.py dev` printed, as a developer reads it."""
    import re

    printed = re.search(r"as '([^']+)' with password '([^']+)'", dev_server[1].read_text())
    assert printed, "manage.py dev printed no sign-in line"
    return printed.groups()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (no browser download); CHROMIUM overrides."""
    import os
    import shutil

    sync_api = pytest.importorskip("playwright.sync_api", reason="uv sync --group browser")
    # The page assertions check behaviour, not speed: give a loaded CI machine time.
    sync_api.expect.set_options(timeout=15_000)
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not executable:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, request):
    """Open pages in fresh browser contexts; a failing test leaves screenshots in test-results/."""
    from pathlib import Path

    contexts = []

    def open_page(url: str, sign_in_as: tuple[str, str] | None = None):
        """A new browser window on `url`, once djust has mounted its view over the websocket.

        Before that, a click can reach a socket whose view is not mounted yet and be lost.
        With `sign_in_as` (name, password), the page's redirect to the sign-in form is
        followed and the form filled in, as a visitor would.
        """
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        if sign_in_as:
            name, password = sign_in_as
            page.get_by_label("Username").fill(name)
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(url)
        page.wait_for_function("() => window.djust?.liveViewInstance?.viewMounted === true")
        return page

    yield open_page
    if getattr(request.node, "call_failed", False):
        folder = Path("test-results")
        folder.mkdir(exist_ok=True)
        for number, context in enumerate(contexts):
            for page in context.pages:
                page.screenshot(path=folder / f"{request.node.name}-{number}.png", full_page=True)
    for context in contexts:
        context.close()

"""Fixtures for every test of the project: a websocket client speaking djust's protocol."""

from __future__ import annotations

import pytest

from [= cookiecutter.project_slug =].services.registry import aclose_all
from tests.livesocket import LiveSocket


@pytest.fixture
async def live():
    """Open LiveSockets with `await live(view, url)`; all are closed after the test."""
    sockets: list[LiveSocket] = []

    async def open_socket(view: str, url: str = "/", /, **params) -> tuple[LiveSocket, dict]:
        socket = LiveSocket()
        assert await socket.connect()
        sockets.append(socket)
        return socket, await socket.mount(view, url, **params)

    yield open_socket
    for socket in sockets:
        await socket.close()
    await aclose_all()  # clients built on this test's event loop


# --- Browser tests (`make test-browser`): a real browser against `manage.py dev` ---


def pytest_runtest_makereport(item, call):
    """Keep each phase's outcome on the test, so the page fixture can screenshot failures."""
    if call.when == "call":
        item.call_failed = call.excinfo is not None


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    """The development server with its local stand-ins, as `make dev` runs it."""
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    from [= cookiecutter.project_slug =].services.ports import free_port

    port = free_port()
    env = {
        **os.environ,
        "DJANGO_ENV": "development",
        "DEBUG": "true",
        "DJANGO_READ_DOT_ENV_FILE": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('site') / 'db.sqlite3'}",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input"], env=env, check=True, capture_output=True)
    server = subprocess.Popen([*manage, "dev", "--no-reload", "--port", str(port)], env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.terminate()
                raise RuntimeError("manage.py dev did not start") from None
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (no browser download); CHROMIUM overrides."""
    import os
    import shutil

    sync_api = pytest.importorskip("playwright.sync_api", reason="uv sync --group browser")
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

    def open_page(url: str):
        """A new browser window on `url`, once djust has mounted its view over the websocket.

        Before that, a click can reach a socket whose view is not mounted yet and be lost.
        """
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
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

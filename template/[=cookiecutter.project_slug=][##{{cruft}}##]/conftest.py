"""Fixtures for every test of the project: a websocket client speaking djust's protocol,
the site served by uvicorn."""

from __future__ import annotations

import pytest

from [= cookiecutter.project_slug =].services.registry import aclose_all
from tests.faults import silent_server as silent_listener
from tests.livesocket import LiveSocket, LiveSockets, session_cookie
from tests.servers import serving


@pytest.fixture
async def live():
    """Open anonymous LiveSockets with `await live(view, url)`; all are closed after the test."""
    sockets = LiveSockets()
    yield sockets
    await sockets.close_all()
    await aclose_all()  # clients built on this test's event loop


@pytest.fixture
async def socket():
    """One anonymous websocket to the in-process app, connected; closed after the test."""
    live_socket = LiveSocket()
    assert await live_socket.connect()
    yield live_socket
    await live_socket.close()


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The site under uvicorn in a process of its own, for what only real HTTP shows."""
    with serving(tmp_path_factory.mktemp("served-site")) as server:
        yield server


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, which it drops after the run; on PostgreSQL the
    connections that worker threads of finished async tests still hold are ended first,
    since DROP DATABASE refuses while any is open (pytest-django only warns, and the
    test database stays behind)."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture
def mailbox(settings):
    """A real SMTP server (tests/mailbox.py) this test's mail is sent to: in this process
    through `settings`, elsewhere with EMAIL_URL=mailbox.email_url in the environment."""
    from tests.mailbox import Mailbox

    with Mailbox() as running:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", running.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield running


@pytest.fixture
def silent_server():
    """The URL of an HTTP server that accepts connections and never answers (a stalled API)."""
    with silent_listener() as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def services_refuse_connections(settings):
    """Every outside service at a closed port (the discard port; nothing listens there in
    a test run): a page or handler that calls one fails fast, offline."""
    closed = "127.0.0.1:9"
[% if 'redis' in cookiecutter.examples %]    settings.REDIS_URL = f"redis://{closed}/0"
[% endif %][% if 's3' in cookiecutter.examples %]    settings.AWS_ENDPOINT_URL = f"http://{closed}"
[% endif %][% if 'weather' in cookiecutter.examples %]    settings.WEATHER_API_URL = settings.GEOCODING_API_URL = f"http://{closed}"
[% endif %]    return closed


@pytest.fixture
async def member_live(live, django_user_model):
    """Like `live`, signed in as a new user: what the pages that change data require."""
    user = await django_user_model.objects.acreate_user("member")
    return live.signed_in(await session_cookie(user))


# --- Browser tests (`make test-browser`): a real browser against `manage.py dev` ---
# The outside services' stand-ins belong to the tests (so a test can take one down and
# bring it back), and `manage.py dev` is pointed at them as it would be at real ones.

BROWSER_DEV_PASSWORD = "browser-tests-only"  # noqa: S105 (a throwaway development account)


def pytest_runtest_makereport(item, call):
    """Keep each phase's outcome on the test, so the page fixture can screenshot failures."""
    if call.when == "call":
        item.call_failed = call.excinfo is not None


class StandIns:
    """The running stand-ins, and the environment that points the site at them."""

    def __init__(self) -> None:
        from tests.mailbox import Mailbox

        self.mailbox = Mailbox()  # the site's mail: `standins.mailbox.wait_for(to=...)`
        self.environment: dict[str, str] = {"EMAIL_URL": self.mailbox.email_url}
        self.all: list = [self.mailbox]
[% if 'redis' in cookiecutter.examples %]        from [= cookiecutter.project_slug =].leaderboard.standin import RedisServer

        self.redis = RedisServer()
        self.environment["REDIS_URL"] = self.redis.url
        self.all.append(self.redis)
[% endif %][% if 's3' in cookiecutter.examples %]        from [= cookiecutter.project_slug =].storage.standin import STANDIN_CREDENTIALS, S3StandIn

        self.s3 = S3StandIn()
        self.environment.update(AWS_ENDPOINT_URL=self.s3.url, **STANDIN_CREDENTIALS)
        self.all.append(self.s3)
[% endif %][% if 'weather' in cookiecutter.examples %]        from [= cookiecutter.project_slug =].weather.standin import WeatherStandIn

        self.weather = WeatherStandIn()
        self.environment["WEATHER_API_URL"] = self.environment["GEOCODING_API_URL"] = (
            self.weather.url
        )
        self.all.append(self.weather)
[% endif %]
    def start(self) -> StandIns:
        for standin in self.all:
            standin.start()
[% if 's3' in cookiecutter.examples %]        self.s3.seed()
[% endif %]        return self

    def stop(self) -> None:
        for standin in self.all:
            standin.stop()


@pytest.fixture(scope="session")
def standins():
    """The stand-ins every browser test's site talks to (see StandIns)."""
    running = StandIns().start()
    yield running
    running.stop()


class DevServer:
    """`manage.py dev --no-reload` on a port of its own, as `make dev` runs it."""

    def __init__(self, folder, environment: dict[str, str]) -> None:
        import os

        from [= cookiecutter.project_slug =].services.ports import free_port

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.output = folder / f"dev-{self.port}.log"
        self.environment = {
            **os.environ,
            **environment,
            "DJANGO_ENV": "development",
            "DEBUG": "true",
            "DJANGO_READ_DOT_ENV_FILE": "false",
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "DEV_PASSWORD": BROWSER_DEV_PASSWORD,
[% if cookiecutter.accounts == 'allauth' %]            # The page tests sign in hundreds of times a minute from one address; the
            # limit itself is tested in tests/test_allauth.py.
            "SIGN_IN_RATE_LIMIT": "10000/m/ip",
[% endif %]        }
        self.process = None

    def start(self) -> DevServer:
        import subprocess
        import sys
        import time
        import urllib.request

        manage = [sys.executable, "manage.py"]
        migrate = [*manage, "migrate", "--no-input"]
        subprocess.run(migrate, env=self.environment, check=True, capture_output=True)
        with self.output.open("a") as log:
            self.process = subprocess.Popen(
                [*manage, "dev", "--no-reload", "--port", str(self.port)],
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 120  # a loaded CI machine starts slowly
        while True:
            try:
                urllib.request.urlopen(self.url, timeout=2).close()  # noqa: S310 (our http URL)
                return self
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    log = self.output.read_text()
                    raise RuntimeError(f"manage.py dev did not start:\n{log}") from None
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture(scope="session")
def dev_server(tmp_path_factory, standins):
    """The site under test: `manage.py dev` on the stand-ins."""
    server = DevServer(tmp_path_factory.mktemp("site"), standins.environment).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def live_site(dev_server):
    """The development server's address."""
    return dev_server.url


@pytest.fixture(scope="session")
def dev_account(dev_server):
    """(name, password) of the account `manage.py dev` printed, as a developer reads it."""
    import re

    printed = re.search(r"as '([^']+)' with password '([^']+)'", dev_server.output.read_text())
    assert printed, "manage.py dev printed no sign-in line"
    return printed.groups()


@pytest.fixture(scope="session")
def websocket_blocking_proxy(dev_server):
    """The site behind a proxy that refuses websocket upgrades (tests/browser.py)."""
    from tests.browser import WebsocketBlockingProxy

    proxy = WebsocketBlockingProxy(dev_server.port)
    yield proxy
    proxy.close()


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
def new_page(browser, request, live_site, websocket_blocking_proxy):
    """Open `path` of the site in a fresh browser window; returns the Playwright page.

    - `sign_in_as=(name, password)`: sign in through the form first, as a visitor would.
    - `websocket=False`: through a proxy that refuses websockets: the page works over
      djust's HTTP fallback (no wait for a mount, there is none).
    - `viewport=PHONE`, `color_scheme="dark"`: how the window looks.
    The page also carries `site` (the base URL it was opened on) and `failed_requests`.
    A test that fails leaves a screenshot of each of its windows in test-results/; one
    whose windows met a Content-Security-Policy violation fails at teardown.
    """
    from pathlib import Path

    contexts = []
    csp_violations = []  # in any of the test's windows

    def open_page(
        path: str,
        sign_in_as: tuple[str, str] | None = None,
        *,
        websocket: bool = True,
        viewport: dict | None = None,
        color_scheme: str = "light",
    ):
        from tests.browser import CSP_VIOLATIONS_INIT_JS, DESKTOP, VIEW_MOUNTED_JS

        base = live_site if websocket else websocket_blocking_proxy.url
        context = browser.new_context(viewport=viewport or DESKTOP, color_scheme=color_scheme)
        contexts.append(context)
        context.expose_function("reportCspViolation", lambda found: csp_violations.append(found))
        context.add_init_script(CSP_VIOLATIONS_INIT_JS)
        page = context.new_page()
        page.site = base  # where `path` was opened: the site, or the proxy in front of it
        page.failed_requests = []  # every answer of 400 or more, from the first request on
        page.on("response", lambda got: got.status < 400 or page.failed_requests.append(got.url))
        context.set_default_timeout(15_000)  # a loaded CI machine is slow; 30 s wastes time
        if sign_in_as:  # through the sign-in form, then on to `path`
            from urllib.parse import quote

            from tests.accounts import NAME_LABEL, SIGN_IN_URL

            page.goto(f"{base}{SIGN_IN_URL}?next={quote(path)}")
            name, password = sign_in_as
            page.get_by_label(NAME_LABEL, exact=True).fill(name)
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(base + path)
        else:
            page.goto(base + path)
        live_view = page.locator("[dj-view]").count() > 0
        if live_view and websocket:
            # Before the mount, a click can reach a socket whose view is not mounted yet.
            page.wait_for_function(VIEW_MOUNTED_JS)
        elif live_view:
            page.wait_for_function("() => document.body.classList.contains('dj-disconnected')")
            assert websocket_blocking_proxy.refused_upgrades, "the page never tried its websocket"
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
    # The site's Content-Security-Policy (settings.py) blocked nothing the pages use.
    assert csp_violations == [], "\n".join(map(str, csp_violations))

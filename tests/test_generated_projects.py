"""Generated projects run their own targets: `make test`, `make check` and `make dev`."""

from __future__ import annotations

import asyncio
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from .conftest import REPO_ROOT, git
from .matrix import MATRIX, PROJECT_RUNS

pytestmark = pytest.mark.slow


def project_env() -> dict[str, str]:
    """The environment a user's shell would have: none of this repository's venv."""
    foreign = {"VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE", "PYTHONPATH"}
    return {k: v for k, v in os.environ.items() if k not in foreign}


def make(project: Path, *targets: str, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", *targets],
        cwd=project,
        env=project_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def assert_first_commit(project: Path) -> None:
    """The template made `project` a repository: one commit holding every generated file."""
    assert git(project, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(project, "status", "--porcelain") == ""
    assert ".env" not in git(project, "ls-files").split()  # the secret stays out


@pytest.mark.parametrize("name", PROJECT_RUNS)
def test_generated_project_passes_make_test_and_make_check(render, name):
    project = render(f"run-{name}", MATRIX[name])
    assert_first_commit(project)
    for target in ("test", "check"):
        result = make(project, target)
        output = result.stdout[-6000:] + result.stderr[-3000:]
        assert result.returncode == 0, f"make {target}\n{output}"
        if target == "test":
            assert " passed" in result.stdout and " failed" not in result.stdout


def test_browser_tests_pass_in_chromium(render):
    """Every journey of the default project in Debian's chromium; its screenshots are kept.

    They land in artifacts/screenshots/ of this repository (CI uploads the folder).
    """
    project = render("browser", {})
    assert_first_commit(project)
    result = make(project, "test-browser")
    output = result.stdout[-6000:] + result.stderr[-3000:]
    screenshots = project / "test-results" / "screenshots"
    if screenshots.is_dir():
        shutil.copytree(screenshots, REPO_ROOT / "artifacts" / "screenshots", dirs_exist_ok=True)
    assert result.returncode == 0, output
    # pytest's last line ("=== 49 passed in ... ==="); make may print its own lines after it.
    summary = [line for line in result.stdout.splitlines() if line.startswith("=")][-1]
    assert " passed" in summary and not re.search(r"failed|skipped|error", summary), output
    # Every page at 1280 and 375 px, light and dark.
    assert len(list(screenshots.glob("*-375-dark.png"))) >= 7, output


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen, timeout: float) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make dev exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode()
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"{url} did not answer within {timeout} s")


# Each page of the default project and its main action over the websocket:
# (url, view, text once loaded, event, params, text the event's reply must carry)
PAGES = [
    ("/", "home.views.HomeView", "Count", "increment", {}, "1"),
    (
        "/storage/",
        "storage.views.StorageView",
        "demo-bucket",
        "open_bucket",
        {"bucket": "demo-bucket"},
        "README.txt",
    ),
    (
        "/leaderboard/",
        "leaderboard.views.LeaderboardView",
        "No players yet",
        "add_player",
        {"name": "Ada"},
        "Ada",
    ),
    (
        "/weather/",
        "weather.views.WeatherView",
        "Search for a place",
        "search",
        {"value": "Ber"},
        "Berlin",
    ),
    ("/dashboard/", "dashboard.views.DashboardView", "Uptime", "refresh", {}, "refreshes: 2"),
]
# The pages that change data: a visitor signs in first.
SIGN_IN_FIRST = {"/storage/", "/leaderboard/"}


def page_texts(frame: dict) -> list[str]:
    """The texts and HTML a frame puts on the page (mount HTML or patch texts)."""
    if isinstance(frame, dict):
        own = [v for k, v in frame.items() if k in {"html", "text"} and isinstance(v, str)]
        return own + [t for v in frame.values() for t in page_texts(v)]
    if isinstance(frame, list):
        return [t for item in frame for t in page_texts(item)]
    return []


def sign_in(port: int, log: Path) -> str:
    """Sign in with the account `make dev` printed, through the form; the session's cookies."""
    printed = re.search(r"as '([^']+)' with password '([^']+)'", log.read_text())
    assert printed, "make dev printed no sign-in line"
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form_url = f"http://127.0.0.1:{port}/accounts/login/"
    form = browser.open(form_url, timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    name, password = printed.groups()
    # allauth's form asks for `login` (an email address), Django's LoginView for `username`.
    name_field = "login" if 'name="login"' in form else "username"
    fields = {name_field: name, "password": password, "csrfmiddlewaretoken": token}
    browser.open(form_url, urllib.parse.urlencode(fields).encode(), timeout=30).close()
    cookies = {cookie.name: cookie.value for cookie in jar}
    assert "sessionid" in cookies, "signing in with the printed account failed"
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


async def mount_and_act(
    port: int, url: str, view: str, loaded: str, event: str, params: dict, cookie: str = ""
):
    """Mount `view` like a browser, wait until `loaded` shows, send `event`.

    Returns the frames from the event's on: its reply (same `ref`), what came before it
    and what follows within a second, as a browser applies them all (the change may
    reach the page in a frame that raced the reply: a load() after mount, a live_patch).
    """
    origin = f"http://127.0.0.1:{port}"
    headers = {"Cookie": cookie} if cookie else {}
    async with connect(
        f"ws://127.0.0.1:{port}/ws/live/", origin=origin, additional_headers=headers
    ) as ws:

        async def frames_until(predicate):
            async with asyncio.timeout(15):
                while not predicate(frame := json.loads(await ws.recv())):
                    pass
                return frame

        assert json.loads(await ws.recv())["type"] == "connect"
        await ws.send(json.dumps({"type": "mount", "view": view, "params": {}, "url": url}))
        await frames_until(lambda frame: loaded in json.dumps(frame, ensure_ascii=False))
        await ws.send(json.dumps({"type": "event", "event": event, "params": params, "ref": 1}))
        frames = []
        await frames_until(lambda frame: frames.append(frame) or frame.get("ref") == 1)
        with suppress(TimeoutError):
            async with asyncio.timeout(1):
                while True:
                    frames.append(json.loads(await ws.recv()))
        return frames


async def refused(port: int) -> bool:
    try:
        async with connect(f"ws://127.0.0.1:{port}/ws/live/", origin="https://evil.example"):
            return False
    except Exception:  # the handshake is rejected (HTTP 403)
        return True


@contextmanager
def make_dev(project: Path, log: Path, stop: signal.Signals = signal.SIGTERM) -> Iterator[int]:
    """`make dev` on a free port until the block ends, then `stop` to its process group.

    SIGINT is Ctrl-C in a terminal, SIGTERM what a process manager sends. The block's exit
    waits for every process of the group (the stand-ins have saved their data by then).
    """
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            ["make", "dev", f"PORT={port}"],
            cwd=project,
            env=project_env(),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # so the whole group (make, uv, uvicorn's reloader) stops
        )
        try:
            wait_for_http(f"http://127.0.0.1:{port}/", process, timeout=300)
            yield port
        finally:
            stop_group(process, stop)


def stop_group(process: subprocess.Popen, stop: signal.Signals) -> None:
    """Send `stop` to the process group `process` leads; return once all of it has exited."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, stop)
    process.wait(timeout=60)
    deadline = time.monotonic() + 60
    with suppress(ProcessLookupError):
        while time.monotonic() < deadline:
            os.killpg(process.pid, 0)  # raises once the group is empty
            time.sleep(0.2)
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail(f"processes of the group outlived {stop.name} by a minute")


def test_make_dev_on_a_fresh_checkout_serves_and_answers_a_websocket(render, tmp_path):
    project = render("dev", {})
    assert_first_commit(project)
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "--quiet", str(project), str(checkout))
    assert not (checkout / ".env").exists() and not (checkout / ".venv").exists()

    with make_dev(checkout, tmp_path / "make-dev.log") as port:
        assert (checkout / ".env").exists()
        cookie = sign_in(port, tmp_path / "make-dev.log")
        for url, view, loaded, event, params, expected in PAGES:
            status, html = http_get(port, url)
            assert status == 200
            if url in SIGN_IN_FIRST:  # urllib followed the redirect to the sign-in form
                assert 'name="password"' in html
                session = cookie
            else:
                assert f'dj-view="my_live_site.{view}"' in html
                session = ""
            if url == "/":  # offline by default: the home page lists the stand-ins
                assert "Local stand-ins" in html and "local S3 (moto)" in html
            frames = asyncio.run(
                mount_and_act(port, url, f"my_live_site.{view}", loaded, event, params, session)
            )
            reply = next(frame for frame in frames if frame.get("ref") == 1)
            assert reply["type"] == "patch", reply
            assert any(expected in text for text in page_texts(frames)), (url, frames)
        assert asyncio.run(refused(port))
        log_text = (tmp_path / "make-dev.log").read_text()
        assert "local S3 (moto)" in log_text and "Open-Meteo stand-in" in log_text


def http_get(port: int, url: str, cookie: str = "") -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{url}", headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read().decode()


LEADERBOARD = ("/leaderboard/", "my_live_site.leaderboard.views.LeaderboardView")
STORAGE = ("/storage/", "my_live_site.storage.views.StorageView")


def put_object(log: Path, key: str, body: bytes) -> None:
    """Upload to the S3 stand-in the log names, as any S3 client would (moto skips signing)."""
    endpoint = re.search(r"local S3 \(moto\) at (http://127\.0\.0\.1:\d+)", log.read_text())[1]
    url = f"{endpoint}/demo-bucket/{urllib.parse.quote(key)}"
    urllib.request.urlopen(urllib.request.Request(url, data=body, method="PUT"), timeout=30).close()


def signed_in_page(port: int, url: str, cookie: str) -> str:
    """The page itself, not the sign-in form: the session is still valid."""
    status, html = http_get(port, url, cookie)
    assert status == 200 and 'name="password"' not in html and "dj-view=" in html, html[-2000:]
    return html


def test_make_dev_keeps_the_session_players_and_objects_across_restarts(render, tmp_path):
    """Ctrl-C or SIGTERM, then `make dev` again: nobody is signed out, nothing is emptied."""
    project = render("dev-restart", {})
    logs = [tmp_path / f"run-{number}.log" for number in (1, 2, 3)]

    with make_dev(project, logs[0], stop=signal.SIGINT) as port:  # Ctrl-C
        cookie = sign_in(port, logs[0])
        reply = asyncio.run(
            mount_and_act(port, *LEADERBOARD, "No players", "add_player", {"name": "Ada"}, cookie)
        )
        assert any("Ada" in text for text in page_texts(reply)), reply
        put_object(logs[0], "kept/first run Zoë.txt", b"uploaded in the first run")

    with make_dev(project, logs[1], stop=signal.SIGTERM) as port:
        signed_in_page(port, "/storage/", cookie)
        # "Ada" shows once the board has loaded from Redis; then a second player joins.
        reply = asyncio.run(
            mount_and_act(port, *LEADERBOARD, "Ada", "add_player", {"name": "Grace"}, cookie)
        )
        assert any("Grace" in text for text in page_texts(reply)), reply
        reply = asyncio.run(
            mount_and_act(
                port, *STORAGE, "demo-bucket", "open_bucket", {"bucket": "demo-bucket"}, cookie
            )
        )
        assert any("kept/first run Zoë.txt" in text for text in page_texts(reply)), reply
        put_object(logs[1], "kept/second run.txt", b"uploaded in the second run")

    with make_dev(project, logs[2]) as port:
        signed_in_page(port, "/leaderboard/", cookie)
        reply = asyncio.run(
            mount_and_act(
                port, *STORAGE, "demo-bucket", "open_bucket", {"bucket": "demo-bucket"}, cookie
            )
        )
        texts = " ".join(page_texts(reply))
        assert "kept/first run Zoë.txt" in texts and "kept/second run.txt" in texts, reply
        # The second run's player, added just before its SIGTERM, is on the board.
        asyncio.run(mount_and_act(port, *LEADERBOARD, "Grace", "reload", {}, cookie))

    printed = {re.search(r"with password '([^']+)'", log.read_text())[1] for log in logs}
    assert len(printed) == 1, "the development account's password changed"
    assert "the buckets of the last run" in logs[1].read_text()
    assert (project / "var" / "redis" / "dump.rdb").exists()
    assert git(project, "status", "--porcelain", "--", "var", ".env") == ""  # nobody's commit

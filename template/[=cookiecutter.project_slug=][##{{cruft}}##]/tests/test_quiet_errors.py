"""Bad input gets a short, uniform answer: no traceback, no hint about the code, no reply
missing, and no session row for a visitor who stores nothing."""

import json
import sqlite3

import pytest
from django.test import Client
from djust.state_backend import get_backend

from tests.routes import live_pages
from tests.servers import Browser

HOME_VIEW = "[= cookiecutter.project_slug =].home.views.HomeView"
pytestmark = pytest.mark.django_db(transaction=True)


async def test_an_event_without_a_name_is_answered_and_the_socket_stays_open(socket):
    await socket.mount(HOME_VIEW)
    reply = await socket.event("")  # the reply that carries this event's ref
    assert reply["type"] == "error"
    assert (await socket.event("increment"))["type"] == "patch"


@pytest.mark.parametrize(
    "view",
    [
        "[= cookiecutter.project_slug =].home.views.LiveView",  # the project's base, imported there
        "[= cookiecutter.project_slug =].home.views.NoSuchView",  # no such name
        "[= cookiecutter.project_slug =].home.views.re",  # a name there that is not a view
        "djust.LiveView",  # outside the allowed modules
    ],
)
async def test_only_the_sites_pages_mount_and_every_other_name_gets_one_answer(socket, view):
    assert await socket.mount(view) == {"type": "error", "error": "View not found"}
    assert (await socket.mount(HOME_VIEW))["type"] == "mount"  # still open


def test_a_malformed_event_post_is_a_400_without_a_traceback(served_site):
    browser = Browser(served_site.origin)
    browser.open("/")  # the CSRF cookie, as djust's client has it
    headers = {"Content-Type": "application/json", "X-CSRFToken": browser.cookie("csrftoken")}
    for body in (b'{"event": "increment", ', b"[1, 2]", b"\xff\xfe"):
        answer = browser.open("/", body=body, headers=headers)
        assert answer.status == 400, served_site.output()
        assert json.loads(answer.text) == {"error": "The event must be a JSON object."}
    assert "Traceback" not in served_site.output()


def test_a_request_for_another_host_logs_one_line(served_site):
    answer = Browser(served_site.origin).open("/", headers={"Host": "evil.example"})
    assert answer.status == 400
    log = served_site.output()
    (line,) = [line for line in log.splitlines() if "Invalid HTTP_HOST header" in line]
    assert line.endswith(
        "django.security.DisallowedHost Invalid HTTP_HOST header: 'evil.example'. "
        "You may need to add 'evil.example' to ALLOWED_HOSTS."
    )
    assert "Traceback" not in log


def test_anonymous_page_views_create_no_session(served_site):
    public = [url for url, view in live_pages() if not view.login_required]
    assert "/" in public
    for url in public * 3:
        answer = Browser(served_site.origin).open(url)  # a new visitor each time
        assert answer.status == 200, url
        assert "sessionid" not in answer.headers.get("Set-Cookie", "")
    database = served_site.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT COUNT(*) FROM django_session").fetchone() == (0,)


def test_an_anonymous_page_view_leaves_no_rendered_view_in_the_state_backend():
    response = Client().get("/")  # a new visitor
    cache_key = response.wsgi_request.live_view._cache_key  # where djust cached the view
    assert cache_key is not None
    assert get_backend().get(cache_key) is None

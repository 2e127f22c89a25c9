"""The site in its second language: chosen by Django's set_language view or by the
browser's Accept-Language, over HTTP and on LiveView renders over the websocket.

Django's docs, "How Django discovers language preference": LocaleMiddleware reads the
language cookie, then Accept-Language. djust runs no middleware on the websocket, so the
project's consumer makes the same choice from the handshake (consumer.py).
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.livesocket import LiveSocket, frame_text

HOME_VIEW = "[= cookiecutter.project_slug =].home.views.HomeView"
pytestmark = pytest.mark.django_db(transaction=True)


def test_set_language_switches_the_page_to_german(client):
    assert "Live-Zähler" not in client.get("/").text

    answer = client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/"

    page = client.get("/").text
    assert '<html lang="de">' in page
    assert "Live-Zähler" in page  # the home page heading
    assert ">Startseite<" in page  # the navigation
    assert "Schritt setzen" in page  # a button


def test_accept_language_alone_chooses_german(client):
    page = client.get("/", headers={"accept-language": "de-DE,de;q=0.9,en;q=0.5"}).text
    assert "Live-Zähler" in page
    assert "Live counter" in client.get("/", headers={"accept-language": "en"}).text


@pytest.mark.parametrize(
    "header",
    [
        (b"cookie", f"{settings.LANGUAGE_COOKIE_NAME}=de".encode()),
        (b"accept-language", b"de"),
    ],
    ids=["set_language cookie", "accept-language"],
)
async def test_a_live_re_render_keeps_the_visitors_language(header):
    socket = LiveSocket(headers=[header])
    assert await socket.connect()
    try:
        mounted = await socket.mount(HOME_VIEW)
        assert "Live-Zähler" in mounted["html"]
        # An error message written in Python, rendered by an event over the socket.
        reply = await socket.event("set_step", value="lots")
        assert "Der Schritt muss eine ganze Zahl von 1 bis 100 sein." in frame_text(reply)
    finally:
        await socket.close()


async def test_a_socket_without_a_language_stays_english(socket):
    await socket.mount(HOME_VIEW)
    reply = await socket.event("set_step", value="lots")
    assert "The step must be a whole number from 1 to 100." in frame_text(reply)


def test_makemessages_collects_the_marked_strings(tmp_path):
    # In a copy, so the committed .po is not rewritten.
    project = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    shutil.copytree(
        project,
        copy,
        ignore=shutil.ignore_patterns(".venv", "var", "tests", ".git", "*.mo"),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--all",
            "--no-location",
            "--ignore=.venv",
            "--ignore=var",
            "--ignore=tests",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    catalog = (copy / "locale/de/LC_MESSAGES/django.po").read_text()
    for marked in (
        'msgid "Live counter"',
        'msgid "Sign in"',
        'msgid "Switch"',
        'msgid "The step must be a whole number from 1 to %(max)s."',
    ):
        assert marked in catalog
    assert 'msgstr "Live-Zähler"' in catalog  # existing translations are kept

"""The real ASGI application over a websocket: origin check, mount, event, patch."""

import pytest

from tests.livesocket import LiveSocket, frame_text, rendered_texts

HOME_VIEW = "[= cookiecutter.project_slug =].home.views.HomeView"
STEP_ERROR = "The step must be a whole number from 1 to 100."
pytestmark = pytest.mark.django_db(transaction=True)


async def test_allowed_origin_mounts_the_home_view_and_patches_on_an_event(socket):
    mounted = await socket.mount(HOME_VIEW)
    assert mounted["type"] == "mount"
    assert 'id="count">0<' in mounted["html"]

    reply = await socket.event("increment")
    assert reply["type"] == "patch"
    assert reply["ref"] == 1
    assert "1" in rendered_texts(reply)  # the count's text node, now "1"


async def test_bad_value_shows_a_message_and_the_socket_stays_open(socket):
    await socket.mount(HOME_VIEW)
    reply = await socket.event("set_step", value="lots")
    assert STEP_ERROR in frame_text(reply)
    # Still alive: the next event is answered.
    assert (await socket.event("increment"))["type"] == "patch"


@pytest.mark.parametrize("origin", ["https://evil.example", "null", None])
async def test_foreign_or_missing_origin_is_refused(origin):
    live_socket = LiveSocket(origin=origin)
    assert not await live_socket.connect()
    await live_socket.close()


async def test_a_view_outside_the_allowed_modules_cannot_be_mounted(socket):
    reply = await socket.mount("django.contrib.auth.views.LoginView")
    assert reply["type"] == "error"

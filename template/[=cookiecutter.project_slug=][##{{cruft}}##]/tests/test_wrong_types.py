"""Every event handler, over the real websocket, given JSON of the wrong type.

djust answers a value that does not fit a handler's annotation (a list for `str`) with a
generic error frame that the page never shows, so the handlers take `object` and check
values themselves. This holds every handler the site routes to, yours included once
added, to that: a list, an object, null or a number sent for a parameter is answered as
an empty string is, with the view's own message, and the socket stays open.
"""

import asyncio

import pytest

from [= cookiecutter.project_slug =].liveview import defines_load
from tests.livesocket import LiveSocket, rendered_texts
from tests.routes import dotted, handler_parameters, live_pages

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("services_refuse_connections"),
]

WRONG_VALUES = [None, [], {"key": "value"}, 7.5]
RENDERED = {"patch", "html_update"}  # a reply that changes the page; "error" does not
CASES = [
    pytest.param(url, view, handler, parameter, id=f"{view.__name__}.{handler}.{parameter}")
    for url, view in live_pages()
    for handler, parameter in handler_parameters(view)
]


async def mounted(sockets, view: type, url: str) -> LiveSocket:
    """`view` mounted at `url`, with what it loads after the mount (load()) received.

    Otherwise that load races the first event: a reply may carry the whole view or not.
    """
    socket, frame = await sockets(dotted(view), url)
    assert frame["type"] == "mount", frame
    if defines_load(view):
        await socket.receive()
    return socket


def shown_texts(frame: dict) -> set[str]:
    """The texts a reply puts on the page; attributes hold node ids, which differ per mount."""
    return set(rendered_texts(frame, attributes=False))


@pytest.mark.parametrize(("url", "view", "handler", "parameter"), CASES)
async def test_a_wrong_type_is_answered_like_bad_text(member_live, url, view, handler, parameter):
    reference = await mounted(member_live, view, url)
    expected = await reference.event(handler, **{parameter: ""})
    assert expected["type"] in RENDERED and shown_texts(expected), expected  # its message

    for value in WRONG_VALUES:
        socket = await mounted(member_live, view, url)
        reply = await socket.event(handler, **{parameter: value})
        assert reply["type"] in RENDERED, (value, reply)  # not djust's error frame
        # The same message: as a text patch, or inside HTML when a load finishing at the
        # same time made djust send the whole view.
        shown = shown_texts(reply)
        assert all(any(text in part for part in shown) for text in shown_texts(expected)), value
        await asyncio.wait_for(socket.event(handler, **{parameter: ""}), 10)  # still open

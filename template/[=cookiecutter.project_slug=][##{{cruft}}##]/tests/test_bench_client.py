"""The benchmark's client (bench/client.py) reads djust's frames right.

Scripted frames in the shapes djust 1.2.6 sends; `make bench` itself runs against the
real server (the template's own tests run it).
"""

import json

import pytest

from bench.client import EventFailed, LiveClient


class ScriptedSocket:
    """Answers every message sent with the next frames of a script."""

    def __init__(self, *replies: list[dict]) -> None:
        self._replies = [[json.dumps(frame) for frame in frames] for frames in replies]
        self._pending: list[str] = []

    async def send(self, text: str) -> None:
        self._pending.extend(self._replies.pop(0))

    async def recv(self) -> str:
        return self._pending.pop(0)


def set_version(version: int) -> dict:
    return {"type": "SetAttr", "path": [4], "key": "data-version", "value": str(version)}


def test_the_shown_version_follows_html_new_nodes_and_patches():
    client = LiveClient(ScriptedSocket())
    client._check(frame := {"type": "mount", "html": '<section data-version="3">'}, str(frame))
    assert client.shown_version == 3
    replaced = {"type": "Replace", "node": {"tag": "section", "attrs": {"data-version": "5"}}}
    client._check(frame := {"type": "patch", "patches": [replaced]}, str(frame))
    assert client.shown_version == 5
    patches = [set_version(6), {"type": "SetText", "text": "7"}, set_version(8)]
    client._check(frame := {"type": "patch", "patches": patches}, str(frame))
    assert client.shown_version == 8


async def test_waiting_for_a_version_reads_pushes_until_the_page_shows_it():
    push = {"type": "patch", "broadcast": True}
    socket = ScriptedSocket(
        [
            {"ref": 1, "type": "patch", "patches": [set_version(1)]},
            push | {"patches": [set_version(2)]},
            push | {"patches": [set_version(3)]},
        ]
    )
    client = LiveClient(socket)
    await client.event("increment", {})
    assert client.shown_version == 1
    await client.wait_for_version(3, timeout=5)
    assert client.shown_version == 3


async def test_a_page_error_stops_the_client_so_no_later_reply_is_timed():
    """Fatal: the same failure again would change nothing, and its reply pass for an answer."""
    error = '<p class="alert alert-error">The service is failing.</p>'
    socket = ScriptedSocket(
        [{"ref": 1, "type": "patch", "patches": [{"type": "InsertSubtree", "html": error}]}]
    )
    client = LiveClient(socket)
    with pytest.raises(EventFailed) as failed:
        await client.event("search", {"value": "Oslo"})
    assert failed.value.fatal
    assert client.tally.page_errors == 1

"""Pushes to other viewers: the newest snapshot at once, then at most one per interval."""

import asyncio

import pytest

from [= cookiecutter.project_slug =].leaderboard import push


@pytest.fixture
def pushed(monkeypatch):
    """The versions pushed, in order, with a short interval so the test runs fast."""
    versions = []

    async def record(view_path, *, handler, payload):
        versions.append(payload["version"])

    monkeypatch.setattr(push, "apush_to_view", record)
    monkeypatch.setattr(push, "PUSH_INTERVAL", 0.05)
    return versions


async def test_a_burst_of_changes_pushes_the_first_and_then_only_the_newest(pushed):
    push.push_newest("view", (1, [("Ada", 1)]))
    await asyncio.sleep(0)  # the pushing task runs
    assert pushed == [1]
    for version in range(2, 51):
        push.push_newest("view", (version, [("Ada", version)]))
    await asyncio.sleep(0.2)
    assert pushed == [1, 50]


async def test_an_older_snapshot_never_replaces_a_newer_one_waiting(pushed):
    push.push_newest("view", (1, []))
    await asyncio.sleep(0)
    push.push_newest("view", (3, []))
    push.push_newest("view", (2, []))  # answers and pushes race: 2 arrives after 3
    await asyncio.sleep(0.2)
    assert pushed == [1, 3]


async def test_changes_further_apart_than_the_interval_are_each_pushed(pushed):
    for version in (1, 2, 3):
        push.push_newest("view", (version, []))
        await asyncio.sleep(0.1)
    assert pushed == [1, 2, 3]


async def test_each_view_has_its_own_pusher(pushed, monkeypatch):
    paths = []

    async def record(view_path, *, handler, payload):
        paths.append((view_path, payload["version"]))

    monkeypatch.setattr(push, "apush_to_view", record)
    push.push_newest("first", (1, []))
    push.push_newest("second", (1, []))
    await asyncio.sleep(0)
    assert sorted(paths) == [("first", 1), ("second", 1)]

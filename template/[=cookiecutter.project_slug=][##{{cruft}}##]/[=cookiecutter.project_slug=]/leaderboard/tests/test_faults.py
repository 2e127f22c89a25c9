"""The leaderboard when Redis misbehaves, over real websockets and a real redis-server.

Lost replies, slow replies, a stopped server, a server that never answers (tests/faults.py):
an increment is applied at most once, and the page shows its error within the deadline.
Run with `-s` to see the timings.
"""

import asyncio
import time

import pytest
import redis

from [= cookiecutter.project_slug =].leaderboard.board import SCORES_KEY
from [= cookiecutter.project_slug =].leaderboard.standin import RedisServer
from [= cookiecutter.project_slug =].leaderboard.views import LeaderboardView
from [= cookiecutter.project_slug =].services.registry import aclose_all
from tests.faults import RespFaultProxy, paused, silent_server
from tests.livesocket import frame_text

from .test_leaderboard_view import mount_loaded

pytestmark = pytest.mark.django_db(transaction=True)

DEADLINE = 2.0  # SERVICE_DEADLINE for these tests (5 s by default): the bound is this + 1 s
WRITES = {"EXEC", "EVALSHA", "EVAL"}  # a transaction, or a script: Redis runs it once it arrives


@pytest.fixture
def proxy(real_redis, settings):
    """The real redis-server behind a RESP-aware fault proxy; REDIS_URL points at the proxy."""
    fault_proxy = RespFaultProxy(real_redis.port)
    fault_proxy.drop_after = WRITES
    settings.REDIS_URL = fault_proxy.url
    settings.SERVICE_DEADLINE = DEADLINE
    yield fault_proxy
    fault_proxy.close()


def stored_score(url: str, player: str) -> float | None:
    with redis.Redis.from_url(url) as client:
        return client.zscore(SCORES_KEY, player)


async def timed_event(socket, handler: str, **params) -> tuple[str, float]:
    started = time.monotonic()
    reply = await socket.event(handler, **params)
    return frame_text(reply), time.monotonic() - started


async def test_a_lost_reply_to_an_increment_is_not_applied_twice(proxy, real_redis, member_live):
    """Redis runs the write once it arrives; redis-py re-sends it when the reply is lost."""
    socket, _ = await mount_loaded(member_live)
    await socket.event("add_player", name="Amy")
    proxy.drop_next = 1  # the increment's write reaches Redis, its reply never comes back
    reply = await socket.event("increment", player="Amy", points="5")
    assert proxy.dropped == 1 and "Redis" not in frame_text(reply)  # the retry was answered
    assert stored_score(real_redis.url, "Amy") == 5  # not 10
    text = frame_text(await socket.event("increment", player="Amy", points="1"))
    assert stored_score(real_redis.url, "Amy") == 6 and "6" in text


async def test_a_reply_slower_than_the_deadline_shows_may_not_have_been_saved(
    proxy, real_redis, member_live
):
    socket, _ = await mount_loaded(member_live)
    await socket.event("add_player", name="Amy")
    proxy.reply_delay = 30
    text, took = await timed_event(socket, "increment", player="Amy", points="5")
    print(f"\nreply delayed 30 s: the page showed its error after {took:.2f} s")
    assert took < DEADLINE + 1
    assert "may not have been saved" in text
    assert "No players yet" not in text  # only the error


async def test_a_stopped_redis_server_shows_an_error_within_the_deadline(settings, member_live):
    settings.SERVICE_DEADLINE = DEADLINE
    server = RedisServer().start()
    try:
        settings.REDIS_URL = server.url
        socket, _ = await mount_loaded(member_live)
        await socket.event("add_player", name="Amy")
        with paused(server.pid):
            text, took = await timed_event(socket, "increment", player="Amy", points="5")
        print(f"\nredis-server stopped (SIGSTOP): the page showed its error after {took:.2f} s")
        assert took < DEADLINE + 1
        assert "may not have been saved" in text  # it was sent on the open connection
        await asyncio.sleep(0.2)  # continued, Redis runs what it had received
        assert stored_score(server.url, "Amy") == 5
        text = frame_text(await socket.event("increment", player="Amy", points="1"))
        assert stored_score(server.url, "Amy") == 6
    finally:
        await aclose_all()
        server.stop()


async def test_a_server_that_never_answers_shows_was_not_saved_within_the_deadline(
    real_redis, settings, member_live
):
    settings.SERVICE_DEADLINE = DEADLINE
    socket, _ = await mount_loaded(member_live)
    await socket.event("add_player", name="Amy")
    with silent_server() as port:
        settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
        await aclose_all()
        text, took = await timed_event(socket, "increment", player="Amy", points="5")
    print(f"\nsilent server: the page showed its error after {took:.2f} s")
    assert took < DEADLINE + 1
    # The connection's handshake never got an answer: the increment was never written.
    assert "was not saved" in text and "may not" not in text
    assert "No players yet" not in text


async def test_50_clients_x_40_increments_with_every_25th_write_reply_lost(proxy, real_redis):
    """acknowledged <= stored <= sent; with an event id per action, stored == sent."""
    clients, increments = 50, 40
    proxy.drop_every = 25
    views = [LeaderboardView() for _ in range(clients)]
    for number, view in enumerate(views):
        await view.add_player(name=f"P{number}")
        assert not view.error, view.error
    acknowledged = unknown = not_saved = 0

    async def one_client(number: int, view: LeaderboardView) -> None:
        nonlocal acknowledged, unknown, not_saved
        for _ in range(increments):
            await view.increment(player=f"P{number}", points="1")
            if not view.error:
                acknowledged += 1
            elif "may not have been saved" in view.error:
                unknown += 1
            else:
                assert "was not saved" in view.error, view.error
                not_saved += 1

    await asyncio.gather(*(one_client(number, view) for number, view in enumerate(views)))
    sent = clients * increments
    stored = sum(stored_score(real_redis.url, f"P{number}") for number in range(clients))
    print(
        f"\n{clients} x {increments} increments, the reply of every 25th write lost "
        f"({proxy.dropped} dropped): sent {sent}, acknowledged {acknowledged}, "
        f"unknown {unknown}, not saved {not_saved}, stored {int(stored)}"
    )
    assert proxy.dropped >= sent // 25
    assert acknowledged + unknown + not_saved == sent  # every outcome was shown
    assert acknowledged <= stored <= acknowledged + unknown
    assert stored == sent


async def test_after_redis_stops_a_write_is_known_not_saved(settings, member_live):
    """A pooled connection the server closed is noticed before the write goes out on it."""
    server = RedisServer().start()
    try:
        settings.REDIS_URL = server.url
        socket, _ = await mount_loaded(member_live)
        await socket.event("add_player", name="Amy")
        server.stop()
        text = frame_text(await socket.event("increment", player="Amy", points="5"))
        assert "Redis is unreachable right now: your change was not saved" in text
    finally:
        await aclose_all()
        server.stop()

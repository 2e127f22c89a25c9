"""The leaderboard over real websockets and a real redis-server: changes reach every viewer."""

import socket as socket_module

import pytest

from [= cookiecutter.project_slug =].services.ports import free_port
from [= cookiecutter.project_slug =].services.registry import aclose_all
from tests.livesocket import frame_text, rendered_texts

VIEW = "[= cookiecutter.project_slug =].leaderboard.views.LeaderboardView"
pytestmark = pytest.mark.django_db(transaction=True)


async def mount_loaded(live):
    """Mount and wait for the scores loaded after mount (no I/O in mount itself)."""
    socket, mounted = await live(VIEW, "/leaderboard/")
    assert "Loading scores" in mounted["html"]
    loaded = await socket.receive()
    assert "Loading scores" not in frame_text(loaded)
    return socket, loaded


async def test_add_and_increment_show_the_new_scores(real_redis, member_live):
    socket, loaded = await mount_loaded(member_live)
    assert "No players yet" in frame_text(loaded)
    added = await socket.event("add_player", name="Ada")
    assert "Ada" in frame_text(added)
    bumped = await socket.event("increment", player="Ada", points="10")
    assert "10" in rendered_texts(bumped)


async def test_an_increment_by_one_viewer_reaches_the_other_in_its_next_frame(
    real_redis, member_live
):
    first, _ = await mount_loaded(member_live)
    second, _ = await mount_loaded(member_live)
    await first.event("add_player", name="Grace")
    assert "Grace" in frame_text(await second.receive())

    await first.event("increment", player="Grace", points="7")
    pushed = await second.receive()
    assert pushed["type"] == "patch" and pushed.get("broadcast") is True
    assert "7" in rendered_texts(pushed)


@pytest.mark.parametrize(
    ("event", "params", "message"),
    [
        ("add_player", {"name": ""}, "1 to 24 characters"),
        ("add_player", {"name": "<script>"}, "1 to 24 characters"),
        ("increment", {"player": "Nobody", "points": "1"}, "is not on the board"),
        ("increment", {"player": "Ada", "points": "1000"}, "from 1 to 100"),
        ("increment", {"player": "Ada", "points": "²"}, "from 1 to 100"),
    ],
)
async def test_bad_input_shows_a_message_and_the_socket_stays_open(
    real_redis, member_live, event, params, message
):
    socket, _ = await mount_loaded(member_live)
    await socket.event("add_player", name="Ada")
    reply = await socket.event(event, **params)
    assert message in frame_text(reply)
    assert "1" in rendered_texts(await socket.event("increment", player="Ada", points="1"))


async def use_redis_at(settings, url: str) -> None:
    """Point the services at another Redis: the next call builds a client for it."""
    settings.REDIS_URL = url
    await aclose_all()


async def test_redis_down_shows_an_error_then_recovers(real_redis, member_live, settings):
    socket, _ = await mount_loaded(member_live)
    await use_redis_at(settings, f"redis://127.0.0.1:{free_port()}/0")  # nothing listens
    failed = await socket.event("add_player", name="Ada")
    assert "Redis is unreachable" in frame_text(failed)
    await use_redis_at(settings, real_redis.url)
    assert "Ada" in frame_text(await socket.event("add_player", name="Ada"))


async def test_a_redis_slower_than_the_timeout_shows_an_error_then_recovers(
    real_redis, member_live, settings
):
    settings.SERVICE_READ_TIMEOUT = 0.3
    socket, _ = await mount_loaded(member_live)
    with socket_module.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        await use_redis_at(settings, f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
        failed = await socket.event("add_player", name="Ada")
    assert "your change was not saved" in frame_text(failed)  # the handshake got no answer
    await use_redis_at(settings, real_redis.url)
    assert "Ada" in frame_text(await socket.event("add_player", name="Ada"))


async def test_a_change_after_redis_lost_its_data_is_shown(real_redis, member_live):
    """A restart without persistence starts the version from 0 again: own answers still show."""
    import redis.asyncio as aioredis

    socket, _ = await mount_loaded(member_live)
    for name in ("Ada", "Bob", "Cy"):
        await socket.event("add_player", name=name)
    async with aioredis.Redis.from_url(real_redis.url) as connection:
        await connection.flushdb()
    assert "Dee" in frame_text(await socket.event("add_player", name="Dee"))

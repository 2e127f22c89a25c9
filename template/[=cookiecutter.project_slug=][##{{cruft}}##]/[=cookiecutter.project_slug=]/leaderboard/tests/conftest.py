import fakeredis
import pytest

from [= cookiecutter.project_slug =].leaderboard.standin import RedisServer


@pytest.fixture(scope="session")
def redis_server():
    """A real redis-server for the session (Debian's `redis-server` package)."""
    if RedisServer.executable is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
async def real_redis(redis_server, settings):
    """REDIS_URL pointing at the real server, emptied before each test."""
    import redis.asyncio as aioredis

    settings.REDIS_URL = redis_server.url
    async with aioredis.Redis.from_url(redis_server.url) as connection:
        await connection.flushdb()
    return redis_server


@pytest.fixture
def fake_redis(monkeypatch):
    """The services' Redis client replaced by fakeredis: fast, no server."""
    from [= cookiecutter.project_slug =].services import redis as redis_service

    client = fakeredis.FakeAsyncRedis(decode_responses=True)
    monkeypatch.setattr(redis_service, "get_redis", lambda: client)
    monkeypatch.setattr("[= cookiecutter.project_slug =].leaderboard.board.get_redis", lambda: client)
    return client

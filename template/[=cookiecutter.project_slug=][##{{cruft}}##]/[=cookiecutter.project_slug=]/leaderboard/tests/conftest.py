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
def fake_redis():
    """fakeredis: a fast in-process stand-in for unit tests, no server."""
    return fakeredis.FakeAsyncRedis(decode_responses=True)

"""Readiness: is each outside service this site needs reachable right now?

`/readyz` (see the project's health.py) runs every check at once, each bounded by
READINESS_TIMEOUT, so one stalled service cannot hang the probe that asks.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection
[% if cookiecutter.channel_layer == 'redis' and 'redis' not in cookiecutter.examples %]from redis import asyncio as aioredis  # channels-redis's own client library
[% endif %]
from .errors import ServiceError
[% if 'redis' in cookiecutter.examples %]from .redis import check as check_redis
[% endif %][% if 's3' in cookiecutter.examples %]from .s3 import check as check_object_storage
[% endif %][% if 'weather' in cookiecutter.examples %]from .weather import check as check_weather
[% endif %]

@sync_to_async
def check_database() -> None:
    """The default database answers a query (on Django's one thread for sync code)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
[% if cookiecutter.channel_layer == 'redis' and 'redis' not in cookiecutter.examples %]

async def check_redis() -> None:
    """The channel layer's Redis answers a PING."""
    async with aioredis.Redis.from_url(settings.REDIS_URL) as client:
        await client.ping()
[% endif %]

def configured_checks() -> dict[str, Callable[[], Awaitable[None]]]:
    """Name -> check, for every service this site is configured to use."""
    checks: dict[str, Callable[[], Awaitable[None]]] = {"database": check_database}
[% if 'redis' in cookiecutter.examples %]    checks["redis"] = check_redis
[% elif cookiecutter.channel_layer == 'redis' %]    if settings.REDIS_URL:  # without it, one process keeps the channel layer in memory
        checks["redis"] = check_redis
[% endif %][% if 's3' in cookiecutter.examples %]    checks["object storage"] = check_object_storage
[% endif %][% if 'weather' in cookiecutter.examples %]    checks["weather"] = check_weather
[% endif %]    return checks


async def readiness() -> list[tuple[str, str]]:
    """(name, "" when it is up, else a short reason) for each configured service."""
    timeout = settings.READINESS_TIMEOUT

    async def run(name: str, check: Callable[[], Awaitable[None]]) -> tuple[str, str]:
        try:
            async with asyncio.timeout(timeout):
                await check()
        except TimeoutError:
            return name, f"no answer within {timeout:g} s"
        except ServiceError as error:  # its message is written to be shown
            return name, str(error)
        except Exception as error:  # a driver's own error: its name, not its details
            return name, type(error).__name__
        return name, ""

    return await asyncio.gather(*(run(name, check) for name, check in configured_checks().items()))

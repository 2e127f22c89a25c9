"""The leaderboard's data: a Redis sorted set, changed atomically."""

from __future__ import annotations

import re

from redis.exceptions import RedisError

from [= cookiecutter.project_slug =].services.redis import get_redis, service_error

SCORES_KEY = "leaderboard:scores"
VERSION_KEY = "leaderboard:version"  # bumped with every change: newer snapshots win
TOP_N = 10
MAX_INCREMENT = 100
PLAYER_NAME = re.compile(r"^[\w][\w .'-]{0,23}$")


def clean_player_name(raw: object) -> str:
    """The name with spaces tidied, or ValueError saying what a name may be."""
    name = " ".join(raw.split()) if isinstance(raw, str) else ""
    if not PLAYER_NAME.match(name):
        raise ValueError(
            "A player name has 1 to 24 characters: letters, digits, spaces and . ' - _, "
            "starting with a letter or digit."
        )
    return name


def clean_increment(raw: object) -> int:
    """Points from a form (a string) or a script (an int), or ValueError saying the range."""
    valid_type = isinstance(raw, str | int) and not isinstance(raw, bool)
    text = str(raw).strip() if valid_type else ""
    if not text.isdigit() or not 1 <= int(text) <= MAX_INCREMENT:
        raise ValueError(f"Add a whole number of points from 1 to {MAX_INCREMENT}.")
    return int(text)


Snapshot = tuple[int, list[list]]  # (version, [[player, score], ...] best first)


async def _change(command: str, *args) -> Snapshot:
    """Run one change, bump the version and read the top N in one atomic transaction."""
    try:
        async with get_redis().pipeline(transaction=True) as pipe:
            getattr(pipe, command)(SCORES_KEY, *args)
            pipe.incr(VERSION_KEY)
            pipe.zrevrange(SCORES_KEY, 0, TOP_N - 1, withscores=True)
            _, version, rows = await pipe.execute()
    except RedisError as error:
        raise service_error(error) from error
    return version, [[player, int(score)] for player, score in rows]


async def add_player(name: str) -> Snapshot:
    """Add a player at 0 points; an existing player keeps their score."""
    return await _change("zadd", {name: 0}, True)  # nx=True


async def increment(name: str, points: int) -> Snapshot:
    return await _change("zincrby", points, name)


async def top() -> Snapshot:
    try:
        async with get_redis().pipeline(transaction=True) as pipe:
            pipe.get(VERSION_KEY)
            pipe.zrevrange(SCORES_KEY, 0, TOP_N - 1, withscores=True)
            version, rows = await pipe.execute()
    except RedisError as error:
        raise service_error(error) from error
    return int(version or 0), [[player, int(score)] for player, score in rows]

"""The leaderboard's data: a Redis sorted set, changed atomically."""

from __future__ import annotations

import re

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from [= cookiecutter.project_slug =].services.redis import service_error

SCORES_KEY = "leaderboard:scores"
VERSION_KEY = "leaderboard:version"  # bumped with every change: newer snapshots win
TOP_N = 10
MAX_INCREMENT = 100
PLAYER_NAME = re.compile(r"^[\w][\w .'-]{0,23}$")
WHOLE_NUMBER = re.compile(r"[0-9]{1,3}")  # ASCII digits only: "²".isdigit() is True

Snapshot = tuple[int, list[list]]  # (version, [[player, score], ...] best first)


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
    if not WHOLE_NUMBER.fullmatch(text) or not 1 <= int(text) <= MAX_INCREMENT:
        raise ValueError(f"Add a whole number of points from 1 to {MAX_INCREMENT}.")
    return int(text)


class Leaderboard:
    """Scores in one sorted set; every change also bumps a version and reads the top N."""

    def __init__(self, client: aioredis.Redis) -> None:
        self._redis = client

    async def add_player(self, name: str) -> Snapshot:
        """Add a player at 0 points; an existing player keeps their score."""
        _, version, rows = await self._execute(
            lambda pipe: (pipe.zadd(SCORES_KEY, {name: 0}, nx=True), pipe.incr(VERSION_KEY))
        )
        return version, _rows(rows)

    async def increment(self, name: str, points: int) -> Snapshot:
        """Add points to an existing player (ValueError if there is none)."""
        new_score, version, rows = await self._execute(
            lambda pipe: (
                pipe.zadd(SCORES_KEY, {name: points}, xx=True, incr=True),
                pipe.incr(VERSION_KEY),
            )
        )
        if new_score is None:  # XX: Redis changed nothing, the player does not exist
            raise ValueError(f"“{name}” is not on the board; add the player first.")
        return version, _rows(rows)

    async def top(self) -> Snapshot:
        version, rows = await self._execute(lambda pipe: pipe.get(VERSION_KEY))
        return int(version or 0), _rows(rows)

    async def _execute(self, queue_commands) -> list:
        """One MULTI/EXEC: the queued commands, then the top N read in the same instant."""
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                queue_commands(pipe)
                pipe.zrevrange(SCORES_KEY, 0, TOP_N - 1, withscores=True)
                return await pipe.execute()
        except RedisError as error:
            raise service_error(error) from error


def _rows(rows: list) -> list[list]:
    return [[player, int(score)] for player, score in rows]

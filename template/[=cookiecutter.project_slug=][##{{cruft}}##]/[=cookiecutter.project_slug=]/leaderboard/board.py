"""The leaderboard's data: a Redis sorted set, changed at most once per user action.

Every change is one Lua script (Redis runs a script atomically): it applies the action
unless its event id was already applied, bumps the version, and reads the top N and the
rows a viewer asked about, all in the same instant. redis-py re-sends a command after a
lost reply or a timeout (services/redis.py); the id makes the re-sent script a no-op
that returns the first run's outcome, so the points stored are the points sent.

Order: higher score first; equal scores by name A→Z as Redis compares names, byte by
byte (capital letters before small ones: "Zoë" before "amy").
"""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass, field

import redis.asyncio as aioredis

from [= cookiecutter.project_slug =].services.redis import redis_action

SCORES_KEY = "leaderboard:scores"
VERSION_KEY = "leaderboard:version"  # bumped with every change: newer snapshots win
APPLIED_KEY = "leaderboard:applied:{}"  # an event id applied, with its outcome
APPLIED_TTL = 600  # seconds an event id is remembered: far longer than any retry
TOP_N = 10
MAX_INCREMENT = 100
PLAYER_NAME = re.compile(r"^[\w][\w .'-]{0,23}$")
WHOLE_NUMBER = re.compile(r"[0-9]{1,3}")  # ASCII digits only: "²".isdigit() is True

Score = int | float | str  # a whole number, a fraction another program wrote, or "∞"/"-∞"
Snapshot = tuple[int, list[list]]  # (version, [[player, score], ...] best first)

# KEYS: scores, version, applied (an event id; absent for a read).
# ARGV: action (add, increment, read), player, points, ttl, top n, then names to rank.
# Returns {outcome, version, top [player, score, ...], ranked [player, score, rank, ...]}.
CHANGE_ONCE_AND_READ = """
local scores, version_key = KEYS[1], KEYS[2]
local action, player, n = ARGV[1], ARGV[2], tonumber(ARGV[5])
local outcome = 'read'
if action ~= 'read' then
  outcome = redis.call('GET', KEYS[3])
  if not outcome then
    if action == 'add' then
      outcome = redis.call('ZADD', scores, 'NX', 0, player) == 1 and 'added' or 'exists'
    else
      outcome = redis.call('ZADD', scores, 'XX', 'INCR', ARGV[3], player) and 'scored' or 'missing'
    end
    if outcome == 'added' or outcome == 'scored' then redis.call('INCR', version_key) end
    redis.call('SET', KEYS[3], outcome, 'NX', 'EX', ARGV[4])
  end
end
-- The top n: ZREVRANGE orders equal scores Z to A; take everyone above the n-th
-- score, then the players at that score A to Z (ZRANGEBYSCORE), as many as fit.
local top = {}
local best = redis.call('ZREVRANGE', scores, 0, n - 1, 'WITHSCORES')
if #best > 0 then
  local last = best[#best]
  top = redis.call('ZRANGEBYSCORE', scores, '(' .. last, '+inf', 'WITHSCORES')
  local room = n - #top / 2
  local tied = redis.call('ZRANGEBYSCORE', scores, last, last, 'WITHSCORES', 'LIMIT', 0, room)
  for _, value in ipairs(tied) do table.insert(top, value) end
end
local ranked = {}
for i = 6, #ARGV do
  local score = redis.call('ZSCORE', scores, ARGV[i])
  if score then
    local higher = redis.call('ZCOUNT', scores, '(' .. score, '+inf')
    local lower = redis.call('ZCOUNT', scores, '-inf', '(' .. score)
    local before_at_same_score = redis.call('ZRANK', scores, ARGV[i]) - lower
    table.insert(ranked, ARGV[i])
    table.insert(ranked, score)
    table.insert(ranked, higher + before_at_same_score + 1)
  end
end
return {outcome, tonumber(redis.call('GET', version_key) or '0'), top, ranked}
"""


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


def new_event_id() -> str:
    """One per user action (made in the handler): its retries carry the same one."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Outcome:
    """What one script run did (added, exists, scored, missing, read) and what it read."""

    action: str
    snapshot: Snapshot
    ranked: list[list] = field(default_factory=list)  # [[player, score, rank], ...]


class Leaderboard:
    """Scores in one sorted set; every change also bumps a version and reads the top N."""

    def __init__(self, client: aioredis.Redis) -> None:
        self._redis = client
        self._script = client.register_script(CHANGE_ONCE_AND_READ)

    async def add_player(self, name: str, event_id: str, ranked: tuple = ()) -> Outcome:
        """Add a player at 0 points; an existing player keeps their score ("exists")."""
        return await self._run("add", name, 0, event_id, ranked)

    async def increment(self, name: str, points: int, event_id: str, ranked: tuple = ()) -> Outcome:
        """Add points to an existing player (ValueError if there is none)."""
        outcome = await self._run("increment", name, points, event_id, ranked)
        if outcome.action == "missing":  # ZADD XX changed nothing: no such player
            raise ValueError(f"“{name}” is not on the board; add the player first.")
        return outcome

    async def top(self, ranked: tuple = ()) -> Outcome:
        """The top N, and the rank of each player named in `ranked`."""
        return await self._run("read", "", 0, None, ranked)

    async def _run(
        self, action: str, name: str, points: int, event_id: str | None, ranked: tuple
    ) -> Outcome:
        keys = [SCORES_KEY, VERSION_KEY]
        if event_id:
            keys.append(APPLIED_KEY.format(event_id))
        args = [action, name, points, APPLIED_TTL, TOP_N, *ranked]
        async with redis_action(event_id):
            done, version, top, found = await self._script(keys=keys, args=args)
        return Outcome(done, (int(version), _top_rows(top)), _ranked_rows(found))


def _top_rows(flat: list) -> list[list]:
    pairs = [(flat[i], float(flat[i + 1])) for i in range(0, len(flat), 2)]
    pairs.sort(key=lambda pair: (-pair[1], pair[0].encode()))  # Redis compares bytes
    return [[player, shown_score(score)] for player, score in pairs]


def _ranked_rows(flat: list) -> list[list]:
    return [
        [flat[i], shown_score(float(flat[i + 1])), int(flat[i + 2])] for i in range(0, len(flat), 3)
    ]


def shown_score(score: float) -> Score:
    """A sorted-set score as the page shows it: another program may write 2.5 or inf."""
    if math.isinf(score):
        return "∞" if score > 0 else "-∞"
    return int(score) if score.is_integer() else score

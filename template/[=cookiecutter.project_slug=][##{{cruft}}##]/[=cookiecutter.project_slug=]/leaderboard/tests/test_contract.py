"""Redis's documented behaviour that the leaderboard relies on, against a real Redis.

Every assertion is written from Redis's own documentation (each test cites its page),
not from what our stand-in happens to do. They run against the local redis-server
always, and against another Redis under

    REDIS_CONTRACT_URL=redis://host:6379/15 make test-contracts

Keys: every test works on keys under its own prefix (`contract-test:<random>:`) and
deletes only those keys afterwards. It never runs FLUSHDB or FLUSHALL, and never
touches the leaderboard's own keys; still, point it at a spare database number (/15)
rather than at production data.
"""

from __future__ import annotations

import uuid

import pytest
import redis

from [= cookiecutter.project_slug =].leaderboard.board import CHANGE_ONCE_AND_READ
from tests.contracts import STAND_IN, targets

pytestmark = pytest.mark.contract

DOCS = "https://redis.io/docs/latest"


class Target:
    """A client of one target, and key names under a prefix of this test's own."""

    def __init__(self, url: str) -> None:
        self.client = redis.Redis.from_url(url, decode_responses=True, socket_timeout=10)
        self.prefix = f"contract-test:{uuid.uuid4().hex}:"

    def key(self, name: str) -> str:
        return self.prefix + name

    def delete_own_keys(self) -> None:
        own = list(self.client.scan_iter(match=self.prefix + "*", count=1000))
        if own:
            self.client.delete(*own)
        self.client.close()


@pytest.fixture(params=targets("REDIS_CONTRACT_URL", "redis://host:6379/15"))
def target(request):
    if request.param == STAND_IN:
        url = request.getfixturevalue("redis_server").url
    else:
        url = request.param
    connected = Target(url)
    yield connected
    connected.delete_own_keys()


def send_without_reading(target: Target, *commands: tuple) -> None:
    """Write commands on a connection of their own, then drop it unread (a lost reply)."""
    connection = target.client.connection_pool.make_connection()
    connection.connect()
    connection.send_packed_command(connection.pack_commands(commands))
    connection.disconnect()


# --- Transactions: https://redis.io/docs/latest/develop/interact/transactions/ ------


def test_a_transaction_runs_once_exec_arrives_even_if_its_reply_is_lost(target):
    """Transactions, "Usage"/"Errors": "If a client loses the connection to the server in
    the context of a transaction before calling EXEC none of the operations are
    performed, instead if the EXEC command is called, all the operations are performed."
    (Why a re-sent transaction counts twice.)"""
    counter = target.key("counter")
    send_without_reading(target, ("MULTI",), ("INCRBY", counter, 5), ("EXEC",))
    assert target.client.get(counter) == "5"


def test_a_transaction_without_exec_changes_nothing(target):
    """Transactions: "before calling EXEC none of the operations are performed"."""
    counter = target.key("counter")
    send_without_reading(target, ("MULTI",), ("INCRBY", counter, 5))
    assert target.client.get(counter) is None


def test_all_commands_of_a_transaction_run_together(target):
    """Transactions: "All the commands in a transaction are serialized and executed
    sequentially ... This guarantees that the commands are executed as a single isolated
    operation"; EXEC returns one reply per command."""
    scores = target.key("scores")
    with target.client.pipeline(transaction=True) as pipe:
        pipe.zadd(scores, {"Amy": 1}).zincrby(scores, 2, "Amy").zscore(scores, "Amy")
        assert pipe.execute() == [1, 3.0, 3.0]


# --- Sorted sets -------------------------------------------------------------------


def test_zadd_xx_incr_on_a_missing_member_returns_nil_and_adds_nothing(target):
    """https://redis.io/docs/latest/commands/zadd/: XX "Only update elements that already
    exist. Don't add new elements"; with INCR, "If the operation was aborted (because of
    a conflict with one of the XX/NX/... options), a nil reply is returned"."""
    scores = target.key("scores")
    assert target.client.zadd(scores, {"Ghost": 5}, xx=True, incr=True) is None
    assert target.client.zscore(scores, "Ghost") is None
    target.client.zadd(scores, {"Amy": 1})
    assert target.client.zadd(scores, {"Amy": 5}, xx=True, incr=True) == 6


def test_zadd_nx_adds_new_members_and_leaves_existing_ones(target):
    """https://redis.io/docs/latest/commands/zadd/: NX "Only add new elements. Don't
    update already existing elements"; the reply is "the number of new members"."""
    scores = target.key("scores")
    assert target.client.zadd(scores, {"Amy": 7}, nx=True) == 1
    assert target.client.zadd(scores, {"Amy": 0}, nx=True) == 0
    assert target.client.zscore(scores, "Amy") == 7


def test_equal_scores_order_lexicographically_and_rev_reverses_it(target):
    """https://redis.io/docs/latest/commands/zrange/: "Members with the same score are
    ordered lexicographically" and REV reverses the order; ZREVRANGE (deprecated for
    ZRANGE ... REV): "Descending lexicographical order is used for elements with equal
    score" (https://redis.io/docs/latest/commands/zrevrange/). Lexicographic means byte
    by byte (https://redis.io/docs/latest/develop/data-types/sorted-sets/): capitals first."""
    scores = target.key("scores")
    target.client.zadd(scores, {"P0": 0, "Aaron": 0, "amy": 0, "Zoë": 0, "Top": 1})
    assert target.client.zrange(scores, 0, -1) == ["Aaron", "P0", "Zoë", "amy", "Top"]
    assert target.client.zrange(scores, 0, -1, desc=True) == ["Top", "amy", "Zoë", "P0", "Aaron"]
    assert target.client.zrevrange(scores, 0, -1) == ["Top", "amy", "Zoë", "P0", "Aaron"]


def test_infinite_scores_are_valid_and_sort_at_the_ends(target):
    """https://redis.io/docs/latest/commands/zadd/: "+inf and -inf values are valid
    scores as well"; ZINCRBY adds to them (https://redis.io/docs/latest/commands/zincrby/)."""
    scores = target.key("scores")
    target.client.zadd(scores, {"Up": "+inf", "Down": "-inf", "Mid": 2.5})
    assert target.client.zrange(scores, 0, -1, withscores=True) == [
        ("Down", float("-inf")),
        ("Mid", 2.5),
        ("Up", float("inf")),
    ]
    assert target.client.zincrby(scores, 5, "Up") == float("inf")


def test_score_ranges_take_exclusive_bounds_and_infinities(target):
    """https://redis.io/docs/latest/commands/zrangebyscore/: "min and max can be -inf and
    +inf"; "By default, the interval specified by min and max is closed (inclusive). It
    is possible to specify an open interval (exclusive) by prefixing the score with the
    character (". LIMIT offset count limits the range; ZCOUNT takes the same bounds
    (https://redis.io/docs/latest/commands/zcount/)."""
    scores = target.key("scores")
    target.client.zadd(scores, {"a": 1, "b": 2, "c": 2, "d": 3, "e": "inf"})
    assert target.client.zrangebyscore(scores, "(2", "+inf") == ["d", "e"]
    assert target.client.zrangebyscore(scores, 2, 2, start=0, num=1) == ["b"]
    assert target.client.zcount(scores, "(inf", "+inf") == 0
    assert target.client.zcount(scores, "-inf", "(2") == 1


def test_zrank_counts_from_zero_in_ascending_order(target):
    """https://redis.io/docs/latest/commands/zrank/: "Returns the rank of member in the
    sorted set stored at key, with the scores ordered from low to high. The rank (or
    index) is 0-based"; nil for a missing member."""
    scores = target.key("scores")
    target.client.zadd(scores, {"a": 1, "b": 1, "c": 0})
    assert [target.client.zrank(scores, name) for name in "cab"] == [0, 1, 2]
    assert target.client.zrank(scores, "nobody") is None


# --- SET NX EX: https://redis.io/docs/latest/commands/set/ --------------------------


def test_set_nx_ex_sets_once_with_an_expiry(target):
    """SET: NX "Only set the key if it does not already exist"; EX "Set the specified
    expire time, in seconds"; the reply is nil "if the SET was not performed"."""
    applied = target.key("applied")
    assert target.client.set(applied, "scored", nx=True, ex=600) is True
    assert target.client.set(applied, "other", nx=True, ex=600) is None
    assert target.client.get(applied) == "scored"
    assert 0 < target.client.ttl(applied) <= 600


# --- Scripts: https://redis.io/docs/latest/develop/interact/programmability/ --------


def test_evalsha_of_an_unknown_script_is_refused_with_noscript(target):
    """https://redis.io/docs/latest/commands/evalsha/ and eval-intro ("Script cache"):
    EVALSHA of a script the server does not hold fails with "NOSCRIPT No matching script";
    SCRIPT LOAD (https://redis.io/docs/latest/commands/script-load/) returns its SHA1 and
    then EVALSHA runs it. (redis-py's Script loads it on NOSCRIPT and calls again.)"""
    source = f"return '{target.prefix}'"  # a script of this test's own
    with pytest.raises(redis.exceptions.NoScriptError):
        target.client.evalsha("0" * 40, 0)
    sha = target.client.script_load(source)
    assert target.client.evalsha(sha, 0) == target.prefix


def test_a_nil_reply_reaches_lua_as_false(target):
    """https://redis.io/docs/latest/develop/interact/programmability/lua-api/ ("RESP2 to
    Lua type conversion"): "RESP2 null bulk reply ... -> Lua false boolean type" (our
    script tests ZADD XX INCR's nil reply that way); a Lua number is returned as an
    integer reply."""
    scores = target.key("scores")
    script = "return {redis.call('ZADD', KEYS[1], 'XX', 'INCR', 1, 'x') == false, 1.9}"
    assert target.client.eval(script, 1, scores) == [1, 1]


def test_our_script_applies_an_event_id_once(target):
    """Scripts run atomically: "Redis guarantees the script's atomic execution. While
    executing the script, all server activities are blocked during its entire runtime"
    (https://redis.io/docs/latest/develop/interact/programmability/eval-intro/). So the
    script's GET-then-change of an event id cannot interleave with another run's."""
    keys = [target.key("scores"), target.key("version"), target.key("applied:1")]
    target.client.zadd(keys[0], {"Amy": 0})
    for _ in range(2):  # what a retry after a lost reply does: the same id again
        outcome, version, top, _ = target.client.eval(
            CHANGE_ONCE_AND_READ, 3, *keys, "increment", "Amy", 5, 600, 10
        )
        assert (outcome, version, top) == ("scored", 1, ["Amy", "5"])

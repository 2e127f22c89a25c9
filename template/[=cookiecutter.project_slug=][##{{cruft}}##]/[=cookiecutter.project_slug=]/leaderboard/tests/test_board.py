"""The leaderboard's data layer on fakeredis (fast) and on a real redis-server."""

import asyncio

import pytest

from [= cookiecutter.project_slug =].leaderboard import board
from [= cookiecutter.project_slug =].leaderboard.board import Leaderboard, new_event_id


@pytest.mark.parametrize(
    "name", ["Ada", "ada  lovelace", "tab\there", "Zoë", "R2-D2", "o'brien", "x" * 24]
)
def test_good_names_are_kept(name):
    assert board.clean_player_name(f"  {name} ") == " ".join(name.split())


@pytest.mark.parametrize("name", ["", " ", "x" * 25, "-lead", "a<b>", "bell\x07", "\x00", None])
def test_bad_names_say_what_a_name_may_be(name):
    with pytest.raises(ValueError, match="1 to 24 characters"):
        board.clean_player_name(name)


def test_increments_come_from_forms_or_scripts():
    assert board.clean_increment(" 7 ") == board.clean_increment(7) == 7


@pytest.mark.parametrize("points", ["0", "101", "-1", "1.5", "", "ten", None, True, 2.0, [1]])
def test_bad_increments_are_refused(points):
    with pytest.raises(ValueError, match="from 1 to 100"):
        board.clean_increment(points)


def once() -> str:
    return new_event_id()


async def test_add_increment_and_top_on_fakeredis(fake_redis):
    scores = Leaderboard(fake_redis)
    await scores.add_player("Ada", once())
    await scores.add_player("Linus", once())
    outcome = await scores.increment("Linus", 5, once())
    assert outcome.action == "scored"
    assert outcome.snapshot == (3, [["Linus", 5], ["Ada", 0]])
    again = await scores.add_player("Linus", once())  # the score is kept, nothing changed
    assert again.action == "exists" and again.snapshot == (3, [["Linus", 5], ["Ada", 0]])


async def test_an_unknown_player_is_not_created_by_an_increment(fake_redis):
    scores = Leaderboard(fake_redis)
    with pytest.raises(ValueError, match="is not on the board"):
        await scores.increment("Ghost", 5, once())
    assert (await scores.top()).snapshot == (0, [])


async def test_an_event_id_is_applied_once_however_often_it_is_sent(fake_redis):
    """What redis-py's retry does after a lost reply: the same script, the same id."""
    scores = Leaderboard(fake_redis)
    await scores.add_player("Amy", once())
    event_id = once()
    first = await scores.increment("Amy", 5, event_id)
    resent = await scores.increment("Amy", 5, event_id)
    assert first.snapshot == resent.snapshot == (2, [["Amy", 5]])
    assert await fake_redis.zscore(board.SCORES_KEY, "Amy") == 5
    assert 0 < await fake_redis.ttl(board.APPLIED_KEY.format(event_id)) <= board.APPLIED_TTL


async def test_equal_scores_are_listed_by_name_a_to_z(fake_redis):
    scores = Leaderboard(fake_redis)
    for name in ["P0", "Zoë", "amy", "Aaron", "Bob"]:
        await scores.add_player(name, once())
    await scores.increment("Bob", 1, once())
    _, rows = (await scores.top()).snapshot
    assert [row[0] for row in rows] == ["Bob", "Aaron", "P0", "Zoë", "amy"]


async def test_the_top_ten_ties_included_then_the_rank_of_players_asked_about(real_redis):
    import redis.asyncio as aioredis

    async with aioredis.Redis.from_url(real_redis.url, decode_responses=True) as client:
        scores = Leaderboard(client)
        for number in range(12):
            await scores.add_player(f"P{number:02}", once())
        await scores.increment("P11", 3, once())
        outcome = await scores.add_player("Aaron", once(), ranked=("Aaron", "P10", "Nobody"))
        _, rows = outcome.snapshot
        # Eleven at 0: Aaron (A before P) makes the top ten, P09 and P10 do not.
        assert [row[0] for row in rows] == ["P11", "Aaron", *[f"P{n:02}" for n in range(8)]]
        assert outcome.ranked == [["Aaron", 0, 2], ["P10", 0, 13]]


async def test_scores_another_program_wrote_do_not_break_the_board(real_redis):
    import redis.asyncio as aioredis

    async with aioredis.Redis.from_url(real_redis.url, decode_responses=True) as client:
        await client.zadd(board.SCORES_KEY, {"Up": "inf", "Down": "-inf", "Half": 2.5, "Ann": 1})
        scores = Leaderboard(client)
        outcome = await scores.increment("Up", 5, once(), ranked=("Down",))
        assert outcome.snapshot[1] == [["Up", "∞"], ["Half", 2.5], ["Ann", 1], ["Down", "-∞"]]
        assert outcome.ranked == [["Down", "-∞", 4]]


async def test_concurrent_increments_are_not_lost_on_real_redis(real_redis):
    import redis.asyncio as aioredis

    async with aioredis.Redis.from_url(real_redis.url, decode_responses=True) as client:
        scores = Leaderboard(client)
        await scores.add_player("Grace", once())
        await asyncio.gather(*(scores.increment("Grace", 2, once()) for _ in range(50)))
        assert (await scores.top()).snapshot == (51, [["Grace", 100]])

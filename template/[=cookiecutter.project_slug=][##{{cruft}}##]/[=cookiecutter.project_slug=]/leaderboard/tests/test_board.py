"""The leaderboard's data layer on fakeredis (fast) and on a real redis-server."""

import asyncio

import pytest

from [= cookiecutter.project_slug =].leaderboard import board
from [= cookiecutter.project_slug =].leaderboard.board import Leaderboard


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


async def test_add_increment_and_top_on_fakeredis(fake_redis):
    scores = Leaderboard(fake_redis)
    await scores.add_player("Ada")
    await scores.add_player("Linus")
    version, rows = await scores.increment("Linus", 5)
    assert rows == [["Linus", 5], ["Ada", 0]]
    assert version == 3
    assert await scores.add_player("Linus") == (4, [["Linus", 5], ["Ada", 0]])  # score kept


async def test_an_unknown_player_is_not_created_by_an_increment(fake_redis):
    scores = Leaderboard(fake_redis)
    with pytest.raises(ValueError, match="is not on the board"):
        await scores.increment("Ghost", 5)
    assert await scores.top() == (1, [])


async def test_top_keeps_the_ten_best_and_others_can_still_score(fake_redis):
    scores = Leaderboard(fake_redis)
    for number in range(15):
        await scores.add_player(f"p{number}")
        await scores.increment(f"p{number}", number + 1)
    _, rows = await scores.top()
    assert [row[0] for row in rows] == [f"p{n}" for n in range(14, 4, -1)]
    _, rows = await scores.increment("p0", 100)  # outside the top ten until now
    assert rows[0] == ["p0", 101]


async def test_concurrent_increments_are_not_lost_on_real_redis(real_redis):
    import redis.asyncio as aioredis

    async with aioredis.Redis.from_url(real_redis.url, decode_responses=True) as client:
        scores = Leaderboard(client)
        await scores.add_player("Grace")
        await asyncio.gather(*(scores.increment("Grace", 2) for _ in range(50)))
        assert await scores.top() == (51, [["Grace", 100]])

"""The leaderboard's data layer on fakeredis (fast) and on a real redis-server."""

import asyncio

import pytest

from [= cookiecutter.project_slug =].leaderboard import board


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
    await board.add_player("Ada")
    await board.add_player("Linus")
    version, rows = await board.increment("Linus", 5)
    assert rows == [["Linus", 5], ["Ada", 0]]
    assert version == 3
    assert await board.add_player("Linus") == (4, [["Linus", 5], ["Ada", 0]])  # score kept


async def test_top_keeps_the_ten_best(fake_redis):
    for number in range(15):
        await board.add_player(f"p{number}")
        await board.increment(f"p{number}", number + 1)
    _, rows = await board.top()
    assert [row[0] for row in rows] == [f"p{n}" for n in range(14, 4, -1)]


async def test_concurrent_increments_are_not_lost_on_real_redis(real_redis):
    await board.add_player("Grace")
    await asyncio.gather(*(board.increment("Grace", 2) for _ in range(50)))
    version, rows = await board.top()
    assert rows == [["Grace", 100]]
    assert version == 51

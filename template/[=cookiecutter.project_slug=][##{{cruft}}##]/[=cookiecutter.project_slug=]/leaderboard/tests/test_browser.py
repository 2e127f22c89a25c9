"""The leaderboard in a real browser, against the stand-in redis-server the tests own."""

import uuid

import pytest
import redis

from [= cookiecutter.project_slug =].leaderboard.board import SCORES_KEY
from tests.browser import PHONE, SIDEWAYS_OVERFLOW_JS

pytestmark = pytest.mark.browser


def unique(prefix: str) -> str:
    """A player of this test only: the board is shared by every test of the session."""
    return f"{prefix} {uuid.uuid4().hex[:6]}"


def add_player(page, name: str) -> None:
    page.get_by_label("New player").fill(name)
    page.get_by_role("button", name="Add player").click()


def row_of(page, name: str):
    return page.get_by_role("row").filter(has_text=name)


def seed_leaders(standins, count: int = 10) -> None:
    """`count` players far ahead of anyone the page adds (written as another program would)."""
    with redis.Redis.from_url(standins.redis.url) as client:
        client.zadd(SCORES_KEY, {unique("Pro") + f"{n:02}": 100_000 + n for n in range(count)})


@pytest.fixture(autouse=True)
def empty_board(standins):
    """Each test starts from an empty board (the tests own this redis-server)."""
    with redis.Redis.from_url(standins.redis.url) as client:
        client.delete(SCORES_KEY)


def test_an_increment_in_one_window_appears_in_the_other(dev_account, new_page):
    from playwright.sync_api import expect

    first, second = (new_page("/leaderboard/", dev_account) for _ in range(2))
    for page in (first, second):
        expect(page.get_by_text("Loading scores")).to_be_hidden()
    second.evaluate("window.stillTheSamePage = true")

    first.get_by_label("New player").fill("Grace")
    first.get_by_role("button", name="Add player").click()
    row = second.get_by_role("row").filter(has_text="Grace")
    expect(row).to_be_visible()

    first.get_by_role("row").filter(has_text="Grace").get_by_role("button", name="+10").click()
    expect(row.locator(".score")).to_have_text("10")
    assert second.evaluate("window.stillTheSamePage") is True


@pytest.mark.parametrize("websocket", [True, False], ids=["websocket", "http-fallback"])
def test_add_a_player_and_score(dev_account, new_page, websocket):
    from playwright.sync_api import expect

    page = new_page("/leaderboard/", dev_account, websocket=websocket)
    name = unique("Ada")
    add_player(page, name)
    expect(row_of(page, name)).to_be_visible()
    row_of(page, name).get_by_role("button", name="+10").click()
    expect(row_of(page, name).locator(".score")).to_have_text("10")
    row_of(page, name).get_by_role("button", name="+1", exact=True).click()
    expect(row_of(page, name).locator(".score")).to_have_text("11")
    expect(page.get_by_role("alert")).to_have_count(0)
    assert page.failed_requests == []


def test_a_player_beyond_the_top_ten_stays_in_sight_and_can_score(dev_account, new_page, standins):
    from playwright.sync_api import expect

    seed_leaders(standins)
    page = new_page("/leaderboard/", dev_account)
    name = unique("Aaron")
    add_player(page, name)
    mine = page.locator("tbody.yours").get_by_role("row").filter(has_text=name)
    expect(mine).to_be_visible()
    mine.get_by_role("button", name="+1", exact=True).click()
    expect(mine.locator(".score")).to_have_text("1")
    expect(page.get_by_role("alert")).to_have_count(0)


def test_adding_a_player_again_says_they_are_already_on_the_board(dev_account, new_page):
    from playwright.sync_api import expect

    page = new_page("/leaderboard/", dev_account)
    name = unique("Amy")
    add_player(page, name)
    row_of(page, name).get_by_role("button", name="+10").click()
    expect(row_of(page, name).locator(".score")).to_have_text("10")
    add_player(page, name)
    expect(page.get_by_role("status")).to_have_text(f"{name} is already on the board.")
    expect(row_of(page, name).locator(".score")).to_have_text("10")  # the score is kept


def test_a_redis_outage_shows_only_the_error_and_the_page_recovers(dev_account, new_page, standins):
    from playwright.sync_api import expect

    page = new_page("/leaderboard/", dev_account)
    name = unique("Linus")
    add_player(page, name)
    expect(row_of(page, name)).to_be_visible()
    standins.redis.stop()
    try:
        add_player(page, unique("Nobody"))
        expect(page.get_by_role("alert")).to_contain_text("Redis is unreachable")
        expect(page.get_by_role("alert")).to_contain_text("was not saved")
        expect(page.locator(".empty-note")).to_have_count(0)  # no "No players yet" beside it
        expect(page.get_by_role("table")).to_have_count(0)  # nor scores it cannot vouch for
    finally:
        standins.redis.start()  # an empty Redis: the stand-in keeps no data
    back = unique("Back")
    add_player(page, back)
    expect(row_of(page, back)).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    page.reload()  # and a fresh load of the page reads the scores again
    expect(row_of(page, back)).to_be_visible()


def test_the_board_fits_a_phone(dev_account, new_page, standins):
    from playwright.sync_api import expect

    seed_leaders(standins)
    with redis.Redis.from_url(standins.redis.url) as client:  # the longest name, top score
        client.zadd(SCORES_KEY, {"W" * 24: 10**15})
    page = new_page("/leaderboard/", dev_account, viewport=PHONE)
    add_player(page, unique("Phone"))
    expect(page.locator("tbody.yours")).to_be_visible()
    overflow = page.evaluate(SIDEWAYS_OVERFLOW_JS)
    assert overflow["scrollWidth"] <= overflow["innerWidth"], overflow

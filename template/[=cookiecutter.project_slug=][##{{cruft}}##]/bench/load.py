"""`python -m bench.run --load`: the reliability test of the leaderboard and weather views.

N clients x M events on each of the two views at once (50 x 100 by default), over real
websockets, against uvicorn with the real local backends and the rate limits raised in
bench/settings.py only. It passes when no error frame came, no socket was dropped or
refused, every event was answered, the scores in Redis rose by exactly the points sent
(no lost update), and every leaderboard page ended on the newest snapshot (pushes are
coalesced, never lost). Otherwise the exit status is 1: these are correctness checks, so
they decide it; the timing columns are for information.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from importlib import import_module

from .client import Tally, drive
from .scenarios import Scenario, add_players, scenarios

LOAD_PLAYERS = tuple(f"Load {number:02}" for number in range(10))


async def load_test(site, apps: dict[str, str], options: argparse.Namespace) -> int:
    views = {
        kind: scenario
        for kind, scenario in scenarios(apps, baseline=False).items()
        if kind in {"leaderboard", "weather"}
    }
    if not views:
        print("Load test: nothing to do, the project has neither the leaderboard nor weather.")
        return 0
    print(
        f"\nLoad test: {options.clients} clients x {options.events} events on "
        f"{' and '.join(views)} at once"
    )
    sent: Counter[str] = Counter()  # events sent, per view
    points: Counter[str] = Counter()  # points sent, per player
    before: dict[str, int] = {}

    def counted(kind: str, scenario: Scenario):
        def next_event(client: int, i: int) -> tuple[str, dict]:
            sent[kind] += 1
            if kind != "leaderboard":
                return scenario.next_event(client, i)
            # Different players and amounts, so a lost or doubled update shows in the sums.
            player, amount = LOAD_PLAYERS[(client + i) % len(LOAD_PLAYERS)], 1 + (client + i) % 7
            points[player] += amount
            return "increment", {"player": player, "points": str(amount)}

        return next_event

    async def newest_version() -> int:
        return await asyncio.to_thread(version, site, apps["leaderboard"])

    problems = Tally()
    if "leaderboard" in views:
        problems.add(await add_players(site, views["leaderboard"], LOAD_PLAYERS))
        before = scores(site, apps["leaderboard"])
    results = await asyncio.gather(
        *(
            drive(
                site,
                scenario.view,
                scenario.url,
                options.clients,
                options.events,
                counted(kind, scenario),
                newest_version=newest_version if kind == "leaderboard" else None,
            )
            for kind, scenario in views.items()
        )
    )
    figures = dict(zip(views, results, strict=True))

    print(
        f"  {'view':<12}{'sent':>7}{'answered':>10}{'events/s':>10}{'p99 ms':>9}"
        f"{'error frames':>14}{'page errors':>13}{'timeouts':>10}{'dropped':>9}"
    )
    unanswered = 0
    for kind, result in figures.items():
        tally = result.tally
        print(
            f"  {kind:<12}{sent[kind]:>7}{len(result.events):>10}{result.rate:>10.1f}"
            f"{result.percentile(99) * 1000:>9.1f}{tally.error_frames:>14}"
            f"{tally.page_errors:>13}{tally.timeouts:>10}{tally.dropped:>9}"
        )
        problems.add(tally)
        unanswered += sent[kind] - len(result.events)

    lost = stale = 0
    if "leaderboard" in views:
        after, newest = scores(site, apps["leaderboard"]), version(site, apps["leaderboard"])
        rose = {player: after.get(player, 0) - before.get(player, 0) for player in LOAD_PLAYERS}
        print(
            f"  leaderboard: {sent['leaderboard']} increments sent, {points.total()} points; "
            f"the scores in Redis rose by {sum(rose.values())}"
        )
        for player in LOAD_PLAYERS:
            if rose[player] != points[player]:
                print(f"    {player}: {points[player]} points sent, {rose[player]} scored")
                lost += abs(points[player] - rose[player])
        shown = figures["leaderboard"].shown_versions
        stale = sum(1 for seen in shown if seen != newest)
        print(
            f"  leaderboard: {len(shown) - stale} of {len(shown)} pages show the newest "
            f"snapshot (version {newest}) once pushes stopped"
        )
    if "weather" in views:
        requests = site.backends.weather_requests()
        print(f"  weather: {sent['weather']} searches sent, the stub answered {requests}")

    passed = not (problems.total or unanswered or lost or stale)
    print(
        f"\n  {'PASS' if passed else 'FAIL'}  load test: {problems.error_frames} error frames, "
        f"{problems.dropped} dropped connections, {problems.page_errors} page errors, "
        f"{unanswered} events unanswered, "  # timeouts included: sent, never answered
        f"{'no lost update' if not lost else f'{lost} points lost or doubled'}, "
        f"{stale} pages behind"
    )
    if not passed:
        print(site.server_log_tail())
    return 0 if passed else 1


def scores(site, leaderboard_app: str) -> dict[str, int]:
    """Every player's score, read from Redis itself: the truth the page is drawn from."""
    key = import_module(f"{leaderboard_app}.board").SCORES_KEY
    with redis_client(site) as client:
        return {name: int(score) for name, score in client.zrange(key, 0, -1, withscores=True)}


def version(site, leaderboard_app: str) -> int:
    """The board's version in Redis: the snapshot every page should show in the end."""
    with redis_client(site) as client:
        return int(client.get(import_module(f"{leaderboard_app}.board").VERSION_KEY) or 0)


def redis_client(site):
    import redis

    return redis.Redis.from_url(site.backends.environment["REDIS_URL"], decode_responses=True)

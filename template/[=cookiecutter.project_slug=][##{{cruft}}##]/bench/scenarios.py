"""The views under test, where they are mounted, and the events their clients send."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from .baseline import baseline_examples
from .client import LiveClient, Tally

PLAYERS = tuple(f"Player {number:02}" for number in range(10))
VIEW_CLASSES = {
    "home": "HomeView",
    "storage": "StorageView",
    "leaderboard": "LeaderboardView",
    "weather": "WeatherView",
    "dashboard": "DashboardView",
}

NextEvent = Callable[[int, int], tuple[str, dict]]  # (client, i) -> (handler, params)


@dataclass(frozen=True)
class Scenario:
    """One view under test: where it is mounted, and the event its clients send."""

    kind: str  # the example app's name: home, storage, leaderboard, weather, dashboard
    events: str  # the handlers, for the table
    view: str  # dotted path of the LiveView class
    url: str  # the page the view is mounted as
    next_event: NextEvent


def event_plan(kind: str, app: str) -> tuple[str, NextEvent]:
    """The events of one example view: each does its app's I/O once (none for home)."""
    if kind == "storage":
        bucket = import_module(f"{app}.standin").DEMO_BUCKET
        # One page listing per event: page 1, page 2, page 1 again...
        return (
            "open_bucket/next_page",
            lambda client, i: ("next_page", {}) if i % 2 else ("open_bucket", {"bucket": bucket}),
        )
    if kind == "leaderboard":
        return "increment", lambda client, i: (
            "increment",
            {"player": PLAYERS[(client + i) % len(PLAYERS)], "points": "1"},
        )
    if kind == "weather":
        # Places the stub knows, so every page lists results (the cache is off: see settings).
        names = itertools.cycle(city[1][:3] for city in import_module(f"{app}.standin").CITIES)
        return "search", lambda client, i: ("search", {"value": next(names)})
    if kind == "dashboard":
        return "refresh", lambda client, i: ("refresh", {})
    return "increment", lambda client, i: ("increment", {})  # home: no I/O at all


def scenarios(apps: dict[str, str], *, baseline: bool) -> dict[str, Scenario]:
    """The views of the installed examples, or their baselines (home has none: no I/O)."""
    from django.urls import reverse

    found = {}
    for kind in baseline_examples(apps) if baseline else apps:
        if kind not in VIEW_CLASSES:
            continue  # an app added to the project since: the benchmark knows no events for it
        events, next_event = event_plan(kind, apps[kind])
        if baseline:
            view = f"bench.baseline.{kind}.{VIEW_CLASSES[kind]}"
            url = reverse(f"baseline-{kind}")
        else:
            view, url = f"{apps[kind]}.views.{VIEW_CLASSES[kind]}", reverse(f"{kind}:index")
        found[kind] = Scenario(kind, events, view, url, next_event)
    return found


async def add_players(site, leaderboard: Scenario, names: tuple[str, ...]) -> Tally:
    """Put `names` on the board through the view itself, as a visitor would."""
    client = await LiveClient.open(site)
    try:
        await client.mount(leaderboard.view, leaderboard.url)
        for name in names:
            await client.event("add_player", {"name": name})
    finally:
        await client.close()
    return client.tally

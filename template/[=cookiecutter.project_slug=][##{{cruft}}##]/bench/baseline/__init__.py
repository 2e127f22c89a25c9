"""The baseline: the example views written the way the seed's code samples are.

Each handler is synchronous and builds its client on every call (`boto3.client(...)`,
`redis.Redis(...)`, `httpx.get(...)`), as the samples do. djust runs sync handlers, and
sync mount(), on one thread per process, so while one of them waits on the network every
other connection's sync work waits too. The views keep the project's features (pages of
objects, a pushed leaderboard, the same data on the page) so that the comparison is about
how the I/O is done, not about doing less. Handler names match the project's views, so
one benchmark drives both.

One module per example app, mounted at /bench/baseline/<app>/ by bench/urls.py when its
app is installed. Not part of the project: only bench/settings.py routes here.
"""

from importlib.util import find_spec


def baseline_examples(apps: dict[str, str]) -> list[str]:
    """The names of `apps` (name -> dotted app) that have a baseline module here."""
    return [name for name in apps if find_spec(f"{__name__}.{name}") is not None]

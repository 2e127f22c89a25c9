"""Settings for the benchmark's server: the project's own, plus what a load from one IP needs.

Only the benchmark uses this module (`python -m bench.run` starts uvicorn with
DJANGO_SETTINGS_MODULE=bench.settings); the project's settings stay as they are.
"""

from [= cookiecutter.project_slug =].settings import *  # noqa: F403
from [= cookiecutter.project_slug =].settings import (
    INSTALLED_APPS,
    LIVEVIEW_ALLOWED_MODULES,
    LIVEVIEW_CONFIG,
    ROOT_URLCONF,
)

# Every benchmark client connects from 127.0.0.1, and a closed loop of events on a fast
# view goes past 100 messages a second on one socket: the project's per-IP and
# per-connection limits (settings.py, LIVEVIEW_CONFIG["rate_limit"]) would close the
# sockets with 4429.
# Everything else stays as configured, strict serialization included.
LIVEVIEW_CONFIG = {
    **LIVEVIEW_CONFIG,
    "rate_limit": {
        **LIVEVIEW_CONFIG.get("rate_limit", {}),
        "max_connections_per_ip": 100_000,
        "rate": 100_000,
        "burst": 100_000,
    },
}

# The project's routes plus the baseline views (bench/urls.py), which may be mounted
# over the websocket like the project's own; "bench" as an app finds bench/templates/.
PROJECT_URLCONF = ROOT_URLCONF
ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
LIVEVIEW_ALLOWED_MODULES = [*LIVEVIEW_ALLOWED_MODULES, "bench.baseline"]
[% if 'weather' in cookiecutter.examples %]
# Every weather search must reach the API stub, as a first search for a place does:
# the recent-answers cache saves repeat searches, and would otherwise turn the weather
# figures into a measure of a dictionary lookup. The baseline views have no cache.
WEATHER_CACHE_SECONDS = 0
[% endif %]
"""The render matrix, defined once: the template's tests and its CI read it from here.

TEMPLATE_COMBINATION=<name> narrows it to one combination (one CI job each).

Each entry overrides copier's defaults. Together they give every value of every
question at least once (tests/test_matrix.py proves it), plus all-off and all-on.
"""

import os

ALL_EXAMPLES = ["s3", "redis", "weather", "dashboard"]

MATRIX: dict[str, dict] = {
    "default": {},
    # All off: no example, no benchmark, Django's own account views, embedded services
    # only, no CI, no licence file.
    "minimal": {
        "examples": [],
        "benchmark": False,
        "accounts": "basic",
        "database": "sqlite",
        "channel_layer": "memory",
        "error_monitoring": "none",
        "ci": "none",
        "license": "Proprietary",
    },
    # All on.
    "maximal": {
        "project_name": "Acme Weather",
        "examples": ALL_EXAMPLES,
        "database": "postgres",
        "channel_layer": "redis",
        "error_monitoring": "sentry",
        "ci": "github",
        "license": "Apache-2.0",
    },
    # One example each (Python 3.11, so their projects can run here too).
    "s3-only": {
        "project_name": "Bucket Browser",
        "project_slug": "buckets",
        "description": "Browse buckets, live.",
        "author_name": "Ada Lovelace",
        "author_email": "ada@example.org",
        "examples": ["s3"],
        "accounts": "basic",
        "license": "BSD-3-Clause",
    },
    "redis-only": {"examples": ["redis"], "channel_layer": "redis", "ci": "none"},
    "weather-only": {"examples": ["weather"], "database": "postgres"},
    "dashboard-only": {"examples": ["dashboard"], "license": "MIT"},
    # The other `accounts` answer beside the subsets above that sign in (storage and the
    # leaderboard require it), rendered and checked statically; minimal and s3-only run
    # Django's views' project end to end, the rest allauth's.
    "maximal-basic": {"examples": ALL_EXAMPLES, "channel_layer": "redis", "accounts": "basic"},
    "redis-only-basic": {"examples": ["redis"], "accounts": "basic"},
    "minimal-allauth": {"examples": [], "benchmark": False, "ci": "none", "accounts": "allauth"},
    # Newer Pythons: rendered and checked statically (uv cannot fetch them here). No
    # benchmark either, so every example's files are rendered once without it.
    "py312": {"python_version": "3.12", "examples": ["s3", "weather"], "benchmark": False},
    "py313": {
        "python_version": "3.13",
        "examples": ["redis", "dashboard"],
        "benchmark": False,
        "accounts": "basic",
    },
}

# Combinations whose generated project runs its own `make test` and `make check`:
# all on, all off, and each example alone.
PROJECT_RUNS = [
    "default",
    "minimal",
    "maximal",
    "s3-only",
    "redis-only",
    "weather-only",
    "dashboard-only",
]

_only = os.environ.get("TEMPLATE_COMBINATION")
if _only:
    MATRIX = {_only: MATRIX[_only]}

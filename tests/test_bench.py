"""The generated project's benchmark (bench/) runs and reports; its load test finds no errors.

Tiny numbers: these prove that the scripts work and print a figure for every view. They
never assert a timing: timing goals live in the benchmark's own output, where a slow
machine makes a FAIL line, not a failed test.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from .matrix import MATRIX
from .test_generated_projects import make, project_env

pytestmark = pytest.mark.slow

EXAMPLE_VIEWS = {
    "s3": "storage",
    "redis": "leaderboard",
    "weather": "weather",
    "dashboard": "dashboard",
}
NUMBER = r"[0-9]+(?:\.[0-9]+)?"


def bench(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m bench.run` with the project's own interpreter, as `make bench` runs it."""
    return subprocess.run(
        [str(project / ".venv" / "bin" / "python"), "-m", "bench.run", *args],
        cwd=project,
        env=project_env(),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="module")
def installed(render):
    """Rendered and installed projects, one per matrix name, shared by this module's tests."""
    projects: dict[str, Path] = {}

    def _installed(name: str) -> Path:
        # Only a project rendered with the `benchmark` answer has bench/ to run.
        assert MATRIX[name].get("benchmark", True), f"{name} is rendered without bench/"
        if name not in projects:
            project = render(f"bench-{name}", MATRIX[name])
            result = make(project, "install")
            assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
            projects[name] = project
        return projects[name]

    return _installed


def table_line(output: str, view: str, events: int) -> re.Match | None:
    """A view's line of a results table: its counts, seven figures, CPU shares and errors."""
    # events/s, p50, p95, p99, max, mount p99, server CPU per event
    figures = rf"(?:\s+{NUMBER}){{7}}"
    return re.search(rf"^  {view}\s+\S+\s+{events}{figures}\s+\S+\s+(.+)$", output, re.MULTILINE)


@pytest.mark.parametrize("name", ["default", "weather-only"])
def test_benchmark_prints_figures_for_every_view_and_every_goal(installed, name):
    project = installed(name)
    result = bench(project, "--clients", "3", "--events", "5", "--baseline", "--hol-rounds", "2")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]

    examples = [EXAMPLE_VIEWS[key] for key in MATRIX[name].get("examples", EXAMPLE_VIEWS)]
    ours, _, rest = result.stdout.partition("\nBaseline")
    baseline, _, rest = rest.partition("p99 ours / baseline")
    for view in ["home", *examples]:
        line = table_line(ours, view, events=15)  # 3 clients x 5 events
        assert line and line.group(1) == "0", (view, ours)
    for view in examples:
        line = table_line(baseline, view, events=15)
        assert line and line.group(1) == "0", (view, baseline)
        assert re.search(rf"^  {view}\s+{NUMBER} ms /\s+{NUMBER} ms = ", rest, re.MULTILINE)
        goal = re.search(
            rf"^  (PASS|FAIL)  1 {view}: p99 .*\(server CPU per event {NUMBER} ms, "
            rf"home's {NUMBER} ms\)",
            rest,
            re.MULTILINE,
        )
        assert goal, rest
        assert re.search(rf"^  (PASS|FAIL)  2 {view}: p99 ", rest, re.MULTILINE), rest

    if "weather" in examples:
        for side in ("ours", "baseline"):
            line = re.search(
                rf"^  {side}\s+[1-9][0-9]*(?:\s+{NUMBER}){{4}}\s+0$", rest, re.MULTILINE
            )
            assert line, (side, rest)
        assert re.search(r"^  (PASS|FAIL)  3 head-of-line: p99 ", rest, re.MULTILINE), rest
        assert "the stub answered" in ours


def test_load_test_finds_no_error_drop_lost_update_or_stale_page(installed):
    result = bench(installed("default"), "--load", "--clients", "4", "--events", "10")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    for view in ("leaderboard", "weather"):
        # sent, answered, events/s, p99, then four zero counts
        counts = rf"^  {view}\s+40\s+40\s+{NUMBER}\s+{NUMBER}(?:\s+0){{4}}$"
        assert re.search(counts, output, re.MULTILINE), output
    increments = re.search(
        r"40 increments sent, ([0-9]+) points; the scores in Redis rose by ([0-9]+)", output
    )
    assert increments and increments.group(1) == increments.group(2), output
    assert "PASS  load test: 0 error frames, 0 dropped connections" in output
    assert "no lost update" in output
    assert "leaderboard: 4 of 4 pages show the newest snapshot (version " in output
    assert "0 pages behind" in output


def test_load_test_fails_when_pages_miss_the_last_push(installed):
    """The convergence check can fail: a leaderboard that ignores pushes leaves pages behind."""
    views = next(installed("default").glob("*/leaderboard/views.py"))
    source = views.read_text()
    assert source.count("if version > self.version:") == 1, "the push handler moved"
    views.write_text(source.replace("if version > self.version:", "if False:  # ignores pushes"))
    try:
        result = bench(views.parents[2], "--load", "--clients", "4", "--events", "10")
    finally:
        views.write_text(source)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-6000:]
    behind = re.search(r"^  leaderboard: ([0-9]) of 4 pages show the newest snapshot", output, re.M)
    assert behind and int(behind.group(1)) < 4, output[-6000:]
    assert re.search(r"FAIL  load test: .*, [1-4] pages behind$", output, re.MULTILINE), output


def test_latency_mode_puts_a_delaying_proxy_before_every_backend(installed):
    result = bench(
        installed("default"),
        *("--latency", "--clients", "2", "--events", "3", "--baseline", "--hol-rounds", "1"),
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    for backend in ("s3", "redis", "weather"):
        assert re.search(rf"^Latency: {backend} through 127\.0\.0\.1:[0-9]+: ", output, re.M)
    assert "CPU % srv/s3/redis/wthr/prx/cli" in output, output
    ours, _, rest = result.stdout.partition("\nBaseline")
    for view in ("home", "storage", "leaderboard", "weather", "dashboard"):
        line = table_line(ours, view, events=6)
        assert line and line.group(1) == "0", (view, ours)
    assert "0 ms each (the cache is off: one request per search), behind the latency proxy" in ours
    assert re.search(rf"^  (PASS|FAIL)  4 storage: server CPU per event {NUMBER} ms", rest, re.M)


def test_processes_mode_runs_each_view_on_one_and_on_n_processes(installed):
    result = bench(installed("redis-only"), "--processes", "2", "--clients", "4", "--events", "3")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    one, _, scaled = result.stdout.partition("\nOurs on 2 processes")
    for view in ("home", "leaderboard"):
        for table in (one, scaled):
            line = table_line(table, view, events=12)
            assert line and line.group(1) == "0", (view, output)
        goal = rf"^  (PASS|FAIL)  5 {view}: {NUMBER} events/s on 2 processes = {NUMBER}x"
        assert re.search(goal, scaled, re.MULTILINE), scaled


def test_processes_mode_needs_the_redis_channel_layer(installed):
    result = bench(installed("default"), "--processes", "2")
    assert result.returncode == 2
    assert "--processes needs the redis channel layer" in result.stderr

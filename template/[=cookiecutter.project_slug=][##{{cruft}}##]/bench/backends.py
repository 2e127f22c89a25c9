"""The real local backends the examples talk to, each served from a process of its own.

`Backends(apps, weather_delay, folder)` starts `python -m bench.backends APP` for each
example app the project has. That process starts the app's stand-in (moto's S3 server
seeded with the demo bucket, a throwaway redis-server, the Open-Meteo stub), prints the
environment that points the server at it as one JSON line, then answers commands on
stdin until stdin closes, and stops everything. Processes of their own: moto's S3 server
is Python under the GIL, and in the benchmark's process it would slow the clients that
time it; and each stand-in's CPU time is then its own.
Where redis-server is not installed the leaderboard's stand-in is fakeredis, and the
benchmark says so.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from contextlib import ExitStack
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Backends:
    """The stand-ins, one process (group) each, seen from the benchmark.

    One process per stand-in, so that each one's CPU time is its own (moto's S3 server and
    the weather stub are Python threads; redis-server runs in the leaderboard's group).
    """

    def __init__(self, apps: list[str], weather_delay: float, folder: Path) -> None:
        self.processes: dict[str, StandInProcess] = {}
        self.environment: dict[str, str] = {}
        self.descriptions: list[str] = []
        try:
            for app in apps:
                if find_spec(f"{app}.standin") is None:
                    continue
                name = app.rpartition(".")[2]
                process = StandInProcess([app], weather_delay, folder / f"{name}.log")
                self.processes[name] = process
                self.environment |= process.environment
                self.descriptions += process.descriptions
        except BaseException:
            self.stop()
            raise

    def set_weather_delay(self, seconds: float) -> None:
        if "weather" in self.processes:
            self.processes["weather"].ask(f"delay {seconds}")

    def weather_requests(self) -> int:
        """Requests the weather stub has answered so far."""
        return int(self.processes["weather"].ask("requests")) if "weather" in self else 0

    def __contains__(self, name: str) -> bool:
        return name in self.processes

    def stop(self) -> None:
        for process in self.processes.values():
            process.stop()


class PipedProcess:
    """`python -m MODULE ARGUMENTS...` in a process group of its own, seen from the benchmark:
    its first line of output is JSON (`started`), it answers commands line by line, and it
    stops when its stdin closes."""

    def __init__(self, module_and_arguments: list[str], log: Path) -> None:
        self._log = log.open("w")
        self._process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", *module_and_arguments],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            start_new_session=True,  # a group of its own, redis-server included: see stop()
        )
        self.pid = self._process.pid
        line = self._process.stdout.readline()
        if not line:
            self.stop()
            raise RuntimeError(f"{module_and_arguments[0]} did not start; see {log}")
        self.started = json.loads(line)

    def ask(self, command: str) -> str:
        self._process.stdin.write(command + "\n")
        self._process.stdin.flush()
        return self._process.stdout.readline().strip()

    def stop(self) -> None:
        if self._process.stdin and not self._process.stdin.closed:
            self._process.stdin.close()  # end of input: the process stops its servers
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            # Killing the process alone would leave its redis-server running.
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()
        self._process.stdout.close()
        self._log.close()


class StandInProcess(PipedProcess):
    """`python -m bench.backends APP...`: the stand-ins of APP."""

    def __init__(self, apps: list[str], weather_delay: float, log: Path) -> None:
        super().__init__(["bench.backends", f"--weather-delay={weather_delay}", *apps], log)
        self.environment: dict[str, str] = self.started["environment"]
        self.descriptions: list[str] = self.started["descriptions"]


def serve(apps: list[str], weather_delay: float) -> None:
    """Start the stand-ins of `apps`, print their environment, obey stdin until it closes."""
    os.environ["STANDIN_DATA_DIR"] = ""  # from the demo data, keeping nothing: not `make dev`'s
    with ExitStack() as stack:
        environment: dict[str, str] = {}
        descriptions: list[str] = []
        weather = None
        for app in apps:
            if find_spec(f"{app}.standin") is None:
                continue
            standins = import_module(f"{app}.standin")
[% if 'weather' in cookiecutter.examples %]            if hasattr(standins, "WeatherStandIn"):
                # Started here rather than by start_for_dev(): the benchmark sets its delay.
                weather = standins.WeatherStandIn().start()
                stack.callback(weather.stop)
                weather.delay = weather_delay
                environment |= {"WEATHER_API_URL": weather.url, "GEOCODING_API_URL": weather.url}
                descriptions.append(f"Open-Meteo stub at {weather.url}")
                continue
[% endif %]            # What `manage.py dev` starts (the environment holds no service of our own, so
            # every stand-in starts): moto's S3 server with the demo bucket, redis-server.
            started = standins.start_for_dev(stack)
            if started is not None:
                variables, description = started
                environment |= variables
                descriptions.append(description.rpartition(" (")[0])  # less "(X is not set)"
        print(json.dumps({"environment": environment, "descriptions": descriptions}), flush=True)
        for line in sys.stdin:
            command, _, argument = line.strip().partition(" ")
            if command == "delay" and weather is not None:
                weather.delay = float(argument)
                print("ok", flush=True)
            elif command == "requests":
                print(weather.requests if weather is not None else 0, flush=True)
            else:
                print(f"unknown command {line.strip()!r}", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("apps", nargs="*", help="dotted names of the example apps")
    parser.add_argument("--weather-delay", type=float, default=0.0)
    arguments = parser.parse_args()
    serve(arguments.apps, arguments.weather_delay)

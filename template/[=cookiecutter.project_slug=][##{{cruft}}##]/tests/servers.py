"""Real uvicorn processes for the tests that need what only a real server does (its own
logging, signals, several processes); the other tests use the in-process ASGI app."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings

from [= cookiecutter.project_slug =].services.ports import free_port


class Server:
    """`uvicorn <project>.asgi:application [options]` in its own process, logging to a file."""

    def __init__(self, env: dict[str, str], log: Path, options: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.log = log
        module, _, attribute = settings.ASGI_APPLICATION.rpartition(".")
        with log.open("wb") as output:  # the child keeps its own copy of the file handle
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "uvicorn", f"{module}:{attribute}"),
                    *("--host", "127.0.0.1", "--port", str(self.port), *options),
                ],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_serving(self, timeout: float = 60) -> None:
        # uvicorn binds its port only after the app has started (lifespan included).
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(self.origin + "/", timeout=2).close()  # noqa: S310 (local)
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"uvicorn did not start\n{self.output()}") from None
                time.sleep(0.1)

    def output(self) -> str:
        """The end of this server's log, for failure messages."""
        return f"--- {self.origin} ---\n" + self.log.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

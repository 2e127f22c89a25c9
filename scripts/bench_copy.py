"""Time `copier copy --defaults --trust` of the default project from a git clone.

Prints each run's wall time and the median. Usage: uv run python scripts/bench_copy.py [runs]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        clone = Path(work) / "clone"
        subprocess.run(["git", "clone", "--quiet", str(REPO_ROOT), str(clone)], check=True)
        times = []
        for run in range(runs):
            dest = Path(work) / f"out-{run}"
            start = time.perf_counter()
            command = [sys.executable, "-m", "copier", "copy", "--defaults", "--trust", "--quiet"]
            subprocess.run([*command, str(clone), str(dest)], check=True, capture_output=True)
            times.append(time.perf_counter() - start)
            print(f"copy {run + 1}: {times[-1]:.2f} s")
        print(f"median of {runs}: {statistics.median(times):.2f} s (goal: 2 s or less)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)

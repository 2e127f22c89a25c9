"""Time the template as a user meets it, from a git clone of this repository.

(a) `copier copy --defaults --trust` of the default project beside copier's own floor (a
    one-question, one-file template made on the fly) and `djust new --no-setup`, run in
    turn N times so a loaded machine slows each alike: each run, the medians and the ratio.
    --against REF adds this repository at REF to the same rounds (before/after a change).
(b) copy, `uv sync`, then the generated project's `make test`, on a warm uv cache (an
    untimed copy and sync fill the cache first): each step and the total.
(c) with --ci, the template's whole `.ci/run` in the clone, as CI runs it (it installs
    apt packages, so it needs root; about ten minutes on 2 cores).

The clone holds the last commit only: commit what you want timed.

Usage: uv run python scripts/bench_template.py [--runs 5] [--against REF] [--full-runs 1] [--ci]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# HEAD, not copier's default of the newest tag: the figures are for the code at hand.
TEMPLATE_TREE = "[=cookiecutter.project_slug=][##{{cruft}}##]"
COPY = [sys.executable, "-m", "copier", "copy", "--defaults", "--trust", "--vcs-ref=HEAD"]


def user_environment(uv: str) -> dict[str, str]:
    """A user's shell: none of this repository's virtualenv, and uv on PATH."""
    foreign = {"VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE", "PYTHONPATH"}
    environment = {name: value for name, value in os.environ.items() if name not in foreign}
    environment["PATH"] = f"{Path(uv).parent}{os.pathsep}{environment.get('PATH', '')}"
    # The generated Makefile exports this for its own targets; a bare `uv sync` gets it too,
    # so `make test` finds the packages installed as it would have installed them.
    environment["UV_COMPILE_BYTECODE"] = "1"
    return environment


def timed(
    command: list[str], cwd: Path, environment: dict[str, str], *, must_pass: bool = True
) -> tuple[float, str]:
    """Wall time of `command` in seconds, and "" or the end of its output if it failed.

    A failure stops the script when `must_pass`: later steps would time nothing.
    """
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    failure = ""
    if result.returncode:
        failure = f"`{' '.join(command)}` failed in {cwd}:\n{result.stdout[-3000:]}"
        failure += result.stderr[-3000:]
        if must_pass:
            sys.exit(failure)
    return elapsed, failure


def clone_at(target: Path, ref: str) -> Path:
    """This repository at `ref`, as a template (HEAD of the clone is `ref`)."""
    subprocess.run(["git", "clone", "--quiet", str(REPO_ROOT), str(target)], check=True)
    subprocess.run(["git", "-C", str(target), "checkout", "--quiet", ref], check=True)
    return target


def floor_template(target: Path) -> Path:
    """Copier's own floor: one question, one file, a git repository like ours."""
    target.mkdir()
    (target / "copier.yml").write_text("name:\n  type: str\n  default: floor\n")
    (target / "README.md.jinja").write_text("# {{ name }}\n")
    git = ["git", "-C", str(target), "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run([*git, "init", "--quiet"], check=True)
    subprocess.run([*git, "add", "--all"], check=True)
    subprocess.run([*git, "commit", "--quiet", "-m", "floor"], check=True)
    return target


def djust_cli(work: Path, uv: str, environment: dict[str, str]) -> str:
    """`djust` from a virtualenv of its own, at the version the generated project pins."""
    pyproject = (REPO_ROOT / "template" / TEMPLATE_TREE / "pyproject.toml").read_text()
    (requirement,) = re.findall(r'"(djust[<>=!,.0-9 ]+)"', pyproject)
    venv = work / "djust-venv"
    subprocess.run([uv, "venv", "--quiet", str(venv)], check=True, env=environment)
    install = [uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python")]
    subprocess.run([*install, requirement], check=True, env=environment)
    return str(venv / "bin" / "djust")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds of timed copies for (a)")
    parser.add_argument("--against", help="also time this repository at REF in (a)")
    parser.add_argument("--full-runs", type=int, default=1, help="copy + sync + test runs (b)")
    parser.add_argument("--ci", action="store_true", help="also time the whole .ci/run (c)")
    options = parser.parse_args()
    uv = shutil.which("uv")
    if uv is None:
        sys.exit("uv is not on PATH (`make install` in this repository provides one)")
    environment = user_environment(uv)

    with tempfile.TemporaryDirectory(prefix="bench-template-") as folder:
        work = Path(folder)
        clone = work / "clone"
        subprocess.run(["git", "clone", "--quiet", str(REPO_ROOT), str(clone)], check=True)
        commit = subprocess.run(
            ["git", "-C", str(clone), "log", "-1", "--format=%h %s"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        print(f"Template: a clone of {REPO_ROOT} at {commit}")
        print(f"Machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, uv at {uv}")

        contenders = {"default project": clone}
        if options.against:
            contenders[f"at {options.against}"] = clone_at(work / "against", options.against)
        contenders["copier's floor"] = floor_template(work / "floor")
        djust = djust_cli(work, uv, environment)
        print(f"\n(a) copier copy --defaults --trust, {options.runs} rounds, in turn")
        copies: dict[str, list[float]] = {name: [] for name in [*contenders, "djust new"]}
        for run in range(options.runs):
            for name, template in contenders.items():
                target = work / f"copy-{len(copies[name])}-{template.name}"
                seconds, _ = timed([*COPY, str(template), str(target)], work, environment)
                copies[name].append(seconds)
            seconds, _ = timed([djust, "new", "--no-setup", f"djust_{run}"], work, environment)
            copies["djust new"].append(seconds)
            latest = ", ".join(f"{name} {times[-1]:.2f} s" for name, times in copies.items())
            print(f"  round {run + 1}: {latest}")
        medians = {name: statistics.median(times) for name, times in copies.items()}
        floor = medians["copier's floor"]
        for name, median in medians.items():
            print(f"  median {name}: {median:.2f} s ({median / floor:.2f}x copier's floor)")
        print(f"  load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")

        failed = False
        if options.full_runs:  # 0: (a) only
            print("\n(b) copy + uv sync + make test, warm uv cache")
            warm = work / "warm"
            timed([*COPY, str(clone), str(warm)], work, environment)
            timed([uv, "sync"], warm, environment)  # fills the cache; not timed
            for run in range(options.full_runs):
                project = work / f"full-{run}"
                copy, _ = timed([*COPY, str(clone), str(project)], work, environment)
                sync, _ = timed([uv, "sync"], project, environment)
                test, failure = timed(["make", "test"], project, environment, must_pass=False)
                print(
                    f"  run {run + 1}: copy {copy:.1f} s, uv sync {sync:.1f} s, "
                    f"make test {test:.1f} s"
                    f"{' (FAILED)' if failure else ''}; total {copy + sync + test:.1f} s"
                )
                if failure:
                    print(failure)
                    failed = True

        if options.ci:
            print("\n(c) .ci/run, the template's whole CI")
            seconds, failure = timed(
                ["bash", ".ci/run"], clone, environment | {"CI": "true"}, must_pass=False
            )
            print(f"  {seconds / 60:.1f} min{' (FAILED)' if failure else ''}")
            if failure:
                print(failure)
                failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

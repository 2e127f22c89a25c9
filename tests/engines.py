"""Render with cookiecutter or cruft as their users do: the CLI, `--directory template`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def cookiecutter_context(answers: dict) -> dict[str, str]:
    """cookiecutter has no multi-select: the examples are one comma-separated string."""
    return {
        key: ",".join(value) if isinstance(value, list) else str(value)
        for key, value in answers.items()
    }


def _run(
    tool: str, args: list[str], cwd: Path, env: dict[str, str] | None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).parent / tool), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def cookiecutter(
    template: Path, output_dir: Path, answers: dict, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    pairs = [f"{key}={value}" for key, value in cookiecutter_context(answers).items()]
    return _run(
        "cookiecutter",
        [
            "--no-input",
            "--directory",
            "template",
            "--output-dir",
            str(output_dir),
            str(template),
            *pairs,
        ],
        cwd=output_dir,
        env=env,
    )


def cruft(
    template: Path, output_dir: Path, answers: dict, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    context = json.dumps(cookiecutter_context(answers))
    return _run(
        "cruft",
        [
            *("create", "--no-input", "--directory", "template", "--output-dir", str(output_dir)),
            *("--extra-context", context, str(template)),
        ],
        cwd=output_dir,
        env=env,
    )

"""Static checks of a rendered project: shared by the matrix and the hostile-answer tests."""

from __future__ import annotations

import json
import py_compile
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

# Our Jinja delimiters, plus the namespace: none may survive rendering.
UNRENDERED = re.compile(r"\[=|=\]|\[%|%\]|\[##|##\]|cookiecutter\.")
PARSERS = {
    ".toml": tomllib.loads,
    ".json": json.loads,
    ".yml": yaml.safe_load,
    ".yaml": yaml.safe_load,
}


def project_files(project: Path) -> list[Path]:
    return [p for p in project.rglob("*") if p.is_file() and ".git" not in p.parts]


def assert_no_unrendered_markers(project: Path, answers_given: tuple[str, ...] = ()) -> None:
    """No template syntax is left, apart from what the user typed into an answer."""
    leftovers = []
    for path in project_files(project):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for text in answers_given:
                line = line.replace(text, "")
            if UNRENDERED.search(line):
                leftovers.append(f"{path.relative_to(project)}:{number}: {line.strip()}")
    assert not leftovers, "\n".join(leftovers)


def assert_python_compiles(project: Path) -> None:
    for path in project.rglob("*.py"):
        compiled = f"{path}c-test"
        py_compile.compile(str(path), doraise=True, cfile=compiled)
        Path(compiled).unlink()


def assert_ruff_passes(project: Path) -> None:
    """ruff check and format, with the generated project's own configuration."""
    for args in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args, "."],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def assert_data_files_parse(project: Path) -> None:
    parsed = 0
    for path in project_files(project):
        if path.suffix in PARSERS:
            PARSERS[path.suffix](path.read_text(encoding="utf-8"))
            parsed += 1
    assert parsed >= 2  # pyproject.toml and the answers file at least

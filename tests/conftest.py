"""Shared fixtures: a git snapshot of the template and a way to render it with copier."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent


def run(cmd: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, **kwargs)


def git(cwd: Path, *args: str) -> str:
    result = run(["git", "-c", "user.name=Tests", "-c", "user.email=tests@example.com", *args], cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout


def snapshot_repository(dest: Path) -> Path:
    """Commit this work tree's files (committed or not) into a fresh git repository.

    Copier renders from git; a snapshot tests exactly what is on disk, as a clone would see it.
    """
    listed = git(REPO_ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z")
    for name in filter(None, listed.split("\0")):
        source = REPO_ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git(dest, "init", "--quiet", "--initial-branch=main")
    git(dest, "add", "--all")
    git(dest, "commit", "--quiet", "--message", "snapshot")
    return dest


@pytest.fixture(scope="session")
def template_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return snapshot_repository(tmp_path_factory.mktemp("template"))


def copier_copy(
    template: Path,
    dest: Path,
    answers: dict,
    *,
    trust: bool = True,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """`copier copy --defaults` through the CLI, as a user runs it."""
    data_file = dest.parent / f"{dest.name}-answers.yml"
    data_file.write_text(yaml.safe_dump(answers), encoding="utf-8")
    cmd = [sys.executable, "-m", "copier", "copy", "--defaults", "--data-file", str(data_file)]
    if trust:
        cmd.append("--trust")
    return run([*cmd, str(template), str(dest)], cwd=dest.parent, env=env)


@pytest.fixture(scope="session")
def render(template_repo: Path, tmp_path_factory: pytest.TempPathFactory):
    """Render `answers` into a new folder and return it; fails the test if copier fails."""

    def _render(name: str, answers: dict) -> Path:
        dest = tmp_path_factory.mktemp("projects") / name
        result = copier_copy(template_repo, dest, answers)
        assert result.returncode == 0, result.stdout + result.stderr
        return dest

    return _render

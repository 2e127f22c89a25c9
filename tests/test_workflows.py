"""Workflow files parse, match GitHub's schema, pass zizmor; the template CI runs the matrix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import REPO_ROOT
from .matrix import MATRIX

TOOLS = Path(sys.executable).parent
TEMPLATE_WORKFLOW = REPO_ROOT / ".github" / "workflows" / "template-ci.yml"


def assert_passes(*command) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def lint_workflow(path: Path, zizmor_config: Path) -> None:
    assert_passes(TOOLS / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", path)
    assert_passes(TOOLS / "zizmor", "--offline", "--config", zizmor_config, path)


def test_template_workflow_is_valid():
    lint_workflow(TEMPLATE_WORKFLOW, REPO_ROOT / ".github" / "zizmor.yml")


@pytest.mark.skipif("TEMPLATE_COMBINATION" in os.environ, reason="the matrix is narrowed")
def test_template_workflow_renders_every_combination_in_its_own_job():
    workflow = yaml.safe_load(TEMPLATE_WORKFLOW.read_text())
    combinations = workflow["jobs"]["render"]["strategy"]["matrix"]["combination"]
    assert sorted(combinations) == sorted(MATRIX)


@pytest.mark.parametrize("name", ["default", "maximal"])
def test_generated_workflow_is_valid_and_starts_the_services_it_needs(render, name):
    project = render(f"workflow-{name}", MATRIX.get(name, {}))
    path = project / ".github" / "workflows" / "ci.yml"
    lint_workflow(path, project / ".github" / "zizmor.yml")
    job = yaml.safe_load(path.read_text())["jobs"]["test"]
    services = set(job.get("services", {}))
    assert services == ({"postgres", "redis"} if name == "maximal" else set())
    assert [step.get("run") for step in job["steps"] if "make" in str(step.get("run"))] == [
        "make check",
        "make test",
    ]


def test_dependabot_proposes_lock_file_and_action_updates(render):
    path = render("dependabot", {}) / ".github" / "dependabot.yml"
    assert_passes(TOOLS / "check-jsonschema", "--builtin-schema", "vendor.dependabot", path)
    updates = yaml.safe_load(path.read_text())["updates"]
    assert [update["package-ecosystem"] for update in updates] == ["uv", "github-actions"]


def test_without_github_ci_there_is_no_dependabot_file(render):
    assert not (render("no-ci", {"ci": "none"}) / ".github").exists()


@pytest.mark.slow
def test_pre_commit_passes_on_a_fresh_project(render):
    project = render("pre-commit", {})  # a repository already: the template's first commit
    result = subprocess.run(
        [TOOLS / "pre-commit", "run", "--all-files"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert "Passed" in result.stdout and "Failed" not in result.stdout

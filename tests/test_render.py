"""Every matrix combination renders into a project whose files are all well formed."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

from .matrix import ALL_EXAMPLES, MATRIX
from .static_checks import (
    assert_data_files_parse,
    assert_no_unrendered_markers,
    assert_python_compiles,
    assert_ruff_passes,
    project_files,
)

EXAMPLE_APPS = {
    "s3": "storage",
    "redis": "leaderboard",
    "weather": "weather",
    "dashboard": "dashboard",
}
# What each example brings besides its app: a services module, dependencies, settings.
EXAMPLE_PARTS = {
    "s3": ("s3.py", ["boto3", "moto"], ["AWS_ENDPOINT_URL"]),
    "redis": ("redis.py", ["redis[hiredis]>", "fakeredis"], []),
    "weather": ("weather.py", ["httpx", "stamina", "cachetools", "respx"], ["WEATHER_API_URL"]),
    "dashboard": ("metrics.py", [], ["metrics_client"]),
}


@pytest.fixture(scope="module", params=sorted(MATRIX))
def rendered(request, render) -> tuple[str, dict, Path]:
    name = request.param
    return name, MATRIX[name], render(name, MATRIX[name])


def test_no_unrendered_template_markers(rendered):
    assert_no_unrendered_markers(rendered[2])


def test_python_compiles(rendered):
    assert_python_compiles(rendered[2])


def test_ruff_lint_and_format_pass_with_the_projects_own_config(rendered):
    assert_ruff_passes(rendered[2])


def test_data_files_parse(rendered):
    assert_data_files_parse(rendered[2])


def test_selected_examples_and_only_those_are_present(rendered):
    _, answers, project = rendered
    selected = answers.get("examples", ALL_EXAMPLES)
    slug = yaml.safe_load((project / ".copier-answers.yml").read_text())["project_slug"]
    texts = "\n".join(p.read_text(encoding="utf-8") for p in project_files(project))
    pyproject = (project / "pyproject.toml").read_text()
    for example, app in EXAMPLE_APPS.items():
        module, dependencies, settings_names = EXAMPLE_PARTS[example]
        present = example in selected
        assert (project / slug / app).is_dir() == present, app
        assert (project / slug / "services" / module).is_file() == present, module
        for dependency in dependencies:
            assert (f'"{dependency}' in pyproject) == present, dependency
        if not present:
            assert f"{slug}.{app}" not in texts
            assert f'"{app}/"' not in texts
            assert not [name for name in settings_names if name in texts]


# Each `accounts` answer's own tests: True for allauth's, False for Django's views'.
ACCOUNTS_TESTS = {
    "test_allauth.py": True,
    "test_browser_signup.py": True,
    "test_django_auth_views.py": False,
    "test_browser_accounts.py": False,
}


def test_options_reach_the_files_they_control(rendered):
    _, answers, project = rendered
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    dependencies = " ".join(pyproject["project"]["dependencies"])
    python = answers.get("python_version", "3.11")
    assert pyproject["project"]["requires-python"] == f">={python}"
    assert (project / ".python-version").read_text().strip() == python
    assert ("psycopg" in dependencies) == (answers.get("database") == "postgres")
    assert ("channels-redis" in dependencies) == (answers.get("channel_layer") == "redis")
    assert ("sentry-sdk" in dependencies) == (answers.get("error_monitoring") == "sentry")
    workflow = project / ".github" / "workflows" / "ci.yml"
    assert workflow.exists() == (answers.get("ci", "github") == "github")
    license_answer = answers.get("license", "MIT")
    assert (project / "LICENSE").exists() == (license_answer != "Proprietary")
    assert pyproject["project"].get("license") == (
        None if license_answer == "Proprietary" else license_answer
    )
    allauth = answers.get("accounts", "allauth") == "allauth"
    slug = yaml.safe_load((project / ".copier-answers.yml").read_text())["project_slug"]
    assert ("django-allauth" in dependencies) == allauth
    assert (project / slug / "accounts" / "templates").is_dir() == allauth
    assert (project / slug / "templates" / "registration").is_dir() == (not allauth)
    for test, for_allauth in ACCOUNTS_TESTS.items():
        assert (project / "tests" / test).exists() == (for_allauth == allauth), test
    settings = (project / slug / "settings.py").read_text()
    assert ('"allauth.account"' in settings) == allauth
    benchmark = answers.get("benchmark", True)
    assert (project / "bench").is_dir() == benchmark
    assert (project / "tests" / "test_bench_client.py").exists() == benchmark
    if not benchmark:  # nothing left points at it; the answers file only records the answer
        answers_file = project / ".copier-answers.yml"
        mentions = [
            path.relative_to(project)
            for path in project_files(project)
            if path != answers_file and "bench" in path.read_text(encoding="utf-8").lower()
        ]
        assert mentions == []


def test_agents_md_names_only_targets_and_files_that_exist(rendered):
    _, _, project = rendered
    slug = yaml.safe_load((project / ".copier-answers.yml").read_text())["project_slug"]
    text = (project / "AGENTS.md").read_text()
    targets = set(re.findall(r"^([a-z-]+):", (project / "Makefile").read_text(), re.MULTILINE))
    assert set(re.findall(r"\bmake ([a-z-]+)", text)) <= targets
    paths = {p for p in re.findall(r"`([\w./-]+(?:/|\.py|\.md))`", text) if "." in p or "/" in p}
    assert paths, text
    missing = [p for p in paths if not ((project / p).exists() or (project / slug / p).exists())]
    assert missing == []


def test_secret_lives_in_env_and_never_in_the_answers_file(rendered):
    _, _, project = rendered
    env = (project / ".env").read_text()
    secret = re.search(r"^SECRET_KEY=(.+)$", env, re.MULTILINE).group(1)
    assert len(secret) >= 50 and secret != "change-me"
    assert secret not in (project / ".copier-answers.yml").read_text()
    assert "SECRET_KEY" not in (project / ".copier-answers.yml").read_text()
    assert (project / ".env").stat().st_mode & 0o077 == 0
    assert ".env" in (project / ".gitignore").read_text().splitlines()

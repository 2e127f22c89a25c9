"""Bad answers are refused by copier with a message that says what is allowed."""

from __future__ import annotations

import keyword
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from .conftest import REPO_ROOT, copier_copy

SLUG_FORMAT = "must be a lowercase Python identifier"
SHADOWS = "would shadow a Python keyword, a standard-library module, a dependency"

BAD_ANSWERS = [
    ({"project_slug": "My_Site"}, SLUG_FORMAT),
    ({"project_slug": "1site"}, SLUG_FORMAT),
    ({"project_slug": "my-site"}, SLUG_FORMAT),
    ({"project_slug": "_site"}, SLUG_FORMAT),
    ({"project_slug": ""}, SLUG_FORMAT),
    ({"project_slug": "class"}, SHADOWS),
    ({"project_slug": "import"}, SHADOWS),
    ({"project_slug": "django"}, SHADOWS),
    ({"project_slug": "djust"}, SHADOWS),
    ({"project_slug": "channels"}, SHADOWS),
    ({"project_slug": "test"}, SHADOWS),
    ({"project_slug": "asyncio"}, SHADOWS),
    ({"project_slug": "weather"}, SHADOWS),
    ({"author_email": "nobody"}, "is not an e-mail address; use the form name@example.com"),
    ({"author_email": "a@b"}, "is not an e-mail address"),
    ({"author_email": "two@@example.com"}, "is not an e-mail address"),
    ({"project_name": ""}, "The project name must not be empty."),
    ({"project_name": "   "}, "The project name must not be empty."),
    ({"project_name": "{{ x }}"}, "The project name may use letters, digits, spaces"),
    ({"project_name": "x" * 81}, "at most 80 characters"),
    ({"description": ""}, "The description must not be empty."),
    ({"description": "two\nlines"}, "The description must be a single line."),
    ({"author_name": ""}, "The author name must not be empty."),
    ({"python_version": "3.10"}, "'3.10' is not in ['3.11', '3.12', '3.13']"),
    ({"database": "mysql"}, "is not in"),
    ({"channel_layer": "rabbitmq"}, "is not in"),
    ({"accounts": "{{ 7*7 }}"}, "is not in"),
    ({"accounts": "allauth'; import os"}, "is not in"),
    ({"ci": "gitlab"}, "is not in"),
    ({"license": "GPL"}, "is not in"),
    ({"examples": ["s3", "kafka"]}, "kafka"),
]


@pytest.mark.parametrize(("answers", "message"), BAD_ANSWERS, ids=lambda v: repr(v)[:40])
def test_bad_answer_is_rejected_with_its_message(template_repo, tmp_path, answers, message):
    result = copier_copy(template_repo, tmp_path / "out", answers)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    assert not (tmp_path / "out" / "pyproject.toml").exists()


def test_good_custom_answers_are_accepted(template_repo, tmp_path):
    answers = {"project_name": "Café Ops (EU) & Co.", "project_slug": "cafe_ops2"}
    result = copier_copy(template_repo, tmp_path / "out", answers)
    assert result.returncode == 0, result.stderr


def test_slug_defaults_from_the_name(template_repo, tmp_path):
    result = copier_copy(template_repo, tmp_path / "out", {"project_name": "Acme Weather 2"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "acme_weather_2" / "settings.py").exists()


def test_reserved_names_cover_keywords_stdlib_and_generated_dependencies(render):
    # One YAML string in copier.yml (rendered once, then parsed): parse it as copier does.
    listed = yaml.safe_load((REPO_ROOT / "copier.yml").read_text())["reserved_package_names"]
    reserved = set(yaml.safe_load(listed["default"]))
    stdlib = {name for name in sys.stdlib_module_names if not name.startswith("_")}
    assert stdlib <= reserved, sorted(stdlib - reserved)
    assert {k for k in keyword.kwlist if k.islower()} <= reserved
    project = render("reserved-check", {"database": "postgres", "channel_layer": "redis"})
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    for requirement in pyproject["project"]["dependencies"]:
        distribution = requirement.split(">")[0].split("[")[0].split("=")[0].split("<")[0]
        module = {
            "django-environ": "environ",
            "django-axes": "axes",
            "django-csp": "csp",
            "django-allauth": "allauth",
            "python-json-logger": "pythonjsonlogger",
        }.get(distribution, distribution.replace("-", "_"))
        assert module in reserved, module
    apps = {p.name for p in (project / "my_live_site").iterdir() if (p / "apps.py").exists()}
    assert apps <= reserved


def test_without_trust_copier_says_to_add_it(template_repo, tmp_path):
    result = copier_copy(template_repo, tmp_path / "out", {}, trust=False)
    assert result.returncode != 0
    assert "--trust" in result.stdout + result.stderr


def test_each_copy_gets_its_own_secret(render):
    first, second = render("secret-a", {}), render("secret-b", {})
    assert (first / ".env").read_text() != (second / ".env").read_text()


def test_answers_file_does_not_hold_computed_values(render):
    answers = yaml.safe_load((render("answers", {}) / ".copier-answers.yml").read_text())
    assert "cookiecutter" not in answers
    assert "reserved_package_names" not in answers
    assert Path(answers["_src_path"]).is_absolute()

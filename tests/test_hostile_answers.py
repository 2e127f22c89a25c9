"""Answers that try to break the rendering are refused, or rendered into files that still work.

Every free-text question gets a list of hostile values: quotes, backslashes, unicode,
newlines, template syntax of every engine involved, shell metacharacters.
"""

from __future__ import annotations

import pytest

from .conftest import copier_copy
from .static_checks import (
    assert_data_files_parse,
    assert_no_unrendered_markers,
    assert_python_compiles,
    assert_ruff_passes,
)
from .test_generated_projects import assert_first_commit, make

HOSTILE = [
    "Quote \" and ' mixed",
    "Back\\slash \\n \\u0041",
    "Ünïcödé — ☃ 漢字",
    "Line\nbreak",
    "{{ cookiecutter.project_slug }}",
    "{% if true %}x{% endif %}",
    "[= cookiecutter.project_slug =]",
    "[% raw %]",
    "[[ tool.uv ]]",
    "${{ secrets.TOKEN }}",
    "$(rm -rf ~); `id` && echo | cat > /tmp/x",
    "</script><script>alert(1)</script>",
    "%s %d {0} {}",
]
FREE_TEXT = ["project_name", "description", "author_name"]


def render_or_refuse(template_repo, tmp_path, answers):
    return copier_copy(template_repo, tmp_path / "project", answers), tmp_path / "project"


@pytest.mark.parametrize("question", FREE_TEXT)
@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_answer_is_refused_clearly_or_renders_valid_files(
    template_repo, tmp_path, question, value
):
    answers = {question: value}
    if question == "project_name":
        answers["project_slug"] = "hostile"  # the name alone need not make a valid slug
    result, project = render_or_refuse(template_repo, tmp_path, answers)
    if result.returncode != 0:
        output = result.stdout + result.stderr
        assert f"Validation error for question '{question}'" in output, output[-2000:]
        assert not (project / "pyproject.toml").exists()
        return
    assert_no_unrendered_markers(project, answers_given=(value,))
    assert_python_compiles(project)
    assert_data_files_parse(project)
    assert_ruff_passes(project)


@pytest.mark.slow
def test_a_project_made_of_hostile_answers_passes_its_own_tests(template_repo, tmp_path):
    answers = {
        "project_name": "Ünïcödé Café 漢字 & O'Brien (EU)",
        "project_slug": "hostile",
        "description": "Quote \" ' \\ {{ x }} {% y %} [= z =] [[ t ]] ${{ s }} $(id) </script>",
        "author_name": 'O\'Brien \\ "Dev" {{ a }} [% b %]',
        "examples": [],
    }
    result, project = render_or_refuse(template_repo, tmp_path, answers)
    assert result.returncode == 0, result.stderr
    assert_first_commit(project)
    tests = make(project, "test")
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]
    check = make(project, "check")
    assert check.returncode == 0, check.stdout[-4000:] + check.stderr[-2000:]

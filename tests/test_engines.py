"""copier, cookiecutter and cruft render the same files and refuse the same answers."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from .conftest import copier_copy, git
from .engines import cookiecutter, cruft
from .matrix import MATRIX
from .test_validators import BAD_ANSWERS

# Each tool's own state, and the one file that differs by design (a fresh secret each time).
TOOL_FILES = {".copier-answers.yml", ".cruft.json"}
SECRET_FILES = {".env"}


def tree(root: Path) -> set[str]:
    """The project's files; its git repository (made by each tool, so different) aside."""
    files = (p.relative_to(root) for p in root.rglob("*") if p.is_file())
    return {str(p) for p in files if p.parts[0] != ".git"}


def committed(root: Path) -> set[str]:
    return set(git(root, "ls-files", "-z").split("\0")) - {""}


def only_dir(parent: Path) -> Path:
    (child,) = [p for p in parent.iterdir() if p.is_dir()]
    return child


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_copier_cookiecutter_and_cruft_render_identical_files(template_repo, tmp_path, name):
    answers = MATRIX[name]
    (tmp_path / "copier").mkdir()
    copied = copier_copy(template_repo, tmp_path / "copier" / "project", answers)
    assert copied.returncode == 0, copied.stderr
    outputs = {"copier": tmp_path / "copier" / "project"}
    for tool, render in (("cookiecutter", cookiecutter), ("cruft", cruft)):
        (tmp_path / tool).mkdir()
        result = render(template_repo, tmp_path / tool, answers)
        assert result.returncode == 0, result.stdout + result.stderr
        outputs[tool] = only_dir(tmp_path / tool)

    reference = tree(outputs["copier"]) - TOOL_FILES
    assert ".copier-answers.yml" in tree(outputs["copier"])
    assert ".cruft.json" in tree(outputs["cruft"])
    for tool in ("cookiecutter", "cruft"):
        files = tree(outputs[tool]) - TOOL_FILES
        assert files == reference, f"{tool}: {sorted(files ^ reference)}"
        _, mismatch, errors = filecmp.cmpfiles(
            outputs["copier"], outputs[tool], sorted(reference - SECRET_FILES), shallow=False
        )
        assert not mismatch and not errors, f"{tool} differs in {mismatch + errors}"
        assert (outputs[tool] / ".env").read_text() != (outputs["copier"] / ".env").read_text()
    # Each made the same first commit: every file but the secret (cruft's own file comes later).
    for tool, output in outputs.items():
        assert committed(output) == tree(output) - SECRET_FILES - {".cruft.json"}, tool


# cookiecutter refuses an empty folder name itself, before our hook runs: checked apart.
EMPTY_NAME = [({"project_slug": ""}), ({"project_name": ""}), ({"project_name": "   "})]
FREE_TEXT_REFUSALS = [
    (answers, message)
    for answers, message in BAD_ANSWERS
    if answers not in EMPTY_NAME
    and set(answers)
    <= {"project_name", "project_slug", "description", "author_name", "author_email"}
]


@pytest.mark.parametrize(("answers", "message"), FREE_TEXT_REFUSALS, ids=lambda v: repr(v)[:40])
def test_cookiecutter_refuses_the_answers_copier_refuses(template_repo, tmp_path, answers, message):
    result = cookiecutter(template_repo, tmp_path, answers)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    assert not list(tmp_path.iterdir())  # the half-made project is gone


@pytest.mark.parametrize("answers", EMPTY_NAME, ids=repr)
def test_cookiecutter_refuses_an_empty_name(template_repo, tmp_path, answers):
    result = cookiecutter(template_repo, tmp_path, answers)
    assert result.returncode != 0
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"examples": "s3,kafka"}, "kafka not in"),
        ({"database": "mysql"}, "mysql"),
        ({"accounts": "Ällauth"}, "Ällauth"),
    ],
)
def test_cookiecutter_refuses_unknown_choices(template_repo, tmp_path, answers, message):
    result = cookiecutter(template_repo, tmp_path, answers)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr

"""The render matrix covers every value of every question."""

from pathlib import Path

import yaml

from .matrix import MATRIX, PROJECT_RUNS

COPIER_YML = yaml.safe_load((Path(__file__).resolve().parent.parent / "copier.yml").read_text())
QUESTIONS = {
    name: spec
    for name, spec in COPIER_YML.items()
    if not name.startswith("_") and spec.get("when") is not False
}


def choice_values(spec: dict) -> list:
    choices = spec["choices"]
    return list(choices.values()) if isinstance(choices, dict) else list(choices)


def answered(name: str) -> list:
    """Every value the matrix gives question `name`, defaults included."""
    values = []
    for answers in MATRIX.values():
        value = answers.get(name, QUESTIONS[name].get("default"))
        values.extend(value if QUESTIONS[name].get("multiselect") else [value])
    return values


def test_every_choice_of_every_question_is_rendered():
    for name, spec in QUESTIONS.items():
        if "choices" in spec:
            missing = set(choice_values(spec)) - set(answered(name))
            assert not missing, f"{name}: {sorted(missing)} never rendered"
        if spec.get("type") == "bool":
            assert set(answered(name)) == {True, False}, f"{name}: one value never rendered"


def test_every_free_text_question_gets_a_non_default_value():
    for name, spec in QUESTIONS.items():
        if "choices" not in spec and name != "project_slug":
            assert any(name in answers for answers in MATRIX.values()), name
    assert any("project_slug" in answers for answers in MATRIX.values())


def test_all_off_and_all_on_are_there():
    assert MATRIX["minimal"]["examples"] == []
    assert sorted(MATRIX["maximal"]["examples"]) == sorted(choice_values(QUESTIONS["examples"]))
    assert MATRIX["maximal"]["database"] == "postgres"
    assert MATRIX["maximal"]["channel_layer"] == "redis"


def test_project_runs_are_matrix_entries():
    assert set(PROJECT_RUNS) <= set(MATRIX)
    assert {"default", "minimal", "maximal"} <= set(PROJECT_RUNS)

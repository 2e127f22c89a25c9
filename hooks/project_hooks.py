"""Generation logic shared by every engine: copier's task, cookiecutter's and cruft's hooks.

copier.yml is the single source of the rules: cookiecutter's hooks evaluate its
validators and its `_exclude` list here, so the three tools refuse the same answers
and leave out the same files. Standard library plus Jinja2 and PyYAML, which copier
and cookiecutter both install.
"""

from __future__ import annotations

import re
import runpy
import shutil
from pathlib import Path

import jinja2
import yaml

COPIER_YML = Path(__file__).resolve().parent.parent / "copier.yml"


def _copier_config() -> dict:
    return yaml.safe_load(COPIER_YML.read_text(encoding="utf-8"))


def _environment() -> jinja2.Environment:
    """Jinja with copier.yml's delimiters and the two filters its validators use."""
    environment = jinja2.Environment(**_copier_config()["_envops"])
    environment.filters["regex_search"] = lambda value, pattern: re.search(pattern, str(value))
    environment.filters["regex_replace"] = lambda value, pattern, replacement: re.sub(
        pattern, replacement, str(value)
    )
    return environment


def normalise(answers: dict) -> dict:
    """cookiecutter has no multi-select: `examples` arrives as "s3,redis"; make it a list."""
    answers = dict(answers)
    if isinstance(answers.get("examples"), str):
        answers["examples"] = [
            item.strip() for item in answers["examples"].split(",") if item.strip()
        ]
    return answers


def validation_errors(answers: dict) -> list[str]:
    """The message of every copier.yml validator (and choice) that `answers` fails."""
    config = _copier_config()
    environment = _environment()
    context = {
        "reserved_package_names": config["reserved_package_names"]["default"],
        **normalise(answers),
    }
    errors = []
    for name, question in config.items():
        if name.startswith("_") or not isinstance(question, dict) or name not in answers:
            continue
        if question.get("multiselect"):
            allowed = list(question["choices"].values())
            unknown = [item for item in context[name] if item not in allowed]
            if unknown:
                errors.append(f"{name}: {', '.join(unknown)} not in {allowed}")
        if "validator" in question:
            message = environment.from_string(question["validator"]).render(context).strip()
            if message:
                errors.append(f"{name}: {message}")
    return errors


def excluded_paths(answers: dict) -> list[str]:
    """The project paths copier.yml's `_exclude` list leaves out for these answers."""
    answers = normalise(answers)
    environment = _environment()
    context = {**answers, "cookiecutter": answers}
    rendered = (
        environment.from_string(item).render(context) for item in _copier_config()["_exclude"]
    )
    return [path.strip() for path in rendered if path.strip()]


def remove_excluded(project_dir: Path, answers: dict) -> None:
    """cookiecutter renders every file; remove what copier would not have created."""
    for relative in excluded_paths(answers):
        target = project_dir / relative
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def move_sqlite_database(project_dir: Path) -> None:
    """Migration to 0.2.0: the development database moved from db.sqlite3 to var/."""
    old, new = project_dir / "db.sqlite3", project_dir / "var" / "db.sqlite3"
    env_file = project_dir / ".env"
    if env_file.exists() and re.search(r"^\s*DATABASE_URL\s*=", env_file.read_text(), re.MULTILINE):
        return  # the project names its own database
    if old.exists() and not new.exists():
        new.parent.mkdir(exist_ok=True)
        old.rename(new)
        print("Moved db.sqlite3 to var/db.sqlite3, where the settings now look for it.")


MIGRATIONS = {"0.2.0": move_sqlite_database}


def create_env_file(project_dir: Path) -> None:
    """Run the project's own `.env` creation (it owns that logic; `make dev` reuses it)."""
    init_env = runpy.run_path(str(project_dir / "scripts" / "init_env.py"))
    if init_env["create_env_file"](project_dir):
        print("Created .env with a new SECRET_KEY (yours to keep; never committed).")

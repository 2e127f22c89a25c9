"""Generation logic shared by every engine: copier's task, cookiecutter's and cruft's hooks.

copier.yml is the single source of the rules: cookiecutter's hooks evaluate its
validators and its `_exclude` list here, so the three tools refuse the same answers
and leave out the same files. Standard library plus Jinja2 and PyYAML, which copier
and cookiecutter both install; those two are imported where used, since copier's copy
task needs neither and importing them is a fifth of its run.
"""

from __future__ import annotations

import os
import re
import runpy
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

COPIER_YML = Path(__file__).resolve().parent.parent / "copier.yml"


def _copier_config() -> dict:
    import yaml

    return yaml.safe_load(COPIER_YML.read_text(encoding="utf-8"))


def _environment() -> jinja2.Environment:
    """Jinja with copier.yml's delimiters and the two filters its validators use."""
    import jinja2

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


def reserved_package_names(config: dict) -> list[str]:
    """copier.yml keeps the list as one YAML string (see there): parse it as copier does."""
    import yaml

    return yaml.safe_load(config["reserved_package_names"]["default"])


def validation_errors(answers: dict) -> list[str]:
    """The message of every copier.yml validator (and choice) that `answers` fails."""
    config = _copier_config()
    environment = _environment()
    context = {
        "reserved_package_names": reserved_package_names(config),
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


def keep_django_auth_views(project_dir: Path, answers_file: str = ".copier-answers.yml") -> None:
    """Migration to 0.6.0, before the update: a project made without the `accounts` question
    answers it `basic`, keeping Django's views and the accounts it has (allauth would refuse
    every user whose address it holds no confirmed record of). Copier reads the answers
    file again after this step; new projects get the question's default, allauth."""
    answers = project_dir / answers_file
    text = answers.read_text(encoding="utf-8")
    if not re.search(r"^accounts:", text, re.MULTILINE):
        answers.write_text(text.rstrip("\n") + "\naccounts: basic\n", encoding="utf-8")
        print("Kept Django's account views (accounts: basic); see docs/patterns/sign-in.md.")


MIGRATIONS = {"0.2.0": move_sqlite_database, "0.6.0": keep_django_auth_views}


def create_env_file(project_dir: Path) -> None:
    """Run the project's own `.env` creation (it owns that logic; `make dev` reuses it)."""
    init_env = runpy.run_path(str(project_dir / "scripts" / "init_env.py"))
    if init_env["create_env_file"](project_dir):
        print("Created .env with a new SECRET_KEY (yours to keep; never committed).")


# Variables a calling git process (a hook, `git rebase --exec`) may have set: they would
# point these commands at that repository instead of the new project's.
INHERITED_GIT_LOCATION = {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"}
FIRST_COMMIT_MESSAGE = "Generate the project from the template"


def _git(project_dir: Path, *args: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in INHERITED_GIT_LOCATION}
    return subprocess.run(
        ["git", *args], cwd=project_dir, env=environment, capture_output=True, text=True
    )


def _first_commit_step(project_dir: Path, *args: str) -> bool:
    """Run `git *args`; on failure say so, and what to run instead."""
    result = _git(project_dir, *args)
    if result.returncode != 0:
        print(
            f"Could not make the first commit (git {' '.join(args)}):\n{result.stderr}"
            "Run `git init`, `git add --all` and `git commit` in the project yourself.",
            file=sys.stderr,
        )
    return result.returncode == 0


def commit_generated_files(project_dir: Path, author_name: str, author_email: str) -> bool:
    """Make the new project a git repository whose first commit holds the generated files.

    `pre-commit install` needs a repository and `copier update` a clean one. Left out where
    the project already lies in a git work tree (the user's own repository: theirs to
    commit) or git is missing. Where git has no identity configured, the answers' author
    is named on this one commit (`-c`, so no config file changes). A failure is reported
    with what to run instead, never raised: the project itself is complete. True if made.
    """
    if shutil.which("git") is None:
        print("git is not installed: no repository was made (git init, then commit).")
        return False
    if _git(project_dir, "rev-parse", "--is-inside-work-tree").returncode == 0:
        print("The project is inside a git repository already: commit its files there.")
        return False
    # main, where the generated CI workflow runs, unless the user chose a default.
    branch = _git(project_dir, "config", "--get", "init.defaultBranch").stdout.strip() or "main"
    if not _first_commit_step(project_dir, "-c", f"init.defaultBranch={branch}", "init", "-q"):
        return False
    # Asked inside the repository, where the user's `includeIf "gitdir:..."` sections apply.
    answers = {"user.name": author_name, "user.email": author_email}
    missing = [key for key in answers if not _git(project_dir, "config", "--get", key).stdout]
    identity = [part for key in missing for part in ("-c", f"{key}={answers[key]}")]
    steps = [
        # The project's .gitignore decides what is committed, not a personal global one.
        ["-c", "core.excludesFile=", "add", "--all"],
        # --no-verify: the user's own hooks (core.hooksPath) judge their commits, not this one.
        [*identity, "commit", "--quiet", "--no-verify", "-m", FIRST_COMMIT_MESSAGE],
    ]
    if not all(_first_commit_step(project_dir, *step) for step in steps):
        return False
    print("Made a git repository with the generated files as its first commit.")
    if missing:
        print(
            f"git has no {' or '.join(missing)}: the first commit took "
            f"{', '.join(answers[key] for key in missing)} from your answers. "
            "Set yours (git config --global) before you commit."
        )
    return True


def rendering_for_cruft_comparison(project_dir: Path) -> bool:
    """True when cruft renders the template only to diff it (`cruft update`, `diff`, `check`).

    cruft runs the hooks then too, with no way to tell (cruft issues #143, #199): it renders
    into a fresh `tempfile.TemporaryDirectory()`, which is recognisable. A repository made
    there would land in the diff.
    """
    scratch = project_dir.resolve().parent
    return scratch.parent == Path(tempfile.gettempdir()).resolve() and bool(
        re.fullmatch(r"tmp[a-z0-9_]{8}", scratch.name)
    )

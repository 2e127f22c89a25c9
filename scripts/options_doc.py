"""Write docs/options.md from copier.yml, so the options page cannot drift from the questions.

Help text, choices and defaults come from copier.yml. What copier.yml cannot say (the rules
of free-text answers in words, and the files each answer touches) is kept in QUESTIONS below;
the script stops with an error when QUESTIONS and copier.yml disagree about which questions
exist, so a new question cannot be left undocumented.

Usage: uv run python scripts/options_doc.py          # write docs/options.md
       uv run python scripts/options_doc.py --check  # exit 1 if docs/options.md is stale
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
COPIER_YML = REPO_ROOT / "copier.yml"
OPTIONS_MD = REPO_ROOT / "docs" / "options.md"

# Per question: `files` it touches (paths in the generated project), and for free-text
# questions the `values` copier.yml's validator accepts, in words. A computed default
# (a template expression) needs a `default` in words too.
QUESTIONS: dict[str, dict[str, str]] = {
    "project_name": {
        "values": "letters, digits, spaces and `. , ' & ( ) + ! -`, at most 80 characters",
        "files": "`README.md`, `<slug>/settings.py` (`SITE_NAME`), `<slug>/apps.py`",
    },
    "project_slug": {
        "values": "a lowercase identifier that shadows no keyword, standard-library module, "
        "dependency or project app",
        "default": "`project_name` in lowercase, other characters as `_` (`my_live_site`)",
        "files": "every path under `<slug>/`, `manage.py`, `pyproject.toml`, `Makefile`, tests",
    },
    "description": {
        "values": "one line, at most 200 characters",
        "files": "`pyproject.toml`, `README.md`",
    },
    "author_name": {
        "values": "one line",
        "files": "`pyproject.toml`, `LICENSE`",
    },
    "author_email": {
        "values": "an e-mail address",
        "files": "`pyproject.toml`",
    },
    "python_version": {
        "files": "`pyproject.toml` (`requires-python`, ruff target), `.python-version`, "
        "`README.md`, `.github/workflows/ci.yml`, `Dockerfile` (base image)",
    },
    "examples": {
        "files": "the app folders `<slug>/storage/`, `<slug>/leaderboard/`, `<slug>/weather/`, "
        "`<slug>/dashboard/` (`_exclude`); the services modules `<slug>/services/s3.py`, "
        "`redis.py`, `weather.py`, `metrics.py` and `deadline.py` (conditional file names); "
        "`INSTALLED_APPS`, `LIVEVIEW_ALLOWED_MODULES` and the service settings in "
        "`<slug>/settings.py`; `<slug>/urls.py`; `pyproject.toml` (boto3, redis, httpx, "
        "stamina; moto, fakeredis, respx for development); `.env.example`; `Makefile`; "
        "`README.md`; `<slug>/home/tests/test_home_view.py`; `tests/test_settings.py`; "
        "`.github/workflows/ci.yml` (redis-server for the leaderboard); `Dockerfile` and "
        "`compose.yaml` (Redis)",
    },
    "benchmark": {
        "values": "`true` or `false` (copier asks yes/no)",
        "files": "`bench/` and `tests/test_bench_client.py` (`_exclude`); `Makefile` (`bench`), "
        "`README.md`, `.dockerignore`, `pyproject.toml` (a comment); comments in the examples",
    },
    "accounts": {
        "files": "`<slug>/accounts/templates/` (allauth's pages restyled) or "
        "`<slug>/templates/registration/` (Django's views' pages) (`_exclude`); "
        "`tests/test_allauth.py`, `tests/test_browser_signup.py` or "
        "`tests/test_django_auth_views.py`, `tests/test_browser_accounts.py` (conditional "
        "file names); `<slug>/settings.py` (apps, middleware, `ACCOUNT_*`, `MFA_*`, "
        "backends, CSP `img-src`), `<slug>/urls.py`, `<slug>/accounts/lockout.py`, "
        "`<slug>/management/commands/dev.py` (the development account), "
        "`<slug>/templates/base.html`, `pyproject.toml` (django-allauth), `tests/accounts.py`, "
        "`tests/test_auth.py`, `tests/test_browser_pages.py`",
    },
    "database": {
        "files": "`pyproject.toml` (psycopg), `.env.example`, `.github/workflows/ci.yml` "
        "(service), `compose.yaml` (a `postgres` service, or a volume for SQLite)",
    },
    "channel_layer": {
        "files": "`pyproject.toml` (channels-redis), `<slug>/settings.py` (`CHANNEL_LAYERS`, "
        "`CACHES`, `SESSION_ENGINE`, `DJUST_CONFIG`), `.env.example`, `Makefile`, "
        "`tests/test_settings.py`, `<slug>/leaderboard/tests/test_scale_out.py`, "
        "`.github/workflows/ci.yml` (service), `Dockerfile` (workers), `compose.yaml` (`redis`)",
    },
    "error_monitoring": {
        "files": "`pyproject.toml` (sentry-sdk), `<slug>/settings.py` (`sentry_sdk.init`), "
        "`.env.example`, `tests/test_error_monitoring.py`",
    },
    "ci": {
        "files": "`.github/`: the workflow and `dependabot.yml` (excluded for `none`)",
    },
    "license": {
        "files": "`LICENSE` (excluded for `Proprietary`), `pyproject.toml`",
    },
}

# Files in copier.yml's `_skip_if_exists`: (when it is created, what `copier update` does).
OWNED = {
    ".env": (
        "once, at copy time (and by `make dev` on a fresh checkout), with a fresh `SECRET_KEY`",
        "never touched (`_skip_if_exists`, copy-only task)",
    ),
}

HEADER = """\
<!-- Generated from copier.yml by scripts/options_doc.py; do not edit by hand. \
Run `uv run python scripts/options_doc.py` after changing either. -->
# Questions and the files they touch

Every question `copier copy` asks, with its help text, allowed values and default, taken
from `copier.yml`. cookiecutter and cruft ask the same questions with the same defaults;
there `examples` is a comma-separated list such as `s3,weather` (empty for none).
"""

FILES_INTRO = """\
## Files each question touches

Paths are inside the generated project; `<slug>` is the `project_slug` answer. Files are
left out through the single `_exclude` list in `copier.yml`; everything else an option changes
is a `[% if %]` block in the files below (search the template for the option's name).
"""

OWNED_OUTRO = (
    "Every other file belongs to the template and is updated by `copier update`, "
    "merging your edits."
)


def visible_questions(config: dict) -> dict[str, dict]:
    """The questions copier asks: not settings (`_...`), not computed (`when: false`)."""
    return {
        name: spec
        for name, spec in config.items()
        if not name.startswith("_") and spec.get("when") is not False
    }


def check_mapping(questions: dict[str, dict], skip_if_exists: list[str]) -> None:
    """Stop when this script's knowledge and copier.yml disagree."""
    problems = []
    if missing := sorted(set(questions) - set(QUESTIONS)):
        problems.append(f"copier.yml asks {missing}, which QUESTIONS does not describe")
    if extra := sorted(set(QUESTIONS) - set(questions)):
        problems.append(f"QUESTIONS describes {extra}, which copier.yml does not ask")
    for name in sorted(set(questions) & set(QUESTIONS)):
        spec, known = questions[name], QUESTIONS[name]
        if ("choices" in spec) == ("values" in known):
            problems.append(
                f"{name}: give `values` in words exactly when the question has no choices"
            )
        if is_computed(spec.get("default")) != ("default" in known):
            problems.append(f"{name}: give `default` in words exactly when it is computed")
    if sorted(OWNED) != sorted(skip_if_exists):
        problems.append(f"OWNED lists {sorted(OWNED)}; _skip_if_exists is {skip_if_exists}")
    if problems:
        sys.exit(
            "scripts/options_doc.py is out of step with copier.yml:\n  " + "\n  ".join(problems)
        )


def is_computed(default: object) -> bool:
    return isinstance(default, str) and "[=" in default


def code(value: object) -> str:
    return f"`{value}`"


def allowed_values(spec: dict, known: dict[str, str]) -> str:
    if "choices" not in spec:
        return known["values"]
    choices = spec["choices"]
    if isinstance(choices, dict):  # label: value
        listed = "<br>".join(f"{code(value)}: {label}" for label, value in choices.items())
    else:
        listed = ", ".join(code(value) for value in choices)
    return f"any of, or none:<br>{listed}" if spec.get("multiselect") else listed


def default_value(spec: dict, known: dict[str, str]) -> str:
    default = spec.get("default")
    if is_computed(default):
        return known["default"]
    if isinstance(default, bool):  # as YAML and `--data` spell it
        return code(str(default).lower())
    if isinstance(default, list):
        return ", ".join(code(value) for value in default) or "none"
    return code(default)


def row(*cells: str) -> str:
    for cell in cells:
        if "|" in cell or "\n" in cell:
            sys.exit(f"a table cell may not contain `|` or a line break: {cell!r}")
    return "| " + " | ".join(cells) + " |"


def render(config: dict) -> str:
    questions = visible_questions(config)
    check_mapping(questions, config.get("_skip_if_exists", []))
    lines = [HEADER]
    lines.append(row("Question", "What it sets", "Allowed values", "Default"))
    lines.append(row(*["---"] * 4))
    for name, spec in questions.items():
        known = QUESTIONS[name]
        help_text = spec.get("help", "").strip()
        lines.append(
            row(code(name), help_text, allowed_values(spec, known), default_value(spec, known))
        )
    lines += ["", FILES_INTRO]
    lines.append(row("Question", "Files it touches"))
    lines.append(row("---", "---"))
    lines += [row(code(name), QUESTIONS[name]["files"]) for name in questions]
    lines += ["", "## Files the user owns", ""]
    lines.append(row("File", "Created", "On `copier update`"))
    lines.append(row("---", "---", "---"))
    lines += [row(code(path), created, update) for path, (created, update) in OWNED.items()]
    lines += ["", OWNED_OUTRO, ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if docs/options.md is not up to date"
    )
    args = parser.parse_args()
    expected = render(yaml.safe_load(COPIER_YML.read_text(encoding="utf-8")))
    if not args.check:
        OPTIONS_MD.write_text(expected, encoding="utf-8")
        return
    actual = OPTIONS_MD.read_text(encoding="utf-8") if OPTIONS_MD.exists() else ""
    if actual != expected:
        diff = difflib.unified_diff(
            actual.splitlines(keepends=True),
            expected.splitlines(keepends=True),
            "docs/options.md (on disk)",
            "docs/options.md (from copier.yml)",
        )
        sys.stderr.writelines(diff)
        sys.exit("docs/options.md is out of date: run `uv run python scripts/options_doc.py`.")


if __name__ == "__main__":
    main()

"""The new project from the first minute: a git repository with the generated files
committed, whichever tool made it, and `make new` that needs no terminal."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import copier_copy, git, run
from .engines import cookiecutter, cruft
from .test_generated_projects import free_port, project_env, stop_group, wait_for_http

TOOLS = Path(sys.executable).parent
FIRST_COMMIT = "Generate the project from the template"
CONFIGURED = ("Configured Person", "configured@example.com")
# The answers' author, with characters a shell line or a git config value would mangle.
AUTHOR = {"author_name": 'Zoë O\'Brien "Dev" $(id)', "author_email": "zoe.obrien@example.org"}


def git_environment(
    home: Path, identity: tuple[str, str] | None = None, config: dict[str, str] | None = None
) -> dict[str, str]:
    """This process's environment with `home` as HOME: its git config is only what is given
    (`identity`, and `config` as {"section.key": value})."""
    home.mkdir()
    settings = dict(config or {})
    if identity:
        settings |= {"user.name": identity[0], "user.email": identity[1]}
    lines = []
    for name, value in settings.items():
        section, key = name.rsplit(".", 1)
        lines += [f"[{section}]", f"\t{key} = {value}"]
    if lines:
        (home / ".gitconfig").write_text("\n".join(lines) + "\n", encoding="utf-8")
    elsewhere = {"EMAIL", "XDG_CONFIG_HOME"}  # git reads an identity and config there too
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k not in elsewhere
    }
    return {**environment, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1"}


def generate(tool: str, template: Path, parent: Path, environment: dict) -> Path:
    """Make the project with `tool`'s CLI in `parent`; return its folder."""
    parent.mkdir(exist_ok=True)
    if tool == "copier":
        result = copier_copy(template, parent / "site", AUTHOR, env=environment)
    else:
        make = cookiecutter if tool == "cookiecutter" else cruft
        result = make(template, parent, AUTHOR, env=environment)
    assert result.returncode == 0, result.stdout + result.stderr
    (project,) = [p for p in parent.iterdir() if p.is_dir()]
    return project


def files_on_disk(project: Path) -> set[str]:
    files = (p.relative_to(project) for p in project.rglob("*") if p.is_file())
    return {str(p) for p in files if p.parts[0] != ".git"}


def committed(project: Path) -> set[str]:
    return set(git(project, "ls-files", "-z").split("\0")) - {""}


def first_commit(project: Path) -> list[str]:
    """[author, committer, subject] of HEAD, which must be the only commit."""
    assert git(project, "rev-list", "--count", "HEAD").strip() == "1"
    return git(project, "log", "-1", "--format=%an <%ae>%n%cn <%ce>%n%s").splitlines()


@pytest.mark.parametrize("tool", ["copier", "cookiecutter", "cruft"])
def test_the_project_starts_as_a_repository_with_the_generated_files_committed(
    template_repo, tmp_path, tool
):
    environment = git_environment(tmp_path / "home", CONFIGURED)
    project = generate(tool, template_repo, tmp_path / "out", environment)

    configured = f"{CONFIGURED[0]} <{CONFIGURED[1]}>"
    assert first_commit(project) == [configured, configured, FIRST_COMMIT]
    assert git(project, "branch", "--show-current").strip() == "main"  # where CI runs
    own_state = {".cruft.json"} if tool == "cruft" else set()
    assert committed(project) == files_on_disk(project) - {".env"} - own_state
    assert {"var/.gitkeep", ".gitignore", "manage.py"} <= committed(project)
    if tool == "copier":  # `copier update` needs its answers committed
        assert ".copier-answers.yml" in committed(project)
    # cruft writes .cruft.json after the hooks ran: the only file left to commit, as it says.
    status = git(project, "status", "--porcelain")
    assert status == ("?? .cruft.json\n" if tool == "cruft" else "")


@pytest.mark.parametrize("tool", ["copier", "cookiecutter", "cruft"])
def test_without_a_git_identity_the_answers_author_makes_the_first_commit(
    template_repo, tmp_path, tool
):
    environment = git_environment(tmp_path / "home")  # nothing configured, as on a new machine
    project = generate(tool, template_repo, tmp_path / "out", environment)

    author = f"{AUTHOR['author_name']} <{AUTHOR['author_email']}>"
    assert first_commit(project) == [author, author, FIRST_COMMIT]
    # For that commit only: no git config anywhere learned the answers' author.
    home = tmp_path / "home"
    assert not (home / ".gitconfig").exists() and not (home / ".config" / "git").exists()
    local = run(["git", "config", "--local", "--list"], project).stdout
    assert "user." not in local


def test_an_identity_git_gives_only_inside_a_repository_is_used(template_repo, tmp_path):
    """`includeIf "gitdir:..."`: a work identity for every repository under a folder."""
    work = tmp_path / "work.gitconfig"
    work.write_text(f"[user]\n\tname = {CONFIGURED[0]}\n\temail = {CONFIGURED[1]}\n")
    environment = git_environment(
        tmp_path / "home", config={f'includeIf "gitdir:{tmp_path}/out/".path': str(work)}
    )
    project = generate("copier", template_repo, tmp_path / "out", environment)
    configured = f"{CONFIGURED[0]} <{CONFIGURED[1]}>"
    assert first_commit(project) == [configured, configured, FIRST_COMMIT]


def test_a_default_branch_the_user_chose_is_kept(template_repo, tmp_path):
    environment = git_environment(tmp_path / "home", CONFIGURED, {"init.defaultBranch": "trunk"})
    project = generate("copier", template_repo, tmp_path / "out", environment)
    assert git(project, "branch", "--show-current").strip() == "trunk"


def test_a_project_made_inside_a_repository_is_left_for_that_repository(template_repo, tmp_path):
    """A monorepo's subfolder gets no repository of its own; its owner commits it."""
    outer = tmp_path / "monorepo"
    outer.mkdir()
    git(outer, "init", "--quiet")
    result = copier_copy(template_repo, outer / "site", {})
    assert result.returncode == 0, result.stderr
    assert not (outer / "site" / ".git").exists()
    assert "inside a git repository already" in result.stdout
    assert "?? site/" in git(outer, "status", "--porcelain").splitlines()
    assert run(["git", "rev-parse", "HEAD"], outer).returncode != 0  # no commit made for them


def test_a_personal_global_gitignore_does_not_leave_template_files_out(template_repo, tmp_path):
    """The project's .gitignore decides what the first commit holds."""
    ignore = tmp_path / "global-ignore"
    ignore.write_text(".env*\nDockerfile\n", encoding="utf-8")
    environment = git_environment(tmp_path / "home", CONFIGURED, {"core.excludesFile": str(ignore)})
    project = generate("copier", template_repo, tmp_path / "out", environment)
    assert {".env.example", "Dockerfile"} <= committed(project)
    assert ".env" not in committed(project)


def test_cruft_compares_and_updates_without_a_repository_or_a_secret_of_its_own(
    template_repo, tmp_path
):
    """cruft re-renders the template (and runs its hooks) to diff it: those renders must
    make no repository and no `.env`, or `cruft diff` shows them and `cruft update`
    rewrites the project's own secret."""
    template = tmp_path / "template"
    git(tmp_path, "clone", "--quiet", str(template_repo), str(template))
    environment = git_environment(tmp_path / "home", CONFIGURED)
    project = generate("cruft", template, tmp_path / "out", environment)
    git(project, "add", ".cruft.json")
    git(project, "commit", "--quiet", "--message", "Track the template with cruft")
    secret = (project / ".env").read_bytes()

    diff = run([str(TOOLS / "cruft"), "diff", "--exit-code"], project, env=environment)
    assert diff.returncode == 0 and diff.stdout == "", diff.stdout[-3000:] + diff.stderr

    readme = next(template.glob("template/*/README.md"))
    readme.write_text(readme.read_text(encoding="utf-8") + "\nA later release.\n", "utf-8")
    git(template, "commit", "--quiet", "--all", "--message", "A later release")
    update = run([str(TOOLS / "cruft"), "update", "--skip-apply-ask"], project, env=environment)
    assert update.returncode == 0, update.stdout + update.stderr
    assert (project / "README.md").read_text(encoding="utf-8").endswith("A later release.\n")
    assert (project / ".env").read_bytes() == secret
    changed = {line[3:] for line in git(project, "status", "--porcelain").splitlines()}
    assert changed == {"README.md", ".cruft.json"}


@pytest.mark.slow
def test_pre_commit_installs_and_commits_in_a_fresh_project_with_no_git_identity(
    template_repo, tmp_path
):
    """The generated README's first steps, on a machine where git was never configured."""
    environment = git_environment(tmp_path / "home")
    # Shared caches (not identities): packages and hook environments download once.
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    environment.setdefault("UV_CACHE_DIR", str(cache / "uv"))
    environment.setdefault("PRE_COMMIT_HOME", str(cache / "pre-commit"))
    environment = {**project_env(), **environment}
    project = generate("copier", template_repo, tmp_path / "out", environment)

    uv = shutil.which("uv", path=environment["PATH"])
    assert uv, "uv is not on PATH (the template's Makefile puts it there)"
    install = run([uv, "run", "pre-commit", "install"], project, env=environment)
    assert install.returncode == 0, install.stdout + install.stderr
    # git asks anyone without an identity for one before their own commit; set it as a
    # user would for one command, without touching any config.
    someone = {"GIT_AUTHOR_NAME": "New User", "GIT_AUTHOR_EMAIL": "new@example.org"}
    someone |= {"GIT_COMMITTER_NAME": "New User", "GIT_COMMITTER_EMAIL": "new@example.org"}
    commit = run(
        ["git", "commit", "--allow-empty", "-m", "x"], project, env={**environment, **someone}
    )
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert "ruff check" in commit.stdout + commit.stderr  # the hooks ran
    assert git(project, "rev-list", "--count", "HEAD").strip() == "2"


@pytest.mark.slow
def test_make_new_with_defaults_runs_without_a_terminal(template_repo, tmp_path):
    """`make new DEST=... ARGS=--defaults` from a clone, stdin not a terminal: the project
    is made without a question and `make dev` serves it."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(template_repo), str(clone))
    dest, port = tmp_path / "my-site", free_port()
    log_path = tmp_path / "make-new.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ["make", "new", f"DEST={dest}", "ARGS=--defaults", f"PORT={port}"],
            cwd=clone,
            env=project_env(),
            stdin=subprocess.DEVNULL,  # no terminal to answer on
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            status, html = wait_for_http(f"http://127.0.0.1:{port}/", process, timeout=600)
        finally:
            stop_group(process, signal.SIGTERM)
    assert status == 200 and "My Live Site" in html, log_path.read_text()[-3000:]
    assert first_commit(dest)[2] == FIRST_COMMIT

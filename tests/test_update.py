"""`copier update` from every earlier release to this one loses nothing and needs no hand work."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import REPO_ROOT, git
from .releases import changelog_versions, tagged_clone
from .test_generated_projects import assert_first_commit, make, project_env

pytestmark = pytest.mark.slow
CONFLICT_MARKERS = ("<<<<<<<", ">>>>>>>")


# Every earlier release updates to the newest: a project may skip releases.
CURRENT, *OLDER = changelog_versions()


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> Path:
    """A clone of the template with a tag per release (the work tree is the newest)."""
    clone = tmp_path_factory.mktemp("releases") / "template"
    tagged_clone(clone)
    return clone


def copier(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "copier", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def generate(clone: Path, dest: Path, *, version: str, answers: str = "") -> Path:
    extra = ["--data-file", answers] if answers else []
    result = copier(
        "copy",
        "--trust",
        "--defaults",
        "--vcs-ref",
        version,
        *extra,
        str(clone),
        str(dest),
        cwd=dest.parent,
    )
    assert result.returncode == 0, result.stderr
    if not (dest / ".git").exists():  # a release from before the first commit was made for you
        git(dest, "init", "--quiet", "--initial-branch=main")
        git(dest, "add", "--all")
        git(dest, "commit", "--quiet", "--message", "Generated")
    assert_first_commit(dest)
    return dest


def update(project: Path, *args: str) -> subprocess.CompletedProcess:
    result = copier("update", "--trust", "--defaults", *args, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def assert_cleanly_merged(project: Path) -> None:
    # The project's own files, not the packages `make install` put beside them.
    tools = {".git", ".venv", ".tools"}
    files = [p for p in project.rglob("*") if p.is_file() and not tools & set(p.parts)]
    assert not [p for p in files if p.suffix == ".rej"]
    marked = [
        p
        for p in files
        if p.suffix in {".py", ".html", ".toml", ".md", ".yml", ""}
        and any(m in p.read_text(errors="ignore") for m in CONFLICT_MARKERS)
    ]
    assert not marked, marked
    assert git(project, "diff", "--name-only", "--diff-filter=U") == ""


def answers_version(project: Path) -> str:
    return yaml.safe_load((project / ".copier-answers.yml").read_text())["_commit"]


@pytest.mark.parametrize("previous", OLDER)
def test_update_without_edits_reaches_the_new_release_and_passes(releases, tmp_path, previous):
    project = generate(releases, tmp_path / "project", version=previous)
    assert answers_version(project) == previous
    update(project)
    assert answers_version(project) == CURRENT
    assert_cleanly_merged(project)
    # A project made before the `accounts` question keeps Django's views and its accounts:
    # allauth would lock out every user whose address it has no confirmed record of.
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["accounts"] == "basic"
    assert (project / "my_live_site" / "templates" / "registration" / "login.html").is_file()
    result = make(project, "test")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


@pytest.mark.parametrize("previous", OLDER)
def test_update_keeps_the_users_edits_and_files(releases, tmp_path, previous):
    project = generate(releases, tmp_path / "project", version=previous)
    env_file = project / ".env"
    env_file.write_text(env_file.read_text() + "MY_OWN_SETTING=kept\n")  # user-owned
    manage = project / "manage.py"  # template-owned, in a part the template leaves alone
    manage.write_text(manage.read_text().replace('"""Django', '"""Our site: Django', 1))
    (project / "notes.md").write_text("# Our notes\n")  # the user's own file
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "Our edits")
    env_before = env_file.read_bytes()

    update(project)
    assert_cleanly_merged(project)
    assert env_file.read_bytes() == env_before
    assert '"""Our site: Django' in manage.read_text()
    assert (project / "notes.md").read_text() == "# Our notes\n"


def test_the_0_2_0_migration_moves_the_development_database(releases, tmp_path):
    project = generate(releases, tmp_path / "project", version="0.1.0")  # the db's old place
    with sqlite3.connect(project / "db.sqlite3") as database:  # development data to keep
        database.execute("create table marker (value text)")
        database.execute("insert into marker values ('precious')")
    update(project)
    assert not (project / "db.sqlite3").exists()
    with sqlite3.connect(project / "var" / "db.sqlite3") as database:
        assert database.execute("select value from marker").fetchall() == [("precious",)]


def manage(project: Path, *args: str, **env: str) -> str:
    """`manage.py` in the project's own environment, as `make dev` runs it."""
    uv = shutil.which("uv") or str(project / ".tools" / "bin" / "uv")
    result = subprocess.run(
        [uv, "run", "python", "manage.py", *args],
        cwd=project,
        env={**project_env(), "DJANGO_ENV": "development", "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


OLD_PASSWORD = "an-old-account-password"


def add_old_account(project: Path) -> None:
    """ada, ada@example.com: an account made the way the old release documents."""
    manage(
        project,
        "createsuperuser",
        "--no-input",
        DJANGO_SUPERUSER_USERNAME="ada",
        DJANGO_SUPERUSER_EMAIL="ada@example.com",
        DJANGO_SUPERUSER_PASSWORD=OLD_PASSWORD,
    )


def test_accounts_made_with_djangos_user_model_still_sign_in_after_the_update(releases, tmp_path):
    """0.4.0 used Django's `auth.User`; the custom `accounts.User` lives in the same table.

    Django documents that changing AUTH_USER_MODEL mid-project needs hand work; keeping
    the table `auth_user` reduces it to one `migrate --fake-initial`, which skips an
    initial migration whose tables already exist (docs: django-admin migrate).
    """
    project = generate(releases, tmp_path / "project", version="0.4.0")
    assert make(project, "install").returncode == 0
    manage(project, "migrate", "--no-input")
    add_old_account(project)
    dirty = git(project, "status", "--porcelain")
    if dirty:  # as a user commits before updating (copier refuses a dirty tree)
        print("dirty after install and migrate:", dirty)
        commit_all_changes(project)
    update(project)
    assert_cleanly_merged(project)
    assert make(project, "install").returncode == 0
    manage(project, "migrate", "--fake-initial", "--no-input")
    found = manage(
        project,
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth import get_user_model; "
        "user = get_user_model().objects.get(email='ada@example.com'); "
        "print(user._meta.label, user.username, user.check_password('an-old-account-password'))",
    )
    assert found.split() == ["accounts.User", "ada", "True"]


def test_a_project_moved_to_allauth_as_the_docs_say_keeps_its_accounts(releases, tmp_path):
    """docs/patterns/sign-in.md, "Moving a project made before 0.6.0 to allauth", run as
    written: the account made under 0.5.0 then signs in by its address."""
    project = generate(releases, tmp_path / "project", version="0.5.0")
    assert make(project, "install").returncode == 0
    manage(project, "migrate", "--no-input")
    add_old_account(project)
    if git(project, "status", "--porcelain"):
        commit_all_changes(project)
    update(project, "--data", "accounts=allauth")
    assert_cleanly_merged(project)
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["accounts"] == "allauth"
    assert make(project, "install").returncode == 0
    manage(project, "migrate", "--no-input")
    docs = (REPO_ROOT / "docs" / "patterns" / "sign-in.md").read_text()
    snippet = re.search(r'manage\.py shell -c "\n(.*?)"\n```', docs, re.DOTALL).group(1)
    manage(project, "shell", "-c", snippet)
    signs_in = manage(
        project,
        "shell",
        "--no-imports",
        "-c",
        "from tests.accounts import authenticates; "
        "from allauth.account.models import EmailAddress; "
        "user = authenticates('ada@example.com', 'an-old-account-password'); "
        "print(user.username, EmailAddress.objects.get(user=user).verified)",
    )
    assert signs_in.split() == ["ada", "True"]


def test_changing_an_answer_adds_and_removes_exactly_that_examples_files(releases, tmp_path):
    answers = tmp_path / "answers.yml"
    answers.write_text("examples: [s3, weather]\n")
    project = generate(releases, tmp_path / "project", version=CURRENT, answers=str(answers))
    before = {p.relative_to(project) for p in project.rglob("*") if ".git" not in p.parts}
    answers.write_text("examples: [s3, redis]\n")
    update(project, "--vcs-ref=:current:", "--data-file", str(answers))
    after = {p.relative_to(project) for p in project.rglob("*") if ".git" not in p.parts}

    slug = Path("my_live_site")
    removed = {p for p in before - after}
    added = {p for p in after - before}

    def belongs_to(path: Path, app: str, service: str) -> bool:
        """The example's app folder, its services module, or its benchmark baseline files."""
        return (
            path.parts[:2] == (slug.name, app)
            or path == slug / "services" / service
            or (path.parts[0] == "bench" and path.stem == app)
        )

    assert removed and all(belongs_to(p, "weather", "weather.py") for p in removed), sorted(
        map(str, removed)
    )
    assert added and all(belongs_to(p, "leaderboard", "redis.py") for p in added), sorted(
        map(str, added)
    )
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["examples"] == [
        "s3",
        "redis",
    ]
    assert_cleanly_merged(project)
    commit_all_changes(project)
    result = make(project, "test")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def commit_all_changes(project: Path) -> None:
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "Changed examples")

"""Release tags for update tests, made in a temporary clone (tags do not travel with main).

A release is the commit that added its `## X.Y.Z` heading to CHANGELOG.md; the work
tree as it is now becomes the newest heading's tag on top of the history.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .conftest import REPO_ROOT, git

HEADING = re.compile(r"^## (\d+\.\d+\.\d+)\s*$", re.MULTILINE)


def changelog_versions() -> list[str]:
    """Versions in CHANGELOG.md, newest first."""
    return HEADING.findall((REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))


def release_commit(version: str) -> str:
    """The commit that added `## version` to the changelog (needs the full git history)."""
    # Along main (--first-parent), merges diffed against it (-m): a heading may arrive in a
    # merge, which plain `log -S` never shows.
    found = git(
        REPO_ROOT,
        *("log", "--first-parent", "-m", "--format=%H", f"-S## {version}"),
        *("--", "CHANGELOG.md"),
    )
    commits = found.split()
    assert commits, f"no commit adds '## {version}' to CHANGELOG.md: is the clone shallow?"
    return commits[-1]  # the oldest: where the heading appeared


def tagged_clone(dest: Path) -> list[str]:
    """Clone this repository with its history, commit the work tree on top, tag every release.

    Returns the versions, newest (the work tree) first.
    """
    current, *older = changelog_versions()
    git(dest.parent, "clone", "--quiet", "--no-local", str(REPO_ROOT), str(dest))
    for version in older:
        git(dest, "tag", version, release_commit(version))
    # The work tree, committed or not, is the current release.
    listed = git(REPO_ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z")
    keep = set(filter(None, listed.split("\0")))
    for name in git(dest, "ls-files", "-z").split("\0"):
        if name and name not in keep:
            (dest / name).unlink()
    for name in keep:
        if (REPO_ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO_ROOT / name, dest / name)
    git(dest, "add", "--all")
    git(dest, "commit", "--quiet", "--allow-empty", "--message", f"Release {current} (work tree)")
    git(dest, "tag", current)
    return [current, *older]

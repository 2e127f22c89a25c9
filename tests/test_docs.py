"""The docs site builds cleanly and its options page matches copier.yml."""

import os
import subprocess
import sys
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
COPIER_YML = yaml.safe_load((REPO_ROOT / "copier.yml").read_text(encoding="utf-8"))
# Questions copier asks: computed ones (`when: false`) are never shown to the user.
QUESTIONS = [
    name
    for name, spec in COPIER_YML.items()
    if not name.startswith("_") and spec.get("when") is not False
]


def test_options_page_is_generated_from_copier_yml():
    result = subprocess.run(
        [sys.executable, "scripts/options_doc.py", "--check"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_options_page_has_a_row_for_every_question():
    doc = (REPO_ROOT / "docs" / "options.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip() for line in doc.splitlines() if line.startswith("| `")}
    for name in QUESTIONS:
        assert f"`{name}`" in rows, name
    hidden = {
        name
        for name, spec in COPIER_YML.items()
        if isinstance(spec, dict) and spec.get("when") is False
    }
    assert not {f"`{name}`" for name in hidden} & rows, "a computed question is documented"


def test_site_builds_strictly(tmp_path):
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=REPO_ROOT,
        # Silence Material's end-of-life banner, which would bury a real warning.
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "options.html").is_file()

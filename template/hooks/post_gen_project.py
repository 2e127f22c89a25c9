"""cookiecutter and cruft: the same answer checks, excluded files and `.env` as copier.

The rules live in copier.yml and run through hooks/project_hooks.py of the template
checkout: cookiecutter says where that is (`_repo_dir`); cruft gives the template's
URL and commit, from which those two files are checked out. Bad answers are refused
here, after rendering: cookiecutter then deletes the half-made project.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ANSWERS = json.loads(r'''[= cookiecutter | tojson =]''')


def template_checkout() -> Path:
    if ANSWERS.get("_repo_dir"):
        return Path(ANSWERS["_repo_dir"]).resolve().parent
    checkout = Path(tempfile.mkdtemp(prefix="template-hooks-"))
    git = ["git", "-c", "advice.detachedHead=false"]
    source, commit = ANSWERS["_template"], ANSWERS["_commit"]
    subprocess.run([*git, "clone", "--quiet", "--no-checkout", source, str(checkout)], check=True)
    files = ["hooks", "copier.yml"]
    subprocess.run([*git, "-C", str(checkout), "checkout", commit, "--", *files], check=True)
    return checkout


sys.path.insert(0, str(template_checkout() / "hooks"))
from project_hooks import create_env_file, remove_excluded, validation_errors  # noqa: E402

answers = {key: value for key, value in ANSWERS.items() if not key.startswith("_")}
errors = validation_errors(answers)
if errors:
    print("\n".join(["These answers cannot be used:", *errors]), file=sys.stderr)
    sys.exit(1)
remove_excluded(Path.cwd(), answers)
create_env_file(Path.cwd())

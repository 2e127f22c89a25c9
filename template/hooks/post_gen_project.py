"""cookiecutter and cruft: the same answer checks, excluded files, `.env` and first commit as copier.

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
from project_hooks import (  # noqa: E402
    commit_generated_files,
    create_env_file,
    remove_excluded,
    rendering_for_cruft_comparison,
    validation_errors,
)

answers = {key: value for key, value in ANSWERS.items() if not key.startswith("_")}
errors = validation_errors(answers)
if errors:
    print("\n".join(["These answers cannot be used:", *errors]), file=sys.stderr)
    sys.exit(1)
remove_excluded(Path.cwd(), answers)
under_cruft = "_commit" in ANSWERS  # cruft's own key; cookiecutter never sets it
if under_cruft and rendering_for_cruft_comparison(Path.cwd()):
    sys.exit(0)  # only the template's files are compared: no secret, no repository
create_env_file(Path.cwd())
if commit_generated_files(Path.cwd(), answers["author_name"], answers["author_email"]):
    if under_cruft:  # cruft writes .cruft.json after the hooks have run
        print("Commit .cruft.json, which cruft writes next: git add .cruft.json && git commit")

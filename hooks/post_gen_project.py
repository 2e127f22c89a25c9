"""Work done once, right after a project is generated (never on update).

Copier calls this file from its copy-only task and cookiecutter's hook calls it
too, so the post-generation logic lives here alone. Argument: the project folder.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path


def main(project_dir: Path) -> None:
    # The project owns `.env` creation (`make dev` re-runs it on a fresh
    # checkout); generation only runs the project's own script early.
    init_env = runpy.run_path(str(project_dir / "scripts" / "init_env.py"))
    if init_env["create_env_file"](project_dir):
        print("Created .env with a new SECRET_KEY (yours to keep; never committed).")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path.cwd())

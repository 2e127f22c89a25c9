"""Copier's copy-only task (see `_tasks` in copier.yml): runs in the new project."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from project_hooks import create_env_file

if __name__ == "__main__":
    create_env_file(Path.cwd())

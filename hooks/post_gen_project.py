"""Copier's copy-only task (see `_tasks` in copier.yml): runs in the new project.

Usage: post_gen_project.py AUTHOR_NAME AUTHOR_EMAIL (the answers, for the first commit).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from project_hooks import commit_generated_files, create_env_file

if __name__ == "__main__":
    author_name, author_email = sys.argv[1:3]
    create_env_file(Path.cwd())
    commit_generated_files(Path.cwd(), author_name, author_email)

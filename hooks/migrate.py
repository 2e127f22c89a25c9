"""Copier's `_migrations` (see copier.yml): `migrate.py VERSION [ARG...]` runs in the project."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from project_hooks import MIGRATIONS

if __name__ == "__main__":
    MIGRATIONS[sys.argv[1]](Path.cwd(), *sys.argv[2:])

"""Create `.env` from `.env.example` with a fresh SECRET_KEY, unless `.env` exists.

Standard library only: it runs before any dependency is installed, from the
project template right after generation and from `make dev` on a fresh checkout.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

HEADER = """\
# Local settings for `make dev`, created once with a fresh SECRET_KEY.
# It is yours: template updates never touch it, and git never sees it.
"""
PLACEHOLDER = "SECRET_KEY=change-me"


def create_env_file(project_dir: Path) -> bool:
    """Write `.env` next to `.env.example`; return False if it was already there."""
    env_file = project_dir / ".env"
    if env_file.exists():
        return False
    example = (project_dir / ".env.example").read_text(encoding="utf-8")
    if PLACEHOLDER not in example:
        raise SystemExit(f".env.example has no '{PLACEHOLDER}' line to fill in")
    body = example.replace(PLACEHOLDER, f"SECRET_KEY={secrets.token_urlsafe(50)}", 1)
    env_file.write_text(HEADER + body, encoding="utf-8")
    env_file.chmod(0o600)  # a secret: readable by its owner only
    return True


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    if create_env_file(root):
        print(f"Created {root / '.env'} with a new SECRET_KEY.")

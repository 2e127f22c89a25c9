"""The project's layers, top to bottom: settings, asgi, urls and the project's own tooling;
one app per feature; `services`. Imports only point down, and apps never import each other:
so deleting an app's folder (and its two lines) leaves the rest importable, and a service
can be used by any app (AGENTS.md states the same rules)."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

PACKAGE = Path(settings.BASE_DIR) / "[= cookiecutter.project_slug =]"
APPS = {app.rpartition(".")[2] for app in settings.PROJECT_APPS}
# What each lower layer may import from the project, by the first name under the package.
MAY_IMPORT = {"services": {"services"}, "liveview": {"services"}} | {
    app: {app, "services", "liveview"} for app in APPS
}


def project_imports(path: Path, package: Path) -> set[str]:
    """The first name under `package` of every project module the file at `path` imports."""
    module = path.relative_to(package.parent).with_suffix("").parts
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name.split(".") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = list(module[: len(module) - node.level]) if node.level else []
            target = base + (node.module.split(".") if node.module else [])
            targets = [target] if node.module else [[*target, alias.name] for alias in node.names]
        else:
            continue
        names |= {
            target[1] for target in targets if target[:1] == [package.name] and len(target) > 1
        }
    return names


def violations(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        where = path.relative_to(package)
        if "tests" in where.parts:
            continue  # a test may reach anything it exercises
        allowed = MAY_IMPORT.get(where.with_suffix("").parts[0])
        if allowed is None:
            continue  # settings, asgi, urls and the project's tooling: the top layer
        for name in sorted(project_imports(path, package) - allowed):
            found.append(f"{where} imports {package.name}.{name}")
    return found


def test_imports_point_down_and_apps_do_not_import_each_other():
    assert violations() == []


def test_the_rule_reports_imports_that_point_up_or_across(tmp_path):
    """The check itself can fail: a service importing an app or the URLs, an app another app."""
    package = tmp_path / PACKAGE.name
    for folder in ("services", "home"):
        (package / folder).mkdir(parents=True)
    (package / "services" / "probe.py").write_text(
        f"from {PACKAGE.name}.home import views\nfrom .. import urls\nfrom . import errors\n"
    )
    (package / "home" / "views.py").write_text(f"import {PACKAGE.name}.storage.views\n")
    assert violations(package) == [
        f"home/views.py imports {PACKAGE.name}.storage",
        f"services/probe.py imports {PACKAGE.name}.home",
        f"services/probe.py imports {PACKAGE.name}.urls",
    ]

"""The generated Dockerfile, .dockerignore and compose.yaml, checked without a container engine.

None runs on our machines, so the files are checked statically: hadolint (its wheel ships the
binary) lints and parses the Dockerfile, dockerfile-parse reads its stages, compose.yaml is
validated against the Compose specification's schema (vendored in check-jsonschema), and
both are held to the options and to what the production settings require. The slow test runs
the build stage's commands, the release step and the runtime command and health check in a
copy of the build context, outside a container.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from dockerfile_parse import DockerfileParser

from .matrix import ALL_EXAMPLES, MATRIX

TOOLS = Path(sys.executable).parent
UV_IMAGE = re.compile(r"^--from=ghcr\.io/astral-sh/uv:\d+\.\d+\.\d+ /uv /uvx /bin/$")
# Files the image needs, and files that must never be in the build context.
CONTEXT_NEEDS = ["pyproject.toml", "manage.py", "{slug}/asgi.py", "{slug}/settings.py"]
CONTEXT_KEEPS_OUT = [
    ".env",
    ".env.production",
    ".venv/bin/python",
    "var/db.sqlite3",
    "staticfiles/staticfiles.json",
    ".git/HEAD",
    "{slug}/__pycache__/settings.cpython-311.pyc",
    "tests/test_settings.py",
    "{slug}/home/tests/test_home_view.py",
    "conftest.py",
    ".copier-answers.yml",
]


# --- Reading the rendered project -----------------------------------------------------------


def expectations(project: Path, answers: dict) -> dict:
    examples = answers.get("examples", ALL_EXAMPLES)
    return {
        "slug": yaml.safe_load((project / ".copier-answers.yml").read_text())["project_slug"],
        "python": answers.get("python_version", "3.11"),
        "postgres": answers.get("database", "sqlite") == "postgres",
        "redis": "redis" in examples or answers.get("channel_layer", "memory") == "redis",
        "redis_layer": answers.get("channel_layer", "memory") == "redis",
    }


def required_settings(project: Path, slug: str) -> set[str]:
    """Variables whose absence makes the production settings refuse to load."""
    settings = (project / slug / "settings.py").read_text()
    return set(re.findall(r'"([A-Z][A-Z0-9_]*) is not set', settings))


def stages(project: Path) -> dict[str, list[tuple[str, str]]]:
    """Each stage's instructions as (INSTRUCTION, value), keyed by the stage's name."""
    parser = DockerfileParser(path=str(project / "Dockerfile"))
    result: dict[str, list[tuple[str, str]]] = {"": []}
    current = ""
    for item in parser.structure:
        instruction, value = item["instruction"], " ".join(item["value"].split())
        if instruction == "COMMENT":
            continue
        if instruction == "FROM":
            current = value.split()[-1]
            result[current] = []
        result[current].append((instruction, value))
    return result


def values(stage: list[tuple[str, str]], instruction: str) -> list[str]:
    return [value for name, value in stage if name == instruction]


def env_pairs(stage: list[tuple[str, str]]) -> dict[str, str]:
    pairs = {}
    for value in values(stage, "ENV"):
        for word in shlex.split(value):
            key, _, assigned = word.partition("=")
            pairs[key] = assigned
    return pairs


def exec_form(value: str) -> list[str]:
    """A CMD or HEALTHCHECK command in exec form: a JSON array (no shell in between)."""
    loaded = json.loads(value)
    assert isinstance(loaded, list) and all(isinstance(arg, str) for arg in loaded), value
    return loaded


def healthcheck_command(stage: list[tuple[str, str]]) -> list[str]:
    (healthcheck,) = values(stage, "HEALTHCHECK")
    return exec_form(healthcheck[healthcheck.index("CMD ") + 4 :])


def app_environment(compose: dict, service: str) -> dict[str, str]:
    environment = compose["services"][service]["environment"]
    return {key: str(value) for key, value in environment.items()}


def dockerignore_rules(project: Path) -> list[tuple[bool, re.Pattern]]:
    """.dockerignore as (is_exception, regex), with Docker's pattern semantics."""
    rules = []
    for line in (project / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        exception = line.startswith("!")
        pattern = posixpath.normpath(line.lstrip("!").strip().lstrip("/"))
        regex, i = "", 0
        while i < len(pattern):
            if pattern.startswith("**/", i):
                regex, i = regex + "(?:.*/)?", i + 3
            elif pattern.startswith("**", i):
                regex, i = regex + ".*", i + 2
            elif pattern[i] == "*":
                regex, i = regex + "[^/]*", i + 1
            elif pattern[i] == "?":
                regex, i = regex + "[^/]", i + 1
            elif pattern[i] == "[":
                end = pattern.index("]", i)
                regex, i = regex + pattern[i : end + 1], end + 1
            else:
                regex, i = regex + re.escape(pattern[i]), i + 1
        rules.append((exception, re.compile(regex + r"\Z")))
    return rules


def excluded(rules: list[tuple[bool, re.Pattern]], path: str) -> bool:
    """Docker's rule: a pattern matching the path or any parent folder applies; last one wins."""
    parts = path.split("/")
    candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    result = False
    for exception, regex in rules:
        if any(regex.match(candidate) for candidate in candidates):
            result = not exception
    return result


# --- Static checks, every combination --------------------------------------------------------


@pytest.fixture(scope="module", params=sorted(MATRIX))
def rendered(request, render) -> tuple[Path, dict]:
    answers = MATRIX[request.param]
    project = render(f"containers-{request.param}", answers)
    return project, expectations(project, answers)


def test_hadolint_passes(rendered, tmp_path):
    project, _ = rendered
    # An explicit configuration, so a developer's own hadolint.yaml cannot relax the check.
    config = tmp_path / "hadolint.yaml"
    config.write_text("failure-threshold: style\n")
    result = subprocess.run(
        [TOOLS / "hadolint", "--no-color", "--config", config, project / "Dockerfile"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_dockerfile_builds_in_two_stages_with_uv(rendered):
    project, expect = rendered
    parsed = stages(project)
    assert list(parsed) == ["", "build", "runtime"]
    (image_arg,) = values(parsed[""], "ARG")
    assert image_arg.startswith(f"PYTHON_IMAGE=python:{expect['python']}-slim")
    assert values(parsed["build"], "FROM") == ["${PYTHON_IMAGE} AS build"]
    assert values(parsed["runtime"], "FROM") == ["${PYTHON_IMAGE} AS runtime"]

    build = parsed["build"]
    assert any(UV_IMAGE.match(value) for value in values(build, "COPY"))
    assert {"UV_COMPILE_BYTECODE": "1", "UV_LINK_MODE": "copy"}.items() <= env_pairs(build).items()
    # Dependencies first (pyproject.toml and an optional lock only), then the code.
    copies = values(build, "COPY")
    assert copies.index("pyproject.toml uv.lock* ./") < copies.index(". .")
    runs = values(build, "RUN")
    syncs = [run for run in runs if "uv sync" in run]
    assert len(syncs) == 2 and all("--mount=type=cache,target=/root/.cache/uv" in s for s in syncs)
    assert all("--no-dev" in sync for sync in syncs) and "--no-install-project" in syncs[0]
    order = [value for name, value in build if name in {"COPY", "RUN"}]
    assert order.index("pyproject.toml uv.lock* ./") < order.index(syncs[0]) < order.index(". .")
    assert "uv sync --frozen" not in " ".join(runs)  # the project ships no uv.lock


def test_collectstatic_runs_at_build_time_with_what_production_settings_require(rendered):
    project, expect = rendered
    required = required_settings(project, expect["slug"])
    mail = {"EMAIL_URL", "DEFAULT_FROM_EMAIL"}
    assert required == {"SECRET_KEY"} | mail | ({"REDIS_URL"} if expect["redis"] else set())
    build = stages(project)["build"]
    (collect,) = [run for run in values(build, "RUN") if "collectstatic" in run]
    words = shlex.split(collect)
    # `export A=1 B=2 && ...`: the values hold for every command of that one step.
    assert words[0] == "export", collect
    assigned = dict(word.split("=", 1) for word in words[1 : words.index("&&")])
    assert assigned["DJANGO_ENV"] == "production"
    assert assigned["DJANGO_READ_DOT_ENV_FILE"] == "false"
    assert required <= set(assigned), required - set(assigned)
    assert "--no-input" in words
    # Build-only values live in that one RUN, never in an ENV or ARG of either stage.
    for stage in stages(project).values():
        assert not required & set(env_pairs(stage))
        assert not [arg for arg in values(stage, "ARG") if arg.split("=")[0] in required]


def test_runtime_runs_uvicorn_as_a_fixed_non_root_user(rendered):
    project, expect = rendered
    runtime = stages(project)["runtime"]
    users = values(runtime, "USER")
    assert users, "the runtime stage must switch away from root"
    uid, _, gid = users[-1].partition(":")
    assert uid.isdigit() and int(uid) >= 1000 and gid.isdigit() and int(gid) >= 1000
    (create_user,) = [run for run in values(runtime, "RUN") if "useradd" in run]
    assert f"--uid {uid}" in create_user and f"--gid {gid}" in " ".join(values(runtime, "RUN"))

    env = env_pairs(runtime)
    assert env["PATH"].startswith("/app/.venv/bin:")
    assert env["DJANGO_ENV"] == "production"
    assert values(runtime, "COPY") == ["--from=build /app /app"]
    assert values(runtime, "EXPOSE") == ["8000"]

    (cmd,) = values(runtime, "CMD")
    command = exec_form(cmd)
    assert command[:2] == ["uvicorn", f"{expect['slug']}.asgi:application"]
    assert (project / expect["slug"] / "asgi.py").read_text().count("\napplication = ") == 1
    assert command[command.index("--host") + 1] == "0.0.0.0"
    assert command[command.index("--port") + 1] == "8000"
    assert "--proxy-headers" in command
    # X-Forwarded-For only from the container itself unless the operator says otherwise:
    # "*" let any client choose the address djust's limits count by.
    assert env["FORWARDED_ALLOW_IPS"] == "127.0.0.1"
    # SIGTERM ends the process within docs/deployment.md's 10 s: the graceful part is capped.
    assert int(command[command.index("--timeout-graceful-shutdown") + 1]) <= 8
    # The in-memory channel layer cannot span processes: pinned to one worker.
    if not expect["redis_layer"]:
        assert command[command.index("--workers") + 1] == "1"
    else:
        assert "--workers" not in command  # WEB_CONCURRENCY decides
    # Migrations are a release step, never part of starting a container.
    assert not values(runtime, "ENTRYPOINT")
    assert "migrate" not in cmd

    health = healthcheck_command(runtime)
    assert health[:2] == ["python", "-c"] and "urllib.request" in health[2]
    assert "'http://127.0.0.1:8000/healthz'" in health[2]  # liveness: no service asked
    compile(health[2], "HEALTHCHECK", "exec")


def test_dockerignore_keeps_secrets_state_and_tests_out_of_the_context(rendered):
    project, expect = rendered
    rules = dockerignore_rules(project)
    for path in CONTEXT_NEEDS:
        assert not excluded(rules, path.format(**expect)), path
    assert not excluded(rules, f"{expect['slug']}/static/{expect['slug']}/site.css")
    for path in CONTEXT_KEEPS_OUT:
        assert excluded(rules, path.format(**expect)), path
    # Every file the generated project ships, outside its tests, reaches the image.
    shipped = [
        str(p.relative_to(project)) for p in project.rglob("*") if p.is_file() and p.suffix == ".py"
    ]
    kept = [path for path in shipped if not excluded(rules, path)]
    assert all("tests" not in Path(path).parts for path in kept)
    assert {"manage.py", f"{expect['slug']}/urls.py"} <= set(kept)


def compose_schema_check(path: Path) -> subprocess.CompletedProcess:
    schema = ["--builtin-schema", "vendor.compose-spec"]
    return subprocess.run(
        [TOOLS / "check-jsonschema", *schema, path], capture_output=True, text=True, check=False
    )


def test_compose_file_matches_the_compose_specification(rendered):
    project, _ = rendered
    result = compose_schema_check(project / "compose.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_starts_the_services_the_options_need(rendered):
    project, expect = rendered
    compose = yaml.safe_load((project / "compose.yaml").read_text())
    services = compose["services"]
    backing = {name for name in ("postgres", "redis") if expect[name]}
    assert set(services) == {"migrate", "web"} | backing

    for name in ("migrate", "web"):
        assert services[name]["build"] == "."
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--no-input"]
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]
    # SIGKILL only after uvicorn's shutdown bound (10 s, the Dockerfile's CMD) has passed.
    assert services["web"]["stop_grace_period"] == "15s"
    # The site's own check is readiness: unhealthy while a service it uses is down.
    web_check = services["web"]["healthcheck"]["test"]
    assert web_check[:3] == ["CMD", "python", "-c"] and len(web_check) == 4
    assert "'http://127.0.0.1:8000/readyz'" in web_check[3]
    compile(web_check[3], "compose healthcheck", "exec")
    assert "ports" not in services.get("postgres", {}) and "ports" not in services.get("redis", {})

    web_needs = services["web"]["depends_on"]
    assert web_needs.pop("migrate") == {"condition": "service_completed_successfully"}
    assert web_needs == {name: {"condition": "service_healthy"} for name in backing}
    if expect["postgres"]:
        assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    for name in backing:
        assert services[name]["healthcheck"]["test"][0] == "CMD"
        assert ":" in services[name]["image"]  # a pinned major version, never :latest

    if not expect["postgres"]:  # SQLite in var/, kept in a volume the image's user owns
        for name in ("migrate", "web"):
            assert "app-data:/app/var" in services[name]["volumes"]
        runtime = " ".join(values(stages(project)["runtime"], "RUN"))
        assert "chown app:app /app/var" in runtime


def test_compose_gives_the_site_production_settings_and_every_required_value(rendered):
    project, expect = rendered
    compose_text = (project / "compose.yaml").read_text()
    compose = yaml.safe_load(compose_text)
    settings = (project / expect["slug"] / "settings.py").read_text()
    required = required_settings(project, expect["slug"])
    for name in ("migrate", "web"):
        env = app_environment(compose, name)
        assert env["DJANGO_ENV"] == "production" and env["DEBUG"] == "false"
        assert required <= set(env), required - set(env)
        for key in env:  # no typo: the settings read every one
            assert f'"{key}"' in settings, key
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")
        assert compose["services"][name]["env_file"] == [{"path": ".env", "required": False}]
        database = env.get("DATABASE_URL")
        if expect["postgres"]:
            url = urlsplit(database)
            postgres = compose["services"]["postgres"]["environment"]
            assert (url.scheme, url.hostname, url.port) == ("postgres", "postgres", 5432)
            assert (url.username, url.password, url.path) == (
                postgres["POSTGRES_USER"],
                postgres["POSTGRES_PASSWORD"],
                "/" + postgres["POSTGRES_DB"],
            )
        else:
            assert database is None  # SQLite in var/
        if expect["redis"]:
            assert urlsplit(env["REDIS_URL"]).hostname == "redis"
        else:
            assert "REDIS_URL" not in env
    # SECRET_KEY is the only value interpolated from the shell or .env, and it is required.
    assert re.findall(r"\$\{([^}:]+)", compose_text) == ["SECRET_KEY"]


def test_the_checks_catch_broken_files(tmp_path):
    """hadolint and the compose schema do fail on mistakes, so a pass above means something."""
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM python:latest\nUSER root\nCMD uvicorn app:app\n")
    lint = subprocess.run(
        [TOOLS / "hadolint", "--no-color", dockerfile], capture_output=True, text=True, check=False
    )
    assert lint.returncode != 0 and "DL3007" in lint.stdout and "DL3002" in lint.stdout
    compose = tmp_path / "compose.yaml"
    compose.write_text("services:\n  web:\n    build: .\n    depends_on: {db: {condition: up}}\n")
    schema = compose_schema_check(compose)
    assert schema.returncode != 0


def test_dockerignore_rules_follow_dockers_semantics(tmp_path):
    (tmp_path / ".dockerignore").write_text("# comment\nvar/\n**/tests/\n*.log\n!keep.log\n")
    rules = dockerignore_rules(tmp_path)
    assert excluded(rules, "var/db.sqlite3") and excluded(rules, "a/b/tests/test_x.py")
    assert excluded(rules, "tests/x.py") and excluded(rules, "debug.log")
    assert not excluded(rules, "keep.log") and not excluded(rules, "sub/debug.log")
    assert not excluded(rules, "variables.py")


# --- The commands themselves, outside a container (slow: installs the dependencies) ---------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_context(project: Path, dest: Path) -> Path:
    """Copy what `docker build` would send: the files .dockerignore does not exclude."""
    rules = dockerignore_rules(project)
    for path in project.rglob("*"):
        relative = str(path.relative_to(project))
        if path.is_file() and not excluded(rules, relative):
            (dest / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest / relative)
    return dest


@pytest.mark.slow
@pytest.mark.parametrize("name", [name for name in ("minimal", "maximal") if name in MATRIX])
def test_build_steps_release_step_and_health_check_work_outside_a_container(
    render, tmp_path, name, request
):
    project = render(f"containers-run-{name}", MATRIX[name])
    expect = expectations(project, MATRIX[name])
    app = build_context(project, tmp_path / "app")
    assert not (app / ".env").exists() and not (app / "tests").exists()
    parsed = stages(project)
    foreign = {"VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE", "PYTHONPATH", "SECRET_KEY", "REDIS_URL"}
    foreign |= {"EMAIL_URL", "DEFAULT_FROM_EMAIL"}
    base = {k: v for k, v in os.environ.items() if k not in foreign and not k.startswith("DJANGO")}

    # The build stage's RUN steps, in order, in the context (uv from PATH, not the image).
    build_env = base | env_pairs(parsed["build"])
    for run in values(parsed["build"], "RUN"):
        command = re.sub(r"--mount=\S+ ", "", run)
        result = subprocess.run(
            ["sh", "-c", command], cwd=app, env=build_env, capture_output=True, text=True
        )
        assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    assert (app / "staticfiles" / "staticfiles.json").is_file()
    (app / "var").mkdir()

    # The runtime: its ENV with /app moved here, plus what an operator sets.
    port = str(free_port())
    runtime_env = {k: v.replace("/app", str(app)) for k, v in env_pairs(parsed["runtime"]).items()}
    runtime_env["PATH"] = runtime_env["PATH"].replace("$PATH", base["PATH"])
    env = base | runtime_env | {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.com"}
    env |= {"EMAIL_URL": "dummymail://"}
    if expect["redis"]:
        # With the redis channel layer, sessions and djust's view state live in Redis too.
        redis_port = free_port()
        redis = subprocess.Popen(
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        request.addfinalizer(redis.terminate)
        env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    compose = yaml.safe_load((project / "compose.yaml").read_text())
    migrate = subprocess.run(
        compose["services"]["migrate"]["command"], cwd=app, env=env, capture_output=True, text=True
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr

    # The CMD on a free port of the loopback interface, and the HEALTHCHECK against it.
    local = {"8000": port, "0.0.0.0": "127.0.0.1"}
    command = [local.get(arg, arg) for arg in exec_form(values(parsed["runtime"], "CMD")[0])]
    health = healthcheck_command(parsed["runtime"])
    health[2] = health[2].replace(":8000/", f":{port}/")
    log_path = tmp_path / "uvicorn.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(command, cwd=app, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                check = subprocess.run(health, cwd=app, env=env, capture_output=True, text=True)
                if (
                    check.returncode == 0
                    or time.monotonic() > deadline
                    or server.poll() is not None
                ):
                    break
                time.sleep(0.5)
            assert check.returncode == 0, check.stderr + log_path.read_text()
        finally:
            server.terminate()
            server.wait(timeout=30)
    # urlopen raises on an error status: the check's exit 0 was the site's 2xx for /healthz
    # (uvicorn's access log, which would show it, is off: the site logs requests itself).
    assert f"http://127.0.0.1:{port}/healthz" in health[2], health

"""/healthz and /readyz as a container probe meets them: uvicorn under the production
settings, plain HTTP to 127.0.0.1, and the real services (the stand-ins in conftest.py)."""

from __future__ import annotations

[% if 's3' in cookiecutter.examples or 'weather' in cookiecutter.examples %]from contextlib import contextmanager

[% endif %]import pytest

[% if 'redis' in cookiecutter.examples %]from tests.faults import paused
[% endif %]from tests.production import PUBLIC_HOST, ProductionSite
from tests.servers import Answer

# Generous, so that a loaded machine (CI's two cores, both busy) cannot turn a slow answer
# into "down": here "down" must mean the service.
READINESS_TIMEOUT = 3.0


@pytest.fixture(scope="module")
def site(tmp_path_factory, standins):
    folder = tmp_path_factory.mktemp("production")
    environment = {**standins.environment, "READINESS_TIMEOUT": str(READINESS_TIMEOUT)}
    running = ProductionSite(folder, environment).start()
    yield running
    running.stop()


def probe(site, path: str) -> Answer:
    """What a container probe sends: plain HTTP to 127.0.0.1, its own address as the Host."""
    return site.get(path)


def lines(response: Answer) -> list[str]:
    return response.text.splitlines()


ALL_UP = [
    "database ok",
[% if 'redis' in cookiecutter.examples or cookiecutter.channel_layer == 'redis' %]    "redis ok",
[% endif %][% if 's3' in cookiecutter.examples %]    "object storage ok",
[% endif %][% if 'weather' in cookiecutter.examples %]    "weather ok",
[% endif %]]


def test_liveness_answers_a_local_probe_over_plain_http_under_production_settings(site):
    response = probe(site, "/healthz")
    assert (response.status, response.text) == (200, "ok\n")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Set-Cookie"] is None
    # The same request to a page is refused (its Host is not in ALLOWED_HOSTS), and the
    # public host over plain HTTP is redirected to HTTPS: the probes skip both on purpose.
    assert probe(site, "/").status == 400
    public = site.get("/", headers={"Host": PUBLIC_HOST})
    assert public.status == 301 and public.headers["Location"] == f"https://{PUBLIC_HOST}/"


def test_probes_need_no_sign_in_and_create_no_session(site):
    before = site.sessions()
    for _ in range(20):
        for path in ("/healthz", "/readyz"):
            response = probe(site, path)
            assert response.status == 200, response.text
            assert response.headers["Set-Cookie"] is None, path
    assert site.sessions() == before


def test_readiness_lists_every_service_when_all_are_up(site):
    response = probe(site, "/readyz")
    assert response.status == 200, response.text
    assert lines(response) == ALL_UP
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


def assert_down_then_back(site, name: str, outage, reason: str) -> None:
    """During `outage` /readyz is 503 with `name` down for `reason`, the rest ok; then 200."""
    with outage():
        response = probe(site, "/readyz")
    assert response.status == 503, response.text
    others = [line for line in ALL_UP if line != f"{name} ok"]
    got = lines(response)
    assert [line for line in got if line in others] == others, response.text
    (down,) = [line for line in got if line not in others]
    assert down.startswith(f"{name} down: {reason}"), response.text
    # The next probe once it is back: up again, nothing stale kept from the outage.
    response = probe(site, "/readyz")
    assert response.status == 200, response.text
    assert lines(response) == ALL_UP


[% if 'redis' in cookiecutter.examples %]def test_a_stopped_redis_server_is_reported_down_then_up(site, standins):
    # SIGSTOP: connections are accepted by the kernel, nothing is answered.
    assert_down_then_back(
        site,
        "redis",
        lambda: paused(standins.redis.pid),
        f"no answer within {READINESS_TIMEOUT:g} s",
    )


[% endif %][% if 's3' in cookiecutter.examples or 'weather' in cookiecutter.examples %]@contextmanager
def stopped(standin):
    standin.stop()
    try:
        yield
    finally:
        standin.start()


[% endif %][% if 's3' in cookiecutter.examples %]def test_unreachable_object_storage_is_reported_down_then_up(site, standins):
    assert_down_then_back(
        site, "object storage", lambda: stopped(standins.s3), "Object storage is unreachable"
    )


[% endif %][% if 'weather' in cookiecutter.examples %]def test_an_unreachable_weather_api_is_reported_down_then_up(site, standins):
    assert_down_then_back(
        site, "weather", lambda: stopped(standins.weather), "The weather service is unreachable"
    )


[% endif %]def test_an_unreachable_database_is_reported_down_then_up(site):
    assert_down_then_back(site, "database", site.database_gone, "OperationalError")

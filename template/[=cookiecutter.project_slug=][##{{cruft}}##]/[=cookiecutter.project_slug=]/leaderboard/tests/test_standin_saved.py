"""`make dev`'s redis-server keeps its data across a restart; the tests' own keeps none."""

import re

import pytest
import redis

from [= cookiecutter.project_slug =].leaderboard.standin import RedisServer

pytestmark = pytest.mark.skipif(
    RedisServer.executable is None, reason="redis-server is not installed"
)


def stored(server: RedisServer) -> dict:
    with redis.Redis.from_url(server.url) as connection:
        return {key: connection.dump(key) for key in connection.scan_iter()}


def fill(server: RedisServer) -> None:
    with redis.Redis.from_url(server.url) as connection:
        connection.zadd("scores", {"Ada": 7, "Zoë": 3})
        connection.set("plain", b"\x00bytes\xff")


def test_a_data_dir_keeps_everything_across_a_stop(tmp_path):
    first = RedisServer(data_dir=tmp_path / "redis").start()
    try:
        fill(first)
        before = stored(first)
    finally:
        first.stop()  # SIGTERM: what `manage.py dev` sends when it stops
    second = RedisServer(data_dir=tmp_path / "redis").start()  # another port, as `make dev`
    try:
        assert stored(second) == before and before
    finally:
        second.stop()


def test_without_a_data_dir_nothing_is_kept(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where a snapshot would land by default
    first = RedisServer().start()
    fill(first)
    first.stop()
    second = RedisServer().start()
    try:
        assert stored(second) == {}
    finally:
        second.stop()
    assert not list(tmp_path.iterdir())


def test_an_unreadable_snapshot_names_the_log_that_says_why(tmp_path):
    # A snapshot from a newer Redis (RDB format 99 here) stops an older one from starting.
    (tmp_path / "dump.rdb").write_bytes(b"REDIS0099 from the future")
    with pytest.raises(RuntimeError, match=re.escape(str(tmp_path / "redis.log"))):
        RedisServer(data_dir=tmp_path).start()
    assert "Fatal error loading the DB" in (tmp_path / "redis.log").read_text()
    assert (tmp_path / "dump.rdb").read_bytes() == b"REDIS0099 from the future"  # left as it was


def test_a_port_another_server_took_meanwhile_is_not_mistaken_for_ours():
    # free_port() only says the port was free a moment ago: a parallel test run may take it.
    first = RedisServer().start()
    try:
        with pytest.raises(RuntimeError, match="exited"):
            RedisServer(port=first.port).start()
    finally:
        first.stop()

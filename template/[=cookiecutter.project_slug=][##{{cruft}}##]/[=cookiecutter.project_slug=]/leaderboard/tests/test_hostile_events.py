"""The leaderboard's handlers, given arbitrary input.

Property-based (hypothesis): strings of any kind, wrong types and missing parameters,
called on a mounted view with fast fake services; no exception may escape a handler.
"""

import fakeredis
import pytest
from djust.testing import LiveViewTestClient
from hypothesis import given

from [= cookiecutter.project_slug =].leaderboard.board import Leaderboard
from [= cookiecutter.project_slug =].leaderboard.views import LeaderboardView
from tests.hostile import HYPOTHESIS, params_for, run


@pytest.mark.parametrize("handler", ["add_player", "increment"])
@given(params=params_for("name", "player", "points"))
@HYPOTHESIS
def test_leaderboard_handlers(handler, params):
    view = LiveViewTestClient(LeaderboardView).mount().view_instance
    server = fakeredis.FakeServer()  # one board, whichever event loop a call runs on
    view._board = lambda: Leaderboard(
        fakeredis.FakeAsyncRedis(server=server, decode_responses=True)
    )
    run(view.add_player, {"name": "Ada"})
    run(getattr(view, handler), params)
    assert isinstance(view.error, str)
    assert all(isinstance(score, int) for _, score in view.rows)

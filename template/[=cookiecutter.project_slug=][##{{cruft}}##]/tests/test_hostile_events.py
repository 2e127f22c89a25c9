"""The home view's handlers, given arbitrary input.

Property-based (hypothesis): strings of any kind, wrong types and missing parameters,
called on a mounted view with fast fake services; no exception may escape a handler.
"""

from djust.testing import LiveViewTestClient
from hypothesis import given

from [= cookiecutter.project_slug =].home.views import HomeView
from tests.hostile import HYPOTHESIS, params_for, run


@given(params=params_for("value"))
@HYPOTHESIS
def test_home_handlers(params):
    home = LiveViewTestClient(HomeView).mount().view_instance
    for name in ("set_step", "increment", "reset"):
        run(getattr(home, name), params if name == "set_step" else {})
        assert isinstance(home.count, int) and 1 <= home.step <= 100
        assert isinstance(home.error, str)

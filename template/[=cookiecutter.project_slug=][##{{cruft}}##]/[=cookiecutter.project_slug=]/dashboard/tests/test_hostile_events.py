"""The dashboard's refresh, given arbitrary input.

Property-based (hypothesis): strings of any kind, wrong types and missing parameters,
called on a mounted view with fast fake services; no exception may escape a handler.
"""

from hypothesis import given

from [= cookiecutter.project_slug =].dashboard.views import DashboardView
from tests.hostile import HYPOTHESIS, params_for, run


class FakeMetrics:
    async def get_metrics(self):
        return [{"name": "n", "value": 1, "unit": ""}]


@given(params=params_for("metrics_client", "value"))
@HYPOTHESIS
def test_dashboard_refresh_ignores_any_param(params):
    view = DashboardView()
    view._metrics = FakeMetrics
    run(view.refresh, params)
    assert view.metrics == ({"name": "n", "value": 1, "unit": ""},)

"""The weather view's handlers, given arbitrary input.

Property-based (hypothesis): strings of any kind, wrong types and missing parameters,
called on a mounted view with fast fake services; no exception may escape a handler.
"""

import pytest
import respx
from djust.testing import LiveViewTestClient
from hypothesis import given

from [= cookiecutter.project_slug =].services.weather import CURRENT_FIELDS, DAILY_FIELDS, clear_cache
from [= cookiecutter.project_slug =].weather.standin import forecast, search
from [= cookiecutter.project_slug =].weather.views import WeatherView
from tests.hostile import HYPOTHESIS, params_for, run


@pytest.mark.parametrize("handler", ["search", "choose"])
@given(params=params_for("value", "place_id"))
@HYPOTHESIS
def test_weather_handlers(handler, params):
    clear_cache()
    view = LiveViewTestClient(WeatherView).mount().view_instance
    with respx.mock:
        respx.get(url__regex=r".*/v1/search.*").respond(json=search("Ber", 5))
        body = forecast(52.5, 13.4, 5, current=CURRENT_FIELDS, daily=DAILY_FIELDS, zone="auto")
        respx.get(url__regex=r".*/v1/forecast.*").respond(json=body)
        run(view.search, {"value": "Ber"})
        run(getattr(view, handler), params)
    assert isinstance(view.error, str) and isinstance(view.selected_id, int)

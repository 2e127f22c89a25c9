import pytest
import stamina

from [= cookiecutter.project_slug =].services.weather import clear_cache
from [= cookiecutter.project_slug =].weather.standin import WeatherStandIn


@pytest.fixture(autouse=True)
def fresh_cache_and_instant_retries():
    clear_cache()
    stamina.set_testing(True, attempts=3)  # retry as in production, without the waits
    yield
    stamina.set_testing(False)


@pytest.fixture(scope="session")
def weather_standin():
    standin = WeatherStandIn().start()
    yield standin
    standin.stop()


@pytest.fixture
def weather_api(weather_standin, settings):
    """Both Open-Meteo APIs served by the local stand-in (a real HTTP server)."""
    settings.WEATHER_API_URL = settings.GEOCODING_API_URL = weather_standin.url
    weather_standin.reset()
    weather_standin.requests = 0
    yield weather_standin
    weather_standin.reset()

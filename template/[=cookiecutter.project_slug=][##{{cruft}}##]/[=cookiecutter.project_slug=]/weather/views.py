"""City search and forecast from Open-Meteo, rendered from unmanaged models."""

from djust import state
from djust.decorators import event_handler

from [= cookiecutter.project_slug =].liveview import LiveView
from [= cookiecutter.project_slug =].services.errors import ServiceError
from [= cookiecutter.project_slug =].services.weather import OpenMeteo, get_weather_client

from .models import CurrentConditions, DailyForecast, Place

MAX_QUERY = 80


class WeatherView(LiveView):
    template_name = "weather/index.html"
    # Public, read-only data: no login needed (djust.S005 asks us to say so).
    login_required = False

    query = state(default="")
    error = state(default="")
    selected_id = state(default=0)

    def _weather(self) -> OpenMeteo:
        """The shared Open-Meteo client: reached per call, never stored on the view."""
        return get_weather_client()

    def mount(self, request, **kwargs):
        super().mount(request, **kwargs)
        # The API data as the service returned it: JSON-able lists and dicts on private
        # attributes. djust keeps those between HTTP-fallback POSTs (model instances would
        # be dropped there), and never sends them to the browser; get_context_data builds
        # the unmanaged models the template reads.
        self._places: list[dict] = []
        self._forecast: dict | None = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        places = [Place(**place) for place in self._places]
        forecast = self._forecast
        context.update(
            places=places,
            selected=next((p for p in places if p.id == self.selected_id), None),
            current=forecast and CurrentConditions.from_report(forecast["current"]),
            daily=[DailyForecast.from_report(day) for day in forecast["daily"]] if forecast else [],
        )
        return context

    @event_handler()
    async def search(self, value: object = "", **kwargs):
        """Find places by name; a bad query leaves the page as it was and says why."""
        query = " ".join(value.split()) if isinstance(value, str) else ""
        if not 2 <= len(query) <= MAX_QUERY or not query.isprintable():
            self.error = f"Type a place name of 2 to {MAX_QUERY} characters."
            return
        self.query, self.selected_id = query, 0
        try:
            self._places = await self._weather().search_places(query)
        except ServiceError as error:
            self._places = []
            self.error = str(error)
        else:
            self.error = ""
        self._forecast = None

    @event_handler()
    async def choose(self, place_id: object = "", **kwargs):
        """Show current conditions and the forecast for one of the places found."""
        place = next((p for p in self._places if str(p["id"]) == str(place_id)), None)
        if place is None:
            self.error = "Choose one of the places listed."
            return
        try:
            self._forecast = await self._weather().forecast(place["latitude"], place["longitude"])
        except ServiceError as error:
            self.error, self.selected_id, self._forecast = str(error), 0, None
        else:
            self.error, self.selected_id = "", place["id"]

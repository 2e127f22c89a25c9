from djust import LiveView


class WeatherView(LiveView):
    template_name = "weather/index.html"
    login_required = False

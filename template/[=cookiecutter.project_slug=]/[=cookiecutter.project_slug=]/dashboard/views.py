from djust import LiveView


class DashboardView(LiveView):
    template_name = "dashboard/index.html"
    login_required = False

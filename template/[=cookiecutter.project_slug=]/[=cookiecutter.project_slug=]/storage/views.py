from djust import LiveView


class StorageView(LiveView):
    template_name = "storage/index.html"
    login_required = False

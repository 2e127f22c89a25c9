from django.urls import path

from .views import StorageView, upload_without_websocket

app_name = "storage"
urlpatterns = [
    path("", StorageView.as_view(), name="index"),
    path("upload/", upload_without_websocket, name="upload"),
]

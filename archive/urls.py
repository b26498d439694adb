from django.urls import path

from archive import views

app_name = "archive"
urlpatterns = [
    path("", views.browse, name="browse"),
    path("<int:pk>/", views.record, name="record"),
]

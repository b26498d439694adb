from django.urls import path

from archive import views

app_name = "archive"
urlpatterns = [
    path("archive/", views.browse, name="browse"),
    path("archive/<int:pk>/", views.record, name="record"),
    path("disclosures/<int:pk>/archive/", views.file_disclosure, name="file_disclosure"),
]

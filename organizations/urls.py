from django.urls import path

from organizations import views

app_name = "organizations"
urlpatterns = [
    path("me/", views.my_work, name="my_work"),
    path("<slug:code>/leadership/", views.leadership, name="leadership"),
]

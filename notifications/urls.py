from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("read-all/", views.notice_read_all, name="read_all"),
    path("<int:pk>/read/", views.notice_read, name="read"),
]

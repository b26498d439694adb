from django.urls import path

from organizations import two_factor, views

app_name = "organizations"
urlpatterns = [
    path("me/", views.my_work, name="my_work"),
    path("me/two-factor/", two_factor.two_factor, name="two_factor"),
    path("me/two-factor/verify/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("<slug:code>/leadership/", views.leadership, name="leadership"),
]

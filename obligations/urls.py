from django.urls import path

from obligations import views

app_name = "obligations"
urlpatterns = [
    path("", views.obligation_list, name="list"),
    path("overview/", views.overview, name="overview"),
    path("feeds/", views.feed_tokens, name="feeds"),
    path("feeds/<int:pk>/revoke/", views.feed_token_revoke, name="feed_revoke"),
    path("ics/<str:token>.ics", views.ics_feed, name="ics"),
    path("<int:pk>/", views.obligation_detail, name="detail"),
    path(
        "<int:pk>/extension/<int:request_pk>/decide/",
        views.extension_decide,
        name="extension_decide",
    ),
    path("<int:pk>/<slug:action>/", views.obligation_action, name="action"),
    path("<slug:code>/record/", views.record, name="record"),
    path("<slug:code>/rules/", views.rules, name="rules"),
    path("<slug:code>/overdue/", views.overdue_list, name="overdue"),
    path("<slug:code>/calendar/", views.calendar_today, name="calendar_today"),
    path("<slug:code>/calendar/<int:year>/<int:month>/", views.calendar_month, name="calendar"),
]

from django.urls import path

from obligations.views import feeds, handling, lists, recording

app_name = "obligations"
urlpatterns = [
    path("", lists.obligation_list, name="list"),
    path("overview/", lists.overview, name="overview"),
    path("feeds/", feeds.feed_tokens, name="feeds"),
    path("feeds/<int:pk>/revoke/", feeds.feed_token_revoke, name="feed_revoke"),
    path("ics/<str:token>.ics", feeds.ics_feed, name="ics"),
    path("<int:pk>/", handling.obligation_detail, name="detail"),
    path(
        "<int:pk>/extension/<int:request_pk>/decide/",
        handling.extension_decide,
        name="extension_decide",
    ),
    path("<int:pk>/<slug:action>/", handling.obligation_action, name="action"),
    path("<slug:code>/record/", recording.record, name="record"),
    path("<slug:code>/rules/", recording.deadline_rules, name="rules"),
    path("<slug:code>/overdue/", lists.overdue_list, name="overdue"),
    path("<slug:code>/calendar/", lists.calendar_today, name="calendar_today"),
    path("<slug:code>/calendar/<int:year>/<int:month>/", lists.calendar_month, name="calendar"),
]

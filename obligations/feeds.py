"""The iCalendar feed of deadlines: one all-day event per unmet obligation."""

import datetime

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from obligations.models import FeedToken, Obligation
from obligations.selectors import obligations_visible_to

PRODID = "-//dwgk//党务公开管理平台//ZH"


def feed_obligations(feed: FeedToken):
    """What the owner may see now; a department feed narrows it to that department."""
    qs = obligations_visible_to(feed.user).filter(
        status__in=[Obligation.Status.OPEN, Obligation.Status.PAUSED]
    )
    if feed.department_id:
        qs = qs.filter(departments=feed.department_id)
    return qs.select_related("unit").prefetch_related("departments").order_by("due_date", "pk")


def feed_calendar(feed: FeedToken, *, base_url: str) -> bytes:
    base = base_url.rstrip("/")
    host = base.split("://", 1)[-1].split("/", 1)[0] or "dwgk"
    name = "党务公开截止日期"
    if feed.department_id:
        name = f"{name} · {feed.department.name}"
    else:
        name = f"{name} · {feed.user.display_name}"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    stamp = timezone.now()
    for obligation in feed_obligations(feed):
        mark = "【暂定】" if obligation.provisional else ""
        paused = "【已暂停】" if obligation.status == Obligation.Status.PAUSED else ""
        departments = "、".join(d.name for d in obligation.departments.all())
        url = base + reverse("obligations:detail", args=[obligation.pk])
        lines = obligation.explanation.get("lines") or []
        event = Event()
        event.add("uid", f"obligation-{obligation.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", obligation.due_date)
        event.add("dtend", obligation.due_date + datetime.timedelta(days=1))
        event.add("summary", f"{mark}{paused}公开截止：{obligation.title}")
        event.add(
            "description",
            "\n".join([f"{obligation.unit.name} · {departments}", *lines, url]),
        )
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()

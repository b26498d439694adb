"""Every event the notifications app writes. Services record them by `Kind.action`; the audit
trail reads their labels through `audit.events.event_label`. The stored strings never change."""

from django.utils.translation import gettext_lazy as _

from audit.events import EventKind, Events


class NoticeEvents(Events):
    """In-app notices read, and the reminders of `dwgk remind` sent."""

    READ = EventKind("notifications.read", _("阅读通知"))
    ALL_READ = EventKind("notifications.all_read", _("全部通知标为已读"))
    REMINDED = EventKind("notifications.reminded", _("发送到期提醒"))

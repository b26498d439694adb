"""The states of an obligation and of an extension request, and every event the obligations app
writes. Kept apart from the models so that the step declarations (obligations/steps.py), the
services and the history (obligations/history.py) name them without importing the models."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.events import EventKind, Events


class ObligationStatus(models.TextChoices):
    OPEN = "open", _("待公开")
    PAUSED = "paused", _("已暂停")
    MET_ON_TIME = "met_on_time", _("按时公开")
    MET_LATE = "met_late", _("逾期公开")
    WITHHELD = "withheld", _("暂缓公开并备案")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


class ObligationEvents(Events):
    """Everything the obligations app records, under the action strings stored since the start.
    None of it belongs to a public history: obligations are the unit's internal work."""

    # Steps of an obligation (obligations/steps.py).
    MET = EventKind("obligations.met", _("记录已公开"))
    PAUSED = EventKind("obligations.paused", _("暂停计时"))
    RESUMED = EventKind("obligations.resumed", _("恢复计时"))
    EXTENDED = EventKind("obligations.extended", _("延长期限"))
    EXTENSION_REQUESTED = EventKind("obligations.extension_requested", _("申请延期"))
    WITHHELD = EventKind("obligations.withheld", _("暂缓公开并报上级备案"))
    # Steps of an extension request (approve, reject).
    EXTENSION_DECIDED = EventKind("obligations.extension_decided", _("审批延期申请"))
    # Not steps: creation, the calendar, the rules, cadences, calendar feeds.
    CREATED = EventKind("obligations.created", _("生成公开义务"))
    RECOMPUTED = EventKind("obligations.recomputed", _("工作日历变更后重新计算截止日期"))
    RULE_DEFAULT_CREATED = EventKind("obligations.rule_default_created", _("建立默认时限规则"))
    RULE_CHANGED = EventKind("obligations.rule_changed", _("调整时限规则"))
    CADENCE_SET = EventKind("obligations.cadence_set", _("设置定期公开周期"))
    FEED_TOKEN_CREATED = EventKind("obligations.feed_token_created", _("新建日历订阅地址"))
    FEED_TOKEN_REVOKED = EventKind("obligations.feed_token_revoked", _("撤销日历订阅地址"))

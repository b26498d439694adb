"""The states of a disclosure, of its progress updates and of work plans, and the events their
workflows write. Kept apart from the models so that the declarations of the steps
(disclosures/steps.py) and the rules (disclosures/rules.py) can name them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.events import EventKind, Events


class DisclosureStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("退回修改")
    REVIEWED = "reviewed", _("已审核待审批")
    APPROVED = "approved", _("已审批待发布")
    INTERNAL = "internal", _("党内公开")
    PUBLIC = "public", _("社会公开")
    RETENTION_ENDED = "retention_ended", _("公开期满")
    ARCHIVED = "archived", _("已归档")
    WITHHELD = "withheld", _("暂缓公开")
    RETRACTED = "retracted", _("已撤回")


class UpdateStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("退回修改")
    REVIEWED = "reviewed", _("已审核待审批")
    PUBLISHED = "published", _("已发布")


class WorkPlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报上级审核")
    APPROVED = "approved", _("上级已同意")
    REJECTED = "rejected", _("上级未同意")


class DisclosureEvents(Events):
    """Everything the disclosure workflow records. `public` marks the steps a reader outside the
    work learns of (the public history): those that changed who can read the disclosure."""

    CREATE = EventKind("disclosure.create", _("起草"))
    EDIT = EventKind("disclosure.edit", _("修改草稿"))
    SUBMIT = EventKind("disclosure.submit", _("提交审核"))
    REVIEW = EventKind("disclosure.review", _("党务公开办公室审核通过"))
    RETURN = EventKind("disclosure.return", _("退回修改"))
    APPROVE = EventKind("disclosure.approve", _("党组审批同意"))
    PUBLISH = EventKind("disclosure.publish", _("发布"), public=True)
    RELEASE = EventKind("disclosure.release", _("转为社会公开"), public=True)
    RETENTION_END = EventKind("disclosure.retention_end", _("公开期满"))
    WITHHOLD = EventKind("disclosure.withhold", _("暂缓公开"))
    FILE = EventKind("disclosure.file_with_upper", _("报上级备案"))
    ACKNOWLEDGE = EventKind("disclosure.acknowledge_filing", _("上级确认备案"))
    RESUME = EventKind("disclosure.resume", _("恢复办理"))
    RETRACT = EventKind("disclosure.retract", _("撤回"), public=True)
    SCOPE_CHANGE = EventKind("disclosure.scope_change", _("调整公开范围"), public=True)
    ARCHIVE = EventKind("disclosure.archive", _("归档"), public=True)
    ATTACH = EventKind("attachment.add", _("添加附件"))
    EVIDENCE = EventKind("evidence.record", _("记录其他形式的公开"))


class UpdateEvents(Events):
    CREATE = EventKind("update.create", _("起草进展情况"))
    EDIT = EventKind("update.edit", _("修改进展情况"))
    SUBMIT = EventKind("update.submit", _("提交进展情况"))
    REVIEW = EventKind("update.review", _("审核进展情况"))
    RETURN = EventKind("update.return", _("退回进展情况"))
    PUBLISH = EventKind("update.publish", _("发布进展情况"), public=True)


class WorkPlanEvents(Events):
    CREATE = EventKind("work_plan.create", _("起草目录外事项工作方案"))
    SUBMIT = EventKind("work_plan.submit", _("报上级审核"))
    APPROVE = EventKind("work_plan.approve", _("上级同意"))
    REJECT = EventKind("work_plan.reject", _("上级不同意"))
    REVISE = EventKind("work_plan.revise", _("修改工作方案"))

"""Every event the catalog writes, named once. The stored action strings are those of the events
already in the audit trail; steps name their kind in `step(event=…)`, the other services pass
`action=CatalogEvents.X.action` to `event_record`."""

from django.utils.translation import gettext_lazy as _

from audit.events import EventKind, Events


class CatalogEvents(Events):
    # Versions and their workflow (the steps declared on CatalogVersion).
    VERSION_CREATED = EventKind("catalog.version_created", _("创建目录版本"))
    APPROVE = EventKind("catalog.approved", _("党组审批通过"), public=False)
    FILE = EventKind("catalog.filed", _("报上级备案"))
    ACKNOWLEDGE = EventKind("catalog.acknowledged", _("上级确认备案"))
    # Editing a draft.
    CATEGORY_ADDED = EventKind("catalog.category_added", _("添加目录类别"))
    ITEM_ADDED = EventKind("catalog.item_added", _("添加目录事项"))
    ITEM_CHANGED = EventKind("catalog.item_changed", _("修改目录事项"))
    ITEM_REMOVED = EventKind("catalog.item_removed", _("删除目录事项"))
    DRAFT_CLEARED = EventKind("catalog.draft_cleared", _("清空目录草稿"))
    IMPORTED = EventKind("catalog.imported", _("从表格导入目录"))
    # The shared list of forms of disclosure.
    FORM_ADDED = EventKind("catalog.form_added", _("添加公开形式"))

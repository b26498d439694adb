"""The shared list of forms of disclosure (公开形式)."""

from django.db import transaction
from django.db.models import Q

from audit.services import event_record
from catalog.events import CatalogEvents
from catalog.models import DisclosureForm

# The forms of the seed (section 二(三)), as migration 0003 installs them; kept here too so that
# the demo can restore them after a database flush.
DEFAULT_FORMS = [
    # code, name, evidence, aliases
    ("meeting", "会议", "meeting", "党内会议、有关会议"),
    ("document", "文件", "document", "下发文件"),
    ("intranet", "内网", "online", "局域网"),
    ("website", "网站", "online", "网页、门户网站、岳阳统计信息网"),
    ("newspaper", "报刊", "press", "报纸、杂志、报刊/广播/电视"),
    ("radio", "广播", "press", ""),
    ("tv", "电视", "press", ""),
    ("bulletin", "信息简报", "document", "简报"),
    ("internal_notice", "内部通报", "document", "通报"),
]


@transaction.atomic
def disclosure_forms_ensure(*, actor=None) -> list[DisclosureForm]:
    """Create the seed's forms of disclosure that are missing; existing ones are left as they are."""
    created = []
    for order, (code, name, evidence, aliases) in enumerate(DEFAULT_FORMS, start=1):
        if DisclosureForm.objects.filter(Q(code=code) | Q(name=name)).exists():
            continue
        form = DisclosureForm.objects.create(
            code=code, name=name, evidence=evidence, aliases=aliases, sort_order=order
        )
        event_record(
            target=form,
            action=CatalogEvents.FORM_ADDED.action,
            actor=actor,
            changes={"name": ("", name)},
        )
        created.append(form)
    return created

"""Progress updates (随时公开) of a published disclosure: drafted, reviewed and approved like the
first publication, each step declared in disclosures/steps.py."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import event_record
from disclosures.models import Disclosure, DisclosureUpdate
from disclosures.services.common import checklist_missing, stale_revision_check
from disclosures.states import UpdateEvents
from dwgk.refusals import BadInput
from workflow.engine import perform, require


def _checked_text(title: str, body: str) -> dict:
    values = {"title": (title or "").strip(), "body": body or ""}
    if not values["title"] or not values["body"].strip():
        raise BadInput(_("请填写标题和进展情况"), field="body")
    if len(values["title"]) > 200:
        raise BadInput(_("标题不能超过200字"), field="title")
    return values


@transaction.atomic
def update_create(*, disclosure: Disclosure, actor, title: str, body: str) -> DisclosureUpdate:
    locked = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    require(actor, locked, "update_new")
    values = _checked_text(title, body)
    update = DisclosureUpdate.objects.create(
        disclosure=locked, created_at=timezone.now(), created_by=actor, **values
    )
    event_record(
        target=update,
        action=UpdateEvents.CREATE.action,
        actor=actor,
        unit=locked.unit,
        to_state=DisclosureUpdate.Status.DRAFT,
        changes={"title": ("", update.title)},
    )
    return update


def update_edit(
    *, update: DisclosureUpdate, actor, revision: int, title: str, body: str
) -> DisclosureUpdate:
    """Save an edit of a draft or returned update made on `revision`. A stale revision raises
    DisclosureConflict with both versions, and nothing is written."""
    values = _checked_text(title, body)
    return perform(
        update,
        "edit",
        actor=actor,
        check=stale_revision_check(revision, {"title": title, "body": body, "revision": revision}),
        values=values,
    )


def update_submit(*, update: DisclosureUpdate, actor) -> DisclosureUpdate:
    return perform(update, "submit", actor=actor)


def update_review(
    *, update: DisclosureUpdate, actor, checklist, comment: str = ""
) -> DisclosureUpdate:
    def check(_locked):
        if checklist_missing(checklist):
            raise BadInput(_("保密审查须逐项确认"), field="checklist")

    return perform(update, "review", actor=actor, comment=comment, check=check)


def update_return(*, update: DisclosureUpdate, actor, comment: str) -> DisclosureUpdate:
    return perform(update, "send_back", actor=actor, comment=(comment or "").strip())


@transaction.atomic
def update_approve_and_publish(
    *, update: DisclosureUpdate, actor, comment: str = ""
) -> DisclosureUpdate:
    result = perform(
        update,
        "publish",
        actor=actor,
        comment=comment,
        values={"published_at": timezone.now(), "approved_by": actor},
    )
    Disclosure.objects.filter(pk=result.disclosure_id).update(updated_at=timezone.now())
    return result

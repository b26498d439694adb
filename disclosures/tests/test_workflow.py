"""The state machine through the services: who may do what, in which state, and the record."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from audit.services import events_for
from catalog.models import Scope
from disclosures import services
from disclosures.models import Disclosure, DisclosureUpdate, WorkPlan
from disclosures.tests.factory import ALL_CHECKS, item, make
from dwgk.refusals import BadInput

pytestmark = pytest.mark.django_db
S = Disclosure.Status


def test_it_defaults_scope_and_forms_from_the_item(seeded):
    d = make(seeded, attach=False)
    assert d.scope == Scope.INTERNAL_THEN_PUBLIC
    assert sorted(f.name for f in d.forms.all()) == ["会议", "文件"]
    assert d.department == seeded.departments["人事科"]
    assert [e.action for e in events_for(d)] == ["disclosure.create"]


def test_it_rejects_a_drafter_of_another_department(seeded):
    with pytest.raises(PermissionDenied):
        services.disclosure_create(
            unit=seeded.unit, actor=seeded.drafter_other, item=item(seeded, 20), title="x"
        )


def test_it_rejects_an_off_catalog_draft_without_an_approved_plan(seeded):
    plan = services.work_plan_create(
        unit=seeded.unit,
        actor=seeded.office,
        title="抗洪救灾党员突击队情况",
        body="方案",
        scope="internal",
    )
    with pytest.raises(BadInput):
        services.disclosure_create(unit=seeded.unit, actor=seeded.office, work_plan=plan, title="x")
    services.work_plan_submit(work_plan=plan, actor=seeded.office)
    with pytest.raises(PermissionDenied):
        services.work_plan_approve(work_plan=plan, actor=seeded.approver)  # not the upper level
    plan = services.work_plan_approve(work_plan=plan, actor=seeded.upper, comment="同意")
    assert plan.status == WorkPlan.Status.APPROVED
    d = services.disclosure_create(
        unit=seeded.unit, actor=seeded.office, work_plan=plan, title="抗洪救灾党员突击队情况通报"
    )
    assert d.item is None and d.scope == Scope.INTERNAL


def test_the_full_cycle_records_every_step(seeded):
    d = make(seeded, S.INTERNAL)
    assert d.published_at and d.public_from and d.public_at is None
    assert d.internal_period_workdays == 5
    assert d.public_from > d.published_at
    released = services.disclosure_release(disclosure=d, now=d.public_from)
    assert released.status == S.PUBLIC and released.public_at == d.public_from
    actions = [e.action for e in events_for(d)]
    assert actions == [
        "disclosure.create",
        "attachment.add",
        "disclosure.submit",
        "disclosure.review",
        "disclosure.approve",
        "disclosure.publish",
        "disclosure.release",
    ]
    approve = [e for e in events_for(d) if e.action == "disclosure.approve"][0]
    assert approve.actor == seeded.approver
    assert (approve.from_state, approve.to_state) == ("reviewed", "approved")
    assert "public_from" in approve.changes


def test_it_refuses_a_transition_not_in_the_map(seeded):
    d = make(seeded, S.DRAFT)
    with pytest.raises(BadInput):
        services.disclosure_approve(disclosure=d, actor=seeded.approver)
    with pytest.raises(BadInput):
        services.disclosure_publish(disclosure=d, actor=seeded.office)


def test_only_the_office_reviews_and_only_with_every_box_checked(seeded):
    d = make(seeded, S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.disclosure_review(disclosure=d, actor=seeded.drafter, checklist=ALL_CHECKS)
    with pytest.raises(BadInput):
        services.disclosure_review(disclosure=d, actor=seeded.office, checklist=ALL_CHECKS[:3])
    d = services.disclosure_review(disclosure=d, actor=seeded.office, checklist=ALL_CHECKS)
    assert d.secrecy_review["confirmed"] == ALL_CHECKS


def test_only_an_approver_approves(seeded):
    d = make(seeded, S.REVIEWED)
    for user in (seeded.office, seeded.drafter, seeded.supervisor, seeded.upper):
        with pytest.raises(PermissionDenied):
            services.disclosure_approve(disclosure=d, actor=user)


def test_a_return_needs_comments_and_goes_back_to_the_drafter(seeded):
    d = make(seeded, S.SUBMITTED)
    with pytest.raises(BadInput):
        services.disclosure_return(disclosure=d, actor=seeded.office, comment="  ")
    d = services.disclosure_return(disclosure=d, actor=seeded.office, comment="请补充整改时限")
    assert d.status == S.RETURNED
    d = services.disclosure_edit(
        disclosure=d, actor=seeded.drafter, revision=d.revision, title=d.title, body="补充后正文"
    )
    assert services.disclosure_submit(disclosure=d, actor=seeded.drafter).status == S.SUBMITTED


def test_a_stale_edit_raises_a_conflict_with_both_versions(seeded):
    d = make(seeded, S.DRAFT)
    stale = d.revision
    services.disclosure_edit(
        disclosure=d,
        actor=seeded.office,
        revision=stale,
        title="办公室改的标题",
        body="办公室的正文",
    )
    with pytest.raises(services.DisclosureConflict) as caught:
        services.disclosure_edit(
            disclosure=d, actor=seeded.drafter, revision=stale, title="我的标题", body="我的正文"
        )
    assert caught.value.current.title == "办公室改的标题"
    assert caught.value.attempted["body"] == "我的正文"
    d.refresh_from_db()
    assert d.title == "办公室改的标题"


def test_a_public_scope_is_public_at_once(seeded):
    d = make(seeded, S.PUBLIC, Scope.PUBLIC)
    assert d.status == S.PUBLIC and d.public_at == d.published_at


def test_the_office_narrows_but_only_an_approver_widens(seeded):
    d = make(seeded, S.DRAFT)
    d = services.disclosure_scope_change(disclosure=d, actor=seeded.office, scope=Scope.INTERNAL)
    assert d.scope == Scope.INTERNAL
    with pytest.raises(PermissionDenied):
        services.disclosure_scope_change(disclosure=d, actor=seeded.office, scope=Scope.PUBLIC)
    d = services.disclosure_scope_change(disclosure=d, actor=seeded.approver, scope=Scope.PUBLIC)
    assert d.scope == Scope.PUBLIC


def test_withholding_a_long_term_item_is_filed_and_acknowledged(seeded):
    d = make(seeded, S.SUBMITTED, number=12, author=seeded.office)  # 党支部设置 — 长期
    d = services.disclosure_withhold(
        disclosure=d, actor=seeded.office, kind="secret", reason="涉及机构调整，暂不宜公开"
    )
    assert services.filing_required(d)
    with pytest.raises(PermissionDenied):
        services.disclosure_acknowledge_filing(disclosure=d, actor=seeded.office)
    d = services.disclosure_file_with_upper(disclosure=d, actor=seeded.office)
    with pytest.raises(PermissionDenied):
        services.disclosure_acknowledge_filing(disclosure=d, actor=seeded.approver)
    d = services.disclosure_acknowledge_filing(disclosure=d, actor=seeded.upper)
    assert d.filed_with_upper_at and d.filing_acknowledged_at


def test_a_retracted_disclosure_is_kept_on_record(seeded):
    d = make(seeded, S.RETRACTED, Scope.PUBLIC)
    assert d.retracted_reason and d.published_at
    assert events_for(d).filter(action="disclosure.retract").count() == 1


def test_an_update_is_reviewed_and_approved_before_readers_see_it(seeded):
    d = make(seeded, S.INTERNAL)
    u = services.update_create(
        disclosure=d, actor=seeded.drafter, title="整改进展（一）", body="已完成3项整改"
    )
    u = services.update_submit(update=u, actor=seeded.drafter)
    with pytest.raises(PermissionDenied):
        services.update_approve_and_publish(update=u, actor=seeded.office)
    u = services.update_review(update=u, actor=seeded.office, checklist=ALL_CHECKS)
    u = services.update_approve_and_publish(update=u, actor=seeded.approver)
    assert u.status == DisclosureUpdate.Status.PUBLISHED and u.published_at


def test_the_job_releases_only_what_is_due_and_only_once(seeded):
    from disclosures.services import release_due

    d = make(seeded, S.INTERNAL)
    assert release_due(now=timezone.now()) == 0
    later = d.public_from + datetime.timedelta(minutes=1)
    assert release_due(now=later) == 1
    assert release_due(now=later) == 0
    assert events_for(d).filter(action="disclosure.release").count() == 1


def test_an_archived_disclosure_is_read_only(seeded):
    d = make(seeded, S.ARCHIVED)
    with pytest.raises(BadInput):
        services.disclosure_edit(
            disclosure=d, actor=seeded.drafter, revision=d.revision, title="x", body="y"
        )
    with pytest.raises(BadInput):
        services.attachment_add(
            disclosure=d,
            actor=seeded.drafter,
            upload=__import__("disclosures.tests.factory", fromlist=["pdf_upload"]).pdf_upload(),
        )
    with pytest.raises(BadInput):
        services.disclosure_retract(disclosure=d, actor=seeded.office, reason="x")

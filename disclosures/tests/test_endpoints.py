"""Every endpoint: 405 for the wrong method, 404 for who cannot see, 403 for who sees but may not
act, 400 with a bilingual message for bad input, CSRF enforced."""

import pytest
from django.test import Client
from django.utils import timezone

from disclosures.models import Disclosure
from disclosures.tests.factory import make

pytestmark = pytest.mark.django_db
S = Disclosure.Status

POST_ONLY = {
    "submit": S.DRAFT,
    "review": S.SUBMITTED,
    "return": S.SUBMITTED,
    "approve": S.REVIEWED,
    "publish": S.APPROVED,
    "file-with-upper": S.WITHHELD,
    "acknowledge-filing": S.WITHHELD,
    "resume": S.WITHHELD,
    "scope": S.DRAFT,
    "attachments": S.DRAFT,
    "evidence": S.APPROVED,
    "updates": S.INTERNAL,
}
CONFIRMED = {"retract": S.PUBLIC, "withhold": S.SUBMITTED, "archive": S.PUBLIC}


@pytest.mark.parametrize("action", sorted(POST_ONLY))
def test_a_post_only_action_answers_405_to_get(seeded, action):
    d = make(seeded, POST_ONLY[action], attach=action != "attachments")
    assert seeded.client(seeded.office).get(f"/disclosures/{d.pk}/{action}/").status_code == 405


@pytest.mark.parametrize("action", sorted(POST_ONLY) + sorted(CONFIRMED))
def test_an_action_answers_404_to_an_outsider_and_403_to_a_reader(seeded, action):
    state = POST_ONLY.get(action) or CONFIRMED[action]
    d = make(seeded, state, attach=action != "attachments")
    url = f"/disclosures/{d.pk}/{action}/"
    assert seeded.client(seeded.outsider).post(url).status_code == (403 if d.is_public else 404)
    assert seeded.client(seeded.drafter_other).post(url).status_code in (
        (403,) if d.status in Disclosure.READABLE else (404,)
    )
    if d.status not in Disclosure.READABLE:
        # The supervisor sees working drafts and may act on none of them.
        assert seeded.client(seeded.supervisor).post(url, {"confirm": "yes"}).status_code == 403


@pytest.mark.parametrize("action", sorted(CONFIRMED))
def test_a_destructive_action_asks_for_confirmation_first(seeded, action):
    d = make(seeded, CONFIRMED[action])
    client = seeded.client(seeded.office)
    page = client.get(f"/disclosures/{d.pk}/{action}/")
    assert page.status_code == 200 and 'name="confirm"' in page.content.decode()
    unconfirmed = client.post(
        f"/disclosures/{d.pk}/{action}/", {"reason": "理由", "kind": "secret"}
    )
    assert unconfirmed.status_code == 400
    d.refresh_from_db()
    assert d.status == CONFIRMED[action]
    assert seeded.client(seeded.member).get(f"/disclosures/{d.pk}/{action}/").status_code in (
        403,
        404,
    )


def test_bad_input_gets_400_with_a_message_in_the_readers_language(seeded):
    office = seeded.client(seeded.office)
    d = make(seeded, S.SUBMITTED)
    response = office.post(f"/disclosures/{d.pk}/review/", {"checklist": ["no_secrets"]})
    assert response.status_code == 400
    text = response.content.decode()
    assert "保密审查须逐项确认" in text and "Confirm every point" not in text
    office.cookies["django_language"] = "en"  # as the language switcher sets it
    english = office.post(f"/disclosures/{d.pk}/review/", {"checklist": ["no_secrets"]})
    text = english.content.decode()
    assert "Confirm every point" in text and "保密审查须逐项确认" not in text
    assert office.post(f"/disclosures/{d.pk}/return/", {"comment": ""}).status_code == 400
    approved = make(seeded, S.APPROVED)
    bad_date = office.post(f"/disclosures/{approved.pk}/publish/", {"retention_until": "明天"})
    assert bad_date.status_code == 400 and "2026年2月12日" in bad_date.content.decode()
    confirmed = {"retention_until": "明天", "confirm": "yes"}
    bad_date = office.post(f"/disclosures/{approved.pk}/publish/", confirmed)
    assert bad_date.status_code == 400 and "2026年2月12日" in bad_date.content.decode()
    bad_number = seeded.client(seeded.drafter).post(
        f"/disclosures/{approved.pk}/evidence/",
        {
            "form": approved.forms.get(code="document").pk,
            "date": "2026-01-05",
            "document_number": "岳统党组〔26〕3号",
            "distribution": "各科室",
        },
    )
    assert bad_number.status_code == 400 and "代字〔年份〕序号号" in bad_number.content.decode()


def test_a_wrong_state_is_400_for_someone_with_the_right(seeded):
    d = make(seeded, S.DRAFT)
    for confirm in ({}, {"confirm": "yes"}):
        approve = seeded.client(seeded.approver).post(f"/disclosures/{d.pk}/approve/", confirm)
        assert approve.status_code in (400, 403)
        publish = seeded.client(seeded.office).post(f"/disclosures/{d.pk}/publish/", confirm)
        assert publish.status_code == 400


def test_posts_need_the_csrf_token(seeded):
    d = make(seeded, S.DRAFT)
    client = Client(enforce_csrf_checks=True)
    client.force_login(seeded.drafter)
    assert client.post(f"/disclosures/{d.pk}/submit/").status_code == 403
    d.refresh_from_db()
    assert d.status == S.DRAFT


def test_the_edit_page_keeps_the_users_text_on_a_conflict(seeded):
    d = make(seeded, S.DRAFT)
    stale = d.revision
    drafter = seeded.client(seeded.drafter)
    office = seeded.client(seeded.office)
    assert (
        office.post(
            f"/disclosures/{d.pk}/edit/",
            {"revision": stale, "title": "办公室的标题", "body": "办公室的正文"},
        ).status_code
        == 302
    )
    response = drafter.post(
        f"/disclosures/{d.pk}/edit/", {"revision": stale, "title": "我的标题", "body": "我的新正文"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "办公室的正文" in page and "我的新正文" in page
    assert f'name="revision" value="{stale + 1}"' in page
    assert "保存冲突" in page


def test_the_edit_page_is_403_for_a_reader_and_404_for_an_outsider(seeded):
    d = make(seeded, S.PUBLIC, "public")
    assert seeded.client(seeded.member).get(f"/disclosures/{d.pk}/edit/").status_code == 403
    draft = make(seeded, S.DRAFT)
    assert seeded.client(seeded.outsider).get(f"/disclosures/{draft.pk}/edit/").status_code == 404


def test_the_daily_screens_show_their_queues(seeded):
    submitted = make(seeded, S.SUBMITTED, title="待审核的稿件")
    reviewed = make(seeded, S.REVIEWED, title="待审批的稿件")
    withheld = make(seeded, S.WITHHELD, title="暂缓的稿件")
    office = seeded.client(seeded.office).get("/disclosures/work/office/").content.decode()
    assert submitted.title in office and withheld.title in office
    approver = seeded.client(seeded.approver).get("/disclosures/work/approver/").content.decode()
    assert reviewed.title in approver and submitted.title not in approver
    drafter = seeded.client(seeded.drafter).get("/disclosures/work/drafter/").content.decode()
    assert submitted.title in drafter
    assert seeded.client(seeded.upper).get("/disclosures/work/upper/").status_code == 200
    assert seeded.client(seeded.member).get("/disclosures/work/office/").status_code == 404
    assert seeded.client(seeded.public).get("/disclosures/work/office/").status_code == 302


def test_the_full_cycle_through_the_pages(seeded):
    from disclosures.tests.factory import ALL_CHECKS, item

    drafter = seeded.client(seeded.drafter)
    response = drafter.post(
        "/disclosures/new/",
        {
            "item": item(seeded, 20).pk,
            "title": "2026年度领导班子民主生活会情况",
            "body": "会议于1月召开。",
        },
    )
    assert response.status_code == 302
    d = Disclosure.objects.get(title="2026年度领导班子民主生活会情况")
    assert drafter.post(f"/disclosures/{d.pk}/submit/").status_code == 302
    office = seeded.client(seeded.office)
    assert office.post(f"/disclosures/{d.pk}/review/", {"checklist": ALL_CHECKS}).status_code == 302
    approver = seeded.client(seeded.approver)
    assert (
        approver.post(
            f"/disclosures/{d.pk}/approve/", {"internal_period_workdays": "3", "confirm": "yes"}
        ).status_code
        == 302
    )
    assert office.post(f"/disclosures/{d.pk}/publish/", {"confirm": "yes"}).status_code == 302
    d.refresh_from_db()
    assert d.status == S.INTERNAL and d.internal_period_workdays == 3
    assert seeded.client(seeded.member).get(f"/disclosures/{d.pk}/").status_code == 200
    assert seeded.client(seeded.public).get(f"/disclosures/{d.pk}/").status_code == 404
    # A plain member reads the public history: that it was published, nothing of the work.
    history = seeded.client(seeded.member).get(f"/disclosures/{d.pk}/history/").content.decode()
    assert 'data-action="disclosure.publish"' in history
    for action in ("disclosure.create", "disclosure.submit", "disclosure.review",
                   "disclosure.approve"):  # fmt: skip
        assert f'data-action="{action}"' not in history
    # Those who work on it read every step.
    full = office.get(f"/disclosures/{d.pk}/history/").content.decode()
    for action in ("disclosure.create", "disclosure.submit", "disclosure.review",
                   "disclosure.approve", "disclosure.publish"):  # fmt: skip
        assert f'data-action="{action}"' in full


def test_update_endpoints_answer_405_404_403_and_400(seeded):
    from disclosures import services

    d = make(seeded, S.INTERNAL, "internal")
    u = services.update_create(
        disclosure=d, actor=seeded.drafter, title="进展（一）", body="已完成"
    )
    for action in ("submit", "review", "return", "publish"):
        url = f"/disclosures/updates/{u.pk}/{action}/"
        assert seeded.client(seeded.office).get(url).status_code == 405
        assert seeded.client(seeded.outsider).post(url).status_code == 404
        # A member reads the disclosure but not an unpublished update: 404, as on its page.
        assert seeded.client(seeded.member).post(url).status_code == 404
    office = seeded.client(seeded.office)
    assert office.post(f"/disclosures/updates/{u.pk}/review/").status_code == 400  # not submitted
    assert (
        seeded.client(seeded.drafter).post(f"/disclosures/updates/{u.pk}/submit/").status_code
        == 302
    )
    assert office.post(f"/disclosures/updates/{u.pk}/return/", {"comment": ""}).status_code == 400
    published = services.update_create(
        disclosure=d, actor=seeded.drafter, title="进展（二）", body="已完成"
    )
    services.update_submit(update=published, actor=seeded.drafter)
    services.update_review(
        update=published,
        actor=seeded.office,
        checklist=[key for key, _label in services.SECRECY_CHECKLIST],
    )
    services.update_approve_and_publish(update=published, actor=seeded.approver)
    member = seeded.client(seeded.member)
    assert member.get(f"/disclosures/updates/{published.pk}/").status_code == 200
    for action in ("submit", "review", "return", "publish"):
        # The member sees a published update but may not act on it.
        assert member.post(f"/disclosures/updates/{published.pk}/{action}/").status_code == 403


def test_work_plan_endpoints_follow_the_roles(seeded):
    office = seeded.client(seeded.office)
    response = office.post(
        "/disclosures/work-plans/",
        {"unit": seeded.unit.pk, "title": "统计开放日活动情况", "body": "方案", "scope": "public"},
    )
    assert response.status_code == 302
    from disclosures.models import WorkPlan

    plan = WorkPlan.objects.get()
    assert (
        seeded.client(seeded.drafter)
        .post(
            "/disclosures/work-plans/",
            {"unit": seeded.unit.pk, "title": "x", "body": "y", "scope": "public"},
        )
        .status_code
        == 403
    )
    assert office.get(f"/disclosures/work-plans/{plan.pk}/submit/").status_code == 405
    assert (
        seeded.client(seeded.outsider).get(f"/disclosures/work-plans/{plan.pk}/").status_code == 404
    )
    assert (
        seeded.client(seeded.member).post(f"/disclosures/work-plans/{plan.pk}/submit/").status_code
        == 404
    )
    assert office.post(f"/disclosures/work-plans/{plan.pk}/approve/").status_code in (400, 403)
    assert office.post(f"/disclosures/work-plans/{plan.pk}/submit/").status_code == 302
    assert office.post(f"/disclosures/work-plans/{plan.pk}/approve/").status_code == 403
    upper = seeded.client(seeded.upper)
    assert (
        upper.post(f"/disclosures/work-plans/{plan.pk}/reject/", {"comment": ""}).status_code == 400
    )
    assert upper.post(f"/disclosures/work-plans/{plan.pk}/approve/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.APPROVED
    assert "统计开放日活动情况" not in upper.get("/disclosures/work/upper/").content.decode()


def test_attachment_download_is_404_for_unknown_and_405_for_post(seeded):
    assert seeded.client(seeded.office).get("/disclosures/attachments/999999/").status_code == 404
    d = make(seeded, S.PUBLIC, "public")
    a = d.attachments.get()
    assert seeded.client(seeded.public).post(f"/disclosures/attachments/{a.pk}/").status_code == 405


def test_a_rejected_work_plan_is_revised_by_the_office(seeded):
    from disclosures import services
    from disclosures.models import WorkPlan

    plan = services.work_plan_create(
        unit=seeded.unit, actor=seeded.office, title="统计开放日", body="初稿", scope="public"
    )
    plan = services.work_plan_submit(work_plan=plan, actor=seeded.office)
    services.work_plan_reject(work_plan=plan, actor=seeded.upper, comment="请明确公开形式")
    office = seeded.client(seeded.office)
    assert (
        office.post(f"/disclosures/work-plans/{plan.pk}/revise/", {"body": ""}).status_code == 400
    )
    assert (
        seeded.client(seeded.upper)
        .post(f"/disclosures/work-plans/{plan.pk}/revise/", {"body": "x"})
        .status_code
        == 403
    )
    assert (
        office.post(
            f"/disclosures/work-plans/{plan.pk}/revise/", {"body": "修改稿：通过网站公开"}
        ).status_code
        == 302
    )
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.DRAFT and plan.body == "修改稿：通过网站公开"


def test_a_refused_action_leads_back_to_the_disclosure(seeded):
    d = make(seeded, S.SUBMITTED)
    # Submitting twice: the state no longer allows it; the page leads back to the disclosure.
    response = seeded.client(seeded.drafter).post(f"/disclosures/{d.pk}/submit/")
    assert response.status_code in (400, 403)
    html = response.content.decode()
    assert f'href="/disclosures/{d.pk}/" class="back"' in html


def test_approving_and_publishing_ask_first_and_say_who_will_read_it_from_when(seeded):
    from workdays.calendar import add_workdays

    d = make(seeded, S.REVIEWED)
    approver = seeded.client(seeded.approver)
    asked = approver.post(f"/disclosures/{d.pk}/approve/", {"internal_period_workdays": "3"})
    assert asked.status_code == 200
    html = asked.content.decode()
    opens = add_workdays(timezone.localdate(), 3).due
    assert f"{opens.year}年{opens.month}月{opens.day}日起向社会公开" in html
    assert 'name="internal_period_workdays" value="3"' in html and 'id="btn-confirm"' in html
    d.refresh_from_db()
    assert d.status == S.REVIEWED  # nothing happened yet
    assert (
        approver.post(
            f"/disclosures/{d.pk}/approve/", {"internal_period_workdays": "999"}
        ).status_code
        == 400
    )
    approver.post(
        f"/disclosures/{d.pk}/approve/", {"internal_period_workdays": "3", "confirm": "yes"}
    )
    d.refresh_from_db()
    assert d.status == S.APPROVED and d.internal_period_workdays == 3
    office = seeded.client(seeded.office)
    asked = office.post(f"/disclosures/{d.pk}/publish/", {"retention_until": "2099-1-2"})
    html = asked.content.decode()
    assert asked.status_code == 200 and "本单位党员登录后即可阅读" in html
    assert "保留公开至2099年1月2日" in html and "只能撤回" in html
    d.refresh_from_db()
    assert d.status == S.APPROVED

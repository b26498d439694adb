import datetime

import pytest

from obligations.models import ExtensionRequest, Obligation
from obligations.services import obligation_record_decision, obligation_record_round

D = datetime.date


@pytest.fixture
def cases(small):
    p = small.personas
    office_item = obligation_record_decision(  # 办公室, overdue on 09-28
        item=small.immediate, decided_on=D(2026, 9, 14), actor=p.office, title="办公室的决定"
    )
    hr_round = obligation_record_round(  # 人事科, due 09-30
        item=small.per_round, completed_on=D(2026, 9, 24), actor=p.drafter
    )
    return small, office_item, hr_round


def test_the_list_shows_a_department_its_own_obligations(cases):
    small, office_item, hr_round = cases
    response = small.personas.client(small.personas.drafter).get("/obligations/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "经济责任审计结果" in body and "办公室的决定" not in body
    assert "<caption>" in body and 'scope="col"' in body and "<details>" in body
    assert "即将到期" in body


def test_the_list_filters_by_derived_status(cases):
    small, office_item, hr_round = cases
    client = small.personas.client(small.personas.office)
    body = client.get("/obligations/?status=overdue").content.decode()
    assert "办公室的决定" in body and "经济责任审计结果" not in body
    assert client.get("/obligations/?status=nonsense").status_code == 400
    assert client.get("/obligations/?department=x").status_code == 400


def test_the_list_needs_a_login(cases):
    small, *_ = cases
    assert small.personas.client(small.personas.public).get("/obligations/").status_code == 302


@pytest.mark.parametrize(
    "persona,status",
    [
        ("drafter", 200),
        ("office", 200),
        ("approver", 200),
        ("supervisor", 200),
        ("upper", 200),
        ("drafter_other", 404),
        ("member", 404),
        ("outsider", 404),
    ],
)
def test_the_detail_page_is_scoped(cases, persona, status):
    small, office_item, hr_round = cases
    client = small.personas.client(getattr(small.personas, persona))
    response = client.get(f"/obligations/{hr_round.pk}/")
    assert response.status_code == status
    if status == 200:
        assert "期限如何计算" in response.content.decode()


def test_marking_met_through_the_page(cases):
    small, office_item, hr_round = cases
    p = small.personas
    url = f"/obligations/{hr_round.pk}/met/"
    assert p.client(p.drafter).get(url).status_code == 405
    assert p.client(p.outsider).post(url, {"met_on": "2026-09-28"}).status_code == 404
    assert p.client(p.supervisor).post(url, {"met_on": "2026-09-28"}).status_code == 403
    bad = p.client(p.drafter).post(url, {"met_on": "2026-02-30"})
    assert bad.status_code == 400 and "请填写有效日期" in bad.content.decode()
    future = p.client(p.drafter).post(url, {"met_on": "2026-10-30"})
    assert future.status_code == 400 and "不能晚于今天" in future.content.decode()
    assert p.client(p.drafter).post(url, {"met_on": "2026-09-28"}).status_code == 302
    hr_round.refresh_from_db()
    assert hr_round.status == Obligation.Status.MET_ON_TIME
    page = p.client(p.drafter).get(f"/obligations/{hr_round.pk}/").content.decode()
    assert "obligations.met" in page  # history


def test_it_rejects_an_unknown_action(cases):
    small, office_item, hr_round = cases
    client = small.personas.client(small.personas.drafter)
    assert client.post(f"/obligations/{hr_round.pk}/explode/").status_code == 404


def test_pause_and_resume_through_the_page(cases):
    small, office_item, hr_round = cases
    client = small.personas.client(small.personas.drafter)
    base = f"/obligations/{hr_round.pk}"
    assert client.post(f"{base}/pause/", {"on": "2026-09-28"}).status_code == 400  # no reason
    assert (
        client.post(f"{base}/pause/", {"on": "2026-09-28", "reason": "保密审查"}).status_code == 302
    )
    assert client.post(f"{base}/pause/", {"on": "2026-09-28", "reason": "again"}).status_code == 400
    assert client.post(f"{base}/resume/", {"on": "2026-09-28"}).status_code == 302
    hr_round.refresh_from_db()
    assert hr_round.status == Obligation.Status.OPEN


def test_extension_request_and_approval_through_the_pages(cases):
    small, office_item, hr_round = cases
    p = small.personas
    base = f"/obligations/{hr_round.pk}"
    data = {"workdays": "2", "reason": "材料待审定"}
    assert p.client(p.drafter).post(f"{base}/extend/", data).status_code == 403
    assert (
        p.client(p.drafter).post(f"{base}/extension-request/", {"workdays": "x"}).status_code == 400
    )
    assert p.client(p.drafter).post(f"{base}/extension-request/", data).status_code == 302
    request = ExtensionRequest.objects.get()
    decide = f"{base}/extension/{request.pk}/decide/"
    assert p.client(p.drafter).post(decide, {"decision": "approve"}).status_code == 403
    assert p.client(p.office).post(decide, {"decision": "maybe"}).status_code == 400
    assert p.client(p.office).get(decide).status_code == 405
    assert p.client(p.office).post(decide, {"decision": "approve"}).status_code == 302
    hr_round.refresh_from_db()
    assert hr_round.extension_workdays == 2 and hr_round.due_date == D(2026, 10, 9)


def test_withholding_through_the_page(cases):
    small, office_item, hr_round = cases
    p = small.personas
    url = f"/obligations/{office_item.pk}/withhold/"
    assert p.client(p.drafter_other).post(url, {"reason": "涉密"}).status_code == 403
    assert p.client(p.office).post(url, {"reason": ""}).status_code == 400
    assert p.client(p.office).post(url, {"reason": "涉密，已备案"}).status_code == 302


def test_recording_a_decision(cases):
    small, *_ = cases
    p = small.personas
    url = f"/obligations/{small.unit.code}/record/"
    assert p.client(p.drafter_other).get(url).status_code == 200
    assert p.client(p.outsider).get(url).status_code == 404
    assert p.client(p.supervisor).get(url).status_code == 403
    assert p.client(p.drafter_other).put(url).status_code == 405
    data = {
        "kind": "decision",
        "item": str(small.immediate.pk),
        "on": "2026-09-25",
        "title": "新决定",
    }
    # 人事科 does not own item 1: it is not among the choices → 400
    assert p.client(p.drafter).post(url, data).status_code == 400
    response = p.client(p.drafter_other).post(url, data)
    assert response.status_code == 302
    assert Obligation.objects.filter(title="新决定").exists()
    wrong = {**data, "kind": "change"}
    assert p.client(p.drafter_other).post(url, wrong).status_code == 400


def test_setting_a_cadence(cases):
    small, *_ = cases
    p = small.personas
    url = f"/obligations/{small.unit.code}/record/"
    data = {"form": "cadence", "item": str(small.per_round.pk), "cadence": "quarterly"}
    assert p.client(p.drafter).post(url, data).status_code == 302
    assert p.client(p.drafter).post(url, {**data, "cadence": "weekly"}).status_code == 400


def test_the_month_view_is_a_grid_with_holidays(cases):
    small, office_item, hr_round = cases
    p = small.personas
    url = f"/obligations/{small.unit.code}/calendar/2026/9/"
    response = p.client(p.office).get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<tr>") >= 6  # header and 5 weeks
    assert "办公室的决定" in body and "经济责任审计结果" in body
    assert "中秋节" in body
    assert f"/obligations/{small.unit.code}/calendar/2026/8/" in body
    assert f"/obligations/{small.unit.code}/calendar/2026/10/" in body
    october = (
        p.client(p.office).get(f"/obligations/{small.unit.code}/calendar/2026/10/").content.decode()
    )
    assert "国庆节" in october and "调休上班" in october
    # a drafter sees the calendar with its own department's obligations only
    mine = p.client(p.drafter).get(url).content.decode()
    assert "经济责任审计结果" in mine and "办公室的决定" not in mine
    assert p.client(p.outsider).get(url).status_code == 404
    assert (
        p.client(p.office).get(f"/obligations/{small.unit.code}/calendar/2026/13/").status_code
        == 400
    )
    assert p.client(p.office).post(url).status_code == 405
    assert p.client(p.office).get(f"/obligations/{small.unit.code}/calendar/").status_code == 302


def test_the_overdue_list(cases):
    small, office_item, hr_round = cases
    p = small.personas
    url = f"/obligations/{small.unit.code}/overdue/"
    response = p.client(p.office).get(url)
    assert response.status_code == 200
    assert "办公室的决定" in response.content.decode()
    assert "经济责任审计结果" not in response.content.decode()
    assert p.client(p.upper).get(url).status_code == 200
    assert p.client(p.drafter).get(url).status_code == 403
    assert p.client(p.outsider).get(url).status_code == 404
    assert p.client(p.office).post(url).status_code == 405
    assert p.client(p.office).get("/obligations/nowhere/overdue/").status_code == 404


def test_the_upper_levels_overview(cases):
    small, office_item, hr_round = cases
    p = small.personas
    response = p.client(p.upper).get("/obligations/overview/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "中共岳阳市统计局党组" in body and "中共岳阳市财政局党组" in body
    assert p.client(p.office).get("/obligations/overview/").status_code == 403
    assert p.client(p.outsider).get("/obligations/overview/").status_code == 403
    assert p.client(p.upper).post("/obligations/overview/").status_code == 405


def test_the_rules_page(cases):
    small, *_ = cases
    p = small.personas
    response = p.client(p.office).get(f"/obligations/{small.unit.code}/rules/")
    assert response.status_code == 200 and "党务公开实施方案" in response.content.decode()
    assert p.client(p.outsider).get(f"/obligations/{small.unit.code}/rules/").status_code == 404


def test_my_work_links_to_the_obligation_pages(personas):
    body = personas.client(personas.office).get("/organizations/me/").content.decode()
    assert "/obligations/" in body and f"/obligations/{personas.unit.code}/calendar/" in body
    assert "/notifications/" in body


def test_changing_a_rule_through_the_page(cases):
    small, *_ = cases
    p = small.personas
    url = f"/obligations/{small.unit.code}/rules/"
    data = {
        "time_limit": "long_term",
        "workdays": "3",
        "effective_from": "2026-10-01",
        "reason": "从严",
    }
    assert p.client(p.drafter).post(url, data).status_code == 403
    assert p.client(p.outsider).post(url, data).status_code == 404
    looser = p.client(p.office).post(url, {**data, "workdays": "6"})
    assert looser.status_code == 400 and "只能从严规定时限" in looser.content.decode()
    assert p.client(p.office).post(url, {**data, "workdays": "x"}).status_code == 400
    assert p.client(p.office).post(url, data).status_code == 302
    assert p.client(p.office).delete(url).status_code == 405
    assert "从严" in p.client(p.office).get(url).content.decode()


def test_the_history_reads_in_words(cases):
    small, office_item, hr_round = cases
    p = small.personas
    client = p.client(p.drafter)
    assert (
        client.post(f"/obligations/{hr_round.pk}/met/", {"met_on": "2026-09-28"}).status_code == 302
    )
    page = client.get(f"/obligations/{hr_round.pk}/").content.decode()
    history = page.split("办理记录")[1]
    assert "记录已公开" in history and "待公开 → 按时公开" in history
    assert "2026-09-28 18:00" in history  # 10:00 UTC, shown in Asia/Shanghai
    assert "open → met_on_time" not in history and ">obligations.met<" not in history
    assert "met_on：" not in history and "公开日期：" in history


def test_a_refused_form_keeps_what_was_typed(cases):
    small, office_item, hr_round = cases
    p = small.personas
    response = p.client(p.drafter).post(
        f"/obligations/{hr_round.pk}/met/", {"met_on": "2026-10-30", "note": "内网公开"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "不能晚于今天" in body and 'value="2026-10-30"' in body and "内网公开" in body
    looser = p.client(p.office).post(
        f"/obligations/{small.unit.code}/rules/",
        {
            "time_limit": "long_term",
            "workdays": "6",
            "effective_from": "2026-10-01",
            "reason": "想放宽",
        },
    )
    assert looser.status_code == 400 and 'value="想放宽"' in looser.content.decode()


def test_the_page_offers_the_steps_the_engine_allows(cases):
    small, office_item, hr_round = cases
    p = small.personas
    url = f"/obligations/{hr_round.pk}/"
    drafter = p.client(p.drafter).get(url).content.decode()
    assert f"/obligations/{hr_round.pk}/pause/" in drafter
    assert f"/obligations/{hr_round.pk}/extension-request/" in drafter
    assert f"/obligations/{hr_round.pk}/extend/" not in drafter
    assert f"/obligations/{hr_round.pk}/withhold/" not in drafter
    office = p.client(p.office).get(url).content.decode()
    assert f"/obligations/{hr_round.pk}/extend/" in office
    assert f"/obligations/{hr_round.pk}/extension-request/" not in office  # extends directly
    supervisor = p.client(p.supervisor).get(url).content.decode()
    assert "<h2>办理</h2>" not in supervisor

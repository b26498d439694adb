import datetime

from obligations.models import ExtensionRequest
from obligations.services import obligation_extension_request, obligation_record_decision

D = datetime.date


def test_the_back_office_is_scoped_and_actions_call_services(small):
    p = small.personas
    obligation = obligation_record_decision(
        item=small.immediate, decided_on=D(2026, 9, 14), actor=p.office, title="后台测试决定"
    )
    request = obligation_extension_request(
        obligation=obligation, actor=p.drafter_other, workdays=2, reason="材料待审定"
    )
    for path in [
        "/admin/obligations/obligation/",
        "/admin/obligations/deadlinerule/",
        "/admin/obligations/extensionrequest/",
        "/admin/obligations/feedtoken/",
        "/admin/notifications/notice/",
        "/admin/notifications/reminderdelivery/",
    ]:
        assert p.client(p.unit_admin).get(path).status_code == 200, path
    # The unit's administrator manages people, not the unit's work: obligations follow the
    # product's scoping (the office, the responsible departments, the upper office).
    assert (
        "后台测试决定"
        not in p.client(p.unit_admin).get("/admin/obligations/obligation/").content.decode()
    )
    assert (
        "后台测试决定" in p.client(p.upper).get("/admin/obligations/obligation/").content.decode()
    )
    assert (
        "后台测试决定"
        not in p.client(p.other_admin).get("/admin/obligations/obligation/").content.decode()
    )
    assert (
        p.client(p.other_admin)
        .get(f"/admin/obligations/obligation/{obligation.pk}/change/")
        .status_code
        == 404
    )
    assert (
        p.client(p.superuser)
        .get(f"/admin/obligations/obligation/{obligation.pk}/change/")
        .status_code
        == 200
    )
    # The unit's administrator does not see the request: nothing happens, it stays pending.
    p.client(p.unit_admin).post(
        "/admin/obligations/extensionrequest/",
        {"action": "approve", "_selected_action": [request.pk]},
    )
    request.refresh_from_db()
    assert request.status == ExtensionRequest.Status.PENDING
    p.client(p.superuser).post(
        "/admin/obligations/extensionrequest/",
        {"action": "approve", "_selected_action": [request.pk]},
    )
    request.refresh_from_db()
    assert request.status == ExtensionRequest.Status.APPROVED

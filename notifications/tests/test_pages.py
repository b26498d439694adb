import datetime

from django.utils import timezone

from notifications.models import Notice


def _notice(user, title="即将到期：测试"):
    return Notice.objects.create(
        recipient=user,
        kind="due_soon",
        title=title,
        body="正文",
        url="/obligations/",
        created_at=timezone.now(),
    )


def test_the_notices_page_shows_the_unread_count(personas):
    _notice(personas.drafter)
    _notice(personas.drafter, "第二条")
    _notice(personas.office, "别人的")
    response = personas.client(personas.drafter).get("/notifications/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "2条未读通知" in body and "第二条" in body and "别人的" not in body
    assert "<caption>" in body


def test_marking_a_notice_read(personas):
    notice = _notice(personas.drafter)
    client = personas.client(personas.drafter)
    assert client.get(f"/notifications/{notice.pk}/read/").status_code == 405
    assert (
        personas.client(personas.office).post(f"/notifications/{notice.pk}/read/").status_code
        == 404
    )
    assert client.post(f"/notifications/{notice.pk}/read/").status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "0条未读通知" in client.get("/notifications/").content.decode()


def test_marking_all_read(personas):
    _notice(personas.drafter)
    _notice(personas.drafter)
    client = personas.client(personas.drafter)
    assert client.post("/notifications/read-all/").status_code == 302
    assert not Notice.objects.filter(recipient=personas.drafter, read_at__isnull=True).exists()


def test_the_notices_page_needs_a_login(personas):
    assert personas.client(personas.public).get("/notifications/").status_code == 302
    assert personas.client(personas.public).post("/notifications/read-all/").status_code == 302


def test_csrf_is_enforced(personas):
    from django.test import Client

    notice = _notice(personas.drafter)
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.drafter)
    assert client.post(f"/notifications/{notice.pk}/read/").status_code == 403
    assert datetime is not None

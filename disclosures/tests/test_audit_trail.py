"""The back office's audit trail follows the product's scoping and the history pages' redaction."""

import pytest

from audit.models import Event
from catalog.models import Scope
from disclosures import services
from disclosures.models import Disclosure
from disclosures.tests.factory import make

pytestmark = pytest.mark.django_db
S = Disclosure.Status
URL = "/admin/audit/event/"


def _returned_then_published(seeded):
    d = make(seeded, S.RETURNED, Scope.PUBLIC, title="领导班子建设情况")
    d = services.disclosure_submit(disclosure=d, actor=seeded.drafter)
    from disclosures.tests.factory import ALL_CHECKS

    d = services.disclosure_review(disclosure=d, actor=seeded.office, checklist=ALL_CHECKS)
    d = services.disclosure_approve(disclosure=d, actor=seeded.approver)
    return services.disclosure_publish(disclosure=d, actor=seeded.office)


def test_a_unit_administrator_finds_only_the_public_steps_of_a_published_disclosure(seeded):
    d = _returned_then_published(seeded)
    admin = seeded.client(seeded.unit_admin)
    returned = Event.objects.get(action="disclosure.return", target_id=str(d.pk))
    published = Event.objects.get(action="disclosure.publish", target_id=str(d.pk))
    assert admin.get(f"{URL}{returned.pk}/change/").status_code == 404
    page = admin.get(f"{URL}{published.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "向社会公开" in html
    assert seeded.office.display_name not in html
    assert admin.get(URL, {"q": "请补充整改措施"}).context["cl"].result_count == 0
    # The office's name finds their work on the catalog and people, not on this disclosure.
    by_office = admin.get(URL, {"q": seeded.office.username}).context["cl"].queryset
    assert not by_office.filter(target_type__startswith="disclosures.").exists()
    listing = admin.get(URL).content.decode()
    assert "请补充整改措施" not in listing


def test_the_upper_office_and_the_superuser_read_every_step(seeded):
    d = _returned_then_published(seeded)
    returned = Event.objects.get(action="disclosure.return", target_id=str(d.pk))
    for user in (seeded.upper, seeded.superuser):
        client = seeded.client(user)
        assert client.get(URL, {"q": "请补充整改措施"}).context["cl"].result_count == 1
        html = client.get(f"{URL}{returned.pk}/change/").content.decode()
        assert "请补充整改措施" in html and "退回修改" in html


def test_another_units_administrator_sees_nothing_of_it(seeded):
    d = _returned_then_published(seeded)
    published = Event.objects.get(action="disclosure.publish", target_id=str(d.pk))
    other = seeded.client(seeded.other_admin)
    assert other.get(f"{URL}{published.pk}/change/").status_code == 404
    assert other.get(URL, {"q": "领导班子"}).context["cl"].result_count == 0


def test_the_audit_trail_cannot_be_changed(seeded):
    d = _returned_then_published(seeded)
    published = Event.objects.get(action="disclosure.publish", target_id=str(d.pk))
    client = seeded.client(seeded.superuser)
    assert client.get(f"{URL}add/").status_code == 403
    response = client.post(f"{URL}{published.pk}/change/", {"comment": "改写"})
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.comment != "改写"

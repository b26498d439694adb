"""A filed catalog reaches the upper level: listed on its work screen, and its office is mailed."""

import datetime

import pytest
from django.core import mail

from catalog import services
from catalog.tests.test_services import _small_draft

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_upper_office_is_mailed_and_sees_the_filing_waiting(personas, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    personas.upper.email = "lijianguo@example.gov.cn"
    personas.upper.save(update_fields=["email"])
    version = _small_draft(personas)
    services.catalog_version_approve(
        version=version,
        actor=personas.approver,
        effective_from=datetime.date(2011, 5, 19),
        approved_on=datetime.date(2011, 5, 19),
    )
    screen = personas.client(personas.upper).get("/disclosures/work/upper/").content.decode()
    assert "岳统党组〔2011〕4号" not in screen
    services.catalog_version_file(
        version=version,
        actor=personas.office,
        filed_on=datetime.date(2011, 5, 25),
        filing_reference="岳统党组〔2011〕4号",
    )
    sent = [m for m in mail.outbox if "lijianguo@example.gov.cn" in m.recipients()]
    assert len(sent) == 1 and "公开目录备案待确认" in sent[0].subject
    link = f"/catalog/{version.unit.code}/versions/{version.number}/"
    assert link in sent[0].body
    screen = personas.client(personas.upper).get("/disclosures/work/upper/").content.decode()
    assert "岳统党组〔2011〕4号" in screen and f'href="{link}"' in screen
    services.catalog_version_acknowledge(version=version, actor=personas.upper)
    screen = personas.client(personas.upper).get("/disclosures/work/upper/").content.decode()
    assert "岳统党组〔2011〕4号" not in screen

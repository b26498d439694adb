import pytest
from django.db import DatabaseError, transaction

from audit.services import events_for
from disclosures.tests.factory import make

pytestmark = pytest.mark.django_db


def test_events_cannot_be_updated_or_deleted(seeded):
    d = make(seeded)
    event = events_for(d).first()
    with pytest.raises(DatabaseError), transaction.atomic():
        type(event).objects.filter(pk=event.pk).update(comment="改写")
    with pytest.raises(DatabaseError), transaction.atomic():
        type(event).objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.comment == ""

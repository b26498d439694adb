"""Two approvers approving one draft at once: one transition and one event (SQLite and
PostgreSQL), as for disclosures."""

import datetime

import pytest
from django.db import OperationalError

from audit.models import Event
from catalog import services
from catalog.models import CatalogVersion
from catalog.tests.test_services import _small_draft
from dwgk.refusals import BadInput
from dwgk.testing import race, shared_memory_sqlite


@pytest.mark.django_db(transaction=True)
def test_two_approvers_at_once_make_one_transition_and_one_event(personas):
    from organizations.models import User

    version = _small_draft(personas)
    deputy = User.objects.get(username="hulieyu")  # 副组长, also an approver

    def approve(actor, day):
        return lambda: services.catalog_version_approve(
            version=version, actor=actor, effective_from=datetime.date(2011, 5, day)
        )

    outcomes = race([approve(personas.approver, 19), approve(deputy, 20)])
    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"], outcomes
    loser = [value for kind, value in outcomes if kind == "error"][0]
    if shared_memory_sqlite():
        # The in-memory test database refuses the second writer at once instead of making it
        # wait (see disclosures/tests/test_concurrency.py).
        assert isinstance(loser, BadInput | OperationalError), loser
    else:
        assert isinstance(loser, BadInput), loser
    version.refresh_from_db()
    assert version.status == CatalogVersion.Status.APPROVED
    events = Event.objects.filter(
        target_type="catalog.catalogversion", target_id=str(version.pk), action="catalog.approved"
    )
    assert events.count() == 1
    assert events.get().actor_id == version.approved_by_id

"""Two approvers acting at once: exactly one transition and one event (SQLite and PostgreSQL)."""

import pytest
from django.db import OperationalError

from audit.models import Event
from disclosures import services
from disclosures.models import Disclosure
from disclosures.tests.factory import make
from dwgk.refusals import BadInput
from dwgk.testing import race, shared_memory_sqlite

S = Disclosure.Status


@pytest.mark.django_db(transaction=True)
def test_two_approvers_at_once_make_one_transition_and_one_event(seeded):
    from organizations.models import User

    d = make(seeded, S.REVIEWED)
    deputy = User.objects.get(username="hulieyu")  # 副组长, also an approver
    outcomes = race(
        [
            lambda: services.disclosure_approve(disclosure=d, actor=seeded.approver),
            lambda: services.disclosure_approve(disclosure=d, actor=deputy),
        ]
    )
    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"], outcomes
    loser = [value for kind, value in outcomes if kind == "error"][0]
    if shared_memory_sqlite():
        # The in-memory test database shares one cache between threads and refuses the second
        # writer at once instead of making it wait; a file database or PostgreSQL makes it wait
        # and then see the new state (run with DWGK_TEST_SQLITE=/tmp/t.sqlite3 or DATABASE_URL).
        assert isinstance(loser, BadInput | OperationalError), loser
    else:
        assert isinstance(loser, BadInput), loser
    d.refresh_from_db()
    assert d.status == S.APPROVED
    events = Event.objects.filter(
        target_type="disclosures.disclosure", target_id=str(d.pk), action="disclosure.approve"
    )
    assert events.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_release_jobs_at_once_release_once(seeded):
    d = make(seeded, S.INTERNAL)
    outcomes = race([lambda: services.release_due(now=d.public_from) for _ in range(3)])
    released = [value for kind, value in outcomes if kind == "ok"]
    errors = [value for kind, value in outcomes if kind == "error"]
    assert sum(released) == 1, outcomes
    assert not errors or shared_memory_sqlite(), outcomes
    assert Event.objects.filter(target_id=str(d.pk), action="disclosure.release").count() == 1

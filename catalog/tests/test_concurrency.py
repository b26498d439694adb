"""Two approvers approving one draft at once: one transition and one event (SQLite and
PostgreSQL), as for disclosures."""

import datetime
import threading

import pytest
from django.db import OperationalError, connection

from audit.models import Event
from catalog import services
from catalog.models import CatalogVersion
from catalog.tests.test_services import _small_draft
from dwgk.refusals import BadInput


def _shared_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def _race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            outcomes.append(("ok", call()))
        except Exception as error:  # noqa: BLE001 — the loser's error is the point
            outcomes.append(("error", error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_approvers_at_once_make_one_transition_and_one_event(personas):
    from organizations.models import User

    version = _small_draft(personas)
    deputy = User.objects.get(username="hulieyu")  # 副组长, also an approver

    def approve(actor, day):
        return lambda: services.catalog_version_approve(
            version=version, actor=actor, effective_from=datetime.date(2011, 5, day)
        )

    outcomes = _race([approve(personas.approver, 19), approve(deputy, 20)])
    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"], outcomes
    loser = [value for kind, value in outcomes if kind == "error"][0]
    if _shared_memory_sqlite():
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

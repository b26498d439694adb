import datetime
import threading

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection

from notifications.models import Notice, ReminderDelivery
from obligations.services import obligation_record_decision, obligation_record_round
from obligations.tests.conftest import build_small_catalog

D = datetime.date
NOW = datetime.datetime(2026, 9, 28, 1, 0, tzinfo=datetime.UTC)  # 09:00 in Shanghai, a Monday


def _setup(personas):
    """One overdue obligation of 办公室, one due soon of 人事科; e-mail for some people only."""
    small = build_small_catalog(personas)
    overdue = obligation_record_decision(
        item=small.immediate, decided_on=D(2026, 9, 14), actor=personas.office, title="逾期的决定"
    )
    obligation_record_round(
        item=small.per_round, completed_on=D(2026, 9, 24), actor=personas.drafter
    )  # due 09-30
    for user, email in [
        (personas.drafter, "chenjing@example.org"),
        (personas.drafter_other, "zhaolei@example.org"),
        (personas.office, "wumi@example.org"),
        (personas.upper, "upper@example.org"),
    ]:
        user.email = email
        user.save(update_fields=["email"])
    return small, overdue


def _run(**options):
    call_command("remind", today=D(2026, 9, 28), verbosity=0, **options)


@pytest.mark.django_db(transaction=True)
def test_each_department_gets_one_digest_and_notices(personas):
    with time_machine.travel(NOW, tick=False):
        small, overdue = _setup(personas)
        _run()
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    chen = by_recipient[("chenjing@example.org",)]  # 人事科: the round due 09-30
    assert "经济责任审计结果" in chen.body and "2026-09-30" in chen.body
    assert "逾期的决定" not in chen.body
    zhao = by_recipient[("zhaolei@example.org",)]  # 办公室: the overdue decision
    assert "逾期的决定" in zhao.body and "已逾期" in zhao.body
    assert Notice.objects.filter(recipient=personas.drafter, kind="due_soon").count() >= 1
    assert Notice.objects.filter(recipient=personas.drafter_other, kind="overdue").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_office_gets_the_unit_list_and_the_upper_office_counts(personas):
    with time_machine.travel(NOW, tick=False):
        _setup(personas)
        _run()
    office_mail = [m for m in mail.outbox if m.to == ["wumi@example.org"]]
    assert len(office_mail) == 1 and "逾期的决定" in office_mail[0].body
    upper_mail = [m for m in mail.outbox if m.to == ["upper@example.org"]]
    assert len(upper_mail) == 1
    assert "中共岳阳市统计局党组：逾期1项" in upper_mail[0].body
    # Every office member gets the notice in the app, not only the one whose address we set.
    others = Notice.objects.filter(kind="office_overdue").exclude(recipient=personas.office)
    assert others.exists()
    # Supervisors and outsiders get nothing, neither mail nor notice.
    unconcerned = {personas.supervisor.email, personas.outsider.email}
    assert not [m for m in mail.outbox if set(m.to) & unconcerned]
    assert not Notice.objects.filter(
        recipient__in=[personas.supervisor, personas.outsider]
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_it_sends_each_reminder_once_when_run_twice(personas):
    with time_machine.travel(NOW, tick=False):
        _setup(personas)
        _run()
        sent, notices = len(mail.outbox), Notice.objects.count()
        assert sent > 0
        _run()
    assert len(mail.outbox) == sent
    assert Notice.objects.count() == notices


@pytest.mark.django_db(transaction=True)
def test_it_sends_each_reminder_once_when_two_servers_run_at_once(personas):
    with time_machine.travel(NOW, tick=False):
        _setup(personas)
        errors = []
        barrier = threading.Barrier(3)

        def server():
            try:
                barrier.wait()
                _run()
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=server) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    keys = list(ReminderDelivery.objects.values_list("recipient_id", "kind", "key"))
    assert len(keys) == len(set(keys))
    recipients = [tuple(m.to) for m in mail.outbox]
    assert len(recipients) == len(set(recipients))  # one digest per person, not one per server
    assert Notice.objects.count() == len(keys)


@pytest.mark.django_db(transaction=True)
def test_a_moved_due_date_is_a_new_reminder(personas):
    from obligations.services import obligation_extend

    with time_machine.travel(NOW, tick=False):
        small, overdue = _setup(personas)
        _run()
        obligation_extend(obligation=overdue, actor=personas.office, workdays=1, reason="延期")
        mail.outbox.clear()
        _run()
    assert Notice.objects.filter(recipient=personas.drafter_other, kind="overdue").count() == 2


def test_it_rejects_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("remind", "--today", "2026-13-01")

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import Event
from obligations.models import ExtensionRequest, Obligation
from obligations.selectors import (
    obligation_display_status,
    obligations_due_soon,
    obligations_overdue,
    obligations_with_display_status,
)
from obligations.services import (
    extension_request_decide,
    obligation_extend,
    obligation_extension_request,
    obligation_mark_met,
    obligation_pause,
    obligation_record_decision,
    obligation_resume,
    obligation_withhold,
    obligations_recompute_for_calendar_change,
)

D = datetime.date


@pytest.fixture
def decision(small):
    # decided Monday 2026-09-14 → due Tuesday 2026-09-15 (1 working day)
    return obligation_record_decision(
        item=small.immediate, decided_on=D(2026, 9, 14), actor=small.personas.office, title="决定"
    )


def _events(obligation, action):
    return Event.objects.filter(
        target_type="obligations.obligation", target_id=str(obligation.pk), action=action
    )


def test_met_on_time_and_late(small, decision):
    assert decision.due_date == D(2026, 9, 15)
    other = obligation_record_decision(
        item=small.immediate, decided_on=D(2026, 9, 14), actor=small.personas.office, title="决定二"
    )
    obligation_mark_met(
        obligation=decision, met_on=D(2026, 9, 15), actor=small.personas.drafter_other
    )
    obligation_mark_met(
        obligation=other, met_on=D(2026, 9, 16), actor=small.personas.office, note="迟了"
    )
    decision.refresh_from_db()
    other.refresh_from_db()
    assert decision.status == Obligation.Status.MET_ON_TIME
    assert other.status == Obligation.Status.MET_LATE and other.met_note == "迟了"
    assert _events(other, "obligations.met").get().to_state == "met_late"
    with pytest.raises(ValidationError):  # met is final
        obligation_mark_met(obligation=other, met_on=D(2026, 9, 23), actor=small.personas.office)


def test_it_rejects_marking_met_by_another_department(small, decision):
    with pytest.raises(PermissionDenied):
        obligation_mark_met(
            obligation=decision, met_on=D(2026, 9, 15), actor=small.personas.drafter
        )
    with pytest.raises(PermissionDenied):
        obligation_mark_met(
            obligation=decision, met_on=D(2026, 9, 15), actor=small.personas.supervisor
        )


def test_it_rejects_a_future_met_date(small, decision):
    with pytest.raises(ValidationError):
        obligation_mark_met(obligation=decision, met_on=D(2026, 9, 29), actor=small.personas.office)


def test_pause_and_resume_move_the_due_date(small):
    obligation = obligation_record_decision(
        item=small.immediate, decided_on=D(2026, 9, 21), actor=small.personas.office, title="决定"
    )
    assert obligation.due_date == D(2026, 9, 22)
    obligation_pause(
        obligation=obligation,
        actor=small.personas.drafter_other,
        reason="等待上级保密审查",
        on=D(2026, 9, 22),
    )
    assert obligation.status == Obligation.Status.PAUSED
    # Paused Tuesday 09-22, resumed Friday 09-25 (中秋节): 09-23 and 09-24 were paused.
    obligation_resume(obligation=obligation, actor=small.personas.office, on=D(2026, 9, 25))
    obligation.refresh_from_db()
    assert obligation.status == Obligation.Status.OPEN
    assert obligation.paused_workdays == 2
    assert obligation.due_date == D(2026, 9, 24)  # add_workdays(09-21, 1 + 2)
    event = _events(obligation, "obligations.resumed").get()
    assert event.changes["due_date"] == {"old": "2026-09-22", "new": "2026-09-24"}
    assert _events(obligation, "obligations.paused").exists()


def test_a_pause_across_the_national_day_counts_working_days_only(small):
    with time_machine.travel(datetime.datetime(2026, 10, 12, 2, tzinfo=datetime.UTC), tick=False):
        obligation = obligation_record_decision(
            item=small.immediate,
            decided_on=D(2026, 9, 29),
            actor=small.personas.office,
            title="决定",
        )
        assert obligation.due_date == D(2026, 9, 30)
        obligation_pause(
            obligation=obligation, actor=small.personas.office, reason="审查", on=D(2026, 9, 30)
        )
        obligation_resume(obligation=obligation, actor=small.personas.office, on=D(2026, 10, 9))
        # (09-30, 10-09]: 10-08 and 10-09 are the only working days → due moves by 2
        assert obligation.paused_workdays == 2
        assert obligation.due_date == D(2026, 10, 9)


def test_extension_is_requested_by_the_department_and_approved_by_the_office(small, decision):
    request = obligation_extension_request(
        obligation=decision, actor=small.personas.drafter_other, workdays=2, reason="材料待审定"
    )
    with pytest.raises(PermissionDenied):
        extension_request_decide(request=request, actor=small.personas.drafter_other, approve=True)
    with pytest.raises(PermissionDenied):
        extension_request_decide(request=request, actor=small.personas.approver, approve=True)
    extension_request_decide(
        request=request, actor=small.personas.office, approve=True, note="同意"
    )
    decision.refresh_from_db()
    request.refresh_from_db()
    assert request.status == ExtensionRequest.Status.APPROVED
    assert decision.extension_workdays == 2 and decision.due_date == D(2026, 9, 17)
    event = _events(decision, "obligations.extended").get()
    assert event.changes["due_date"] == {"old": "2026-09-15", "new": "2026-09-17"}
    assert event.actor == small.personas.office
    with pytest.raises(ValidationError):  # decided once
        extension_request_decide(request=request, actor=small.personas.office, approve=False)


def test_a_direct_extension_is_for_the_office_only(small, decision):
    with pytest.raises(PermissionDenied):
        obligation_extend(
            obligation=decision, actor=small.personas.drafter_other, workdays=1, reason="x"
        )
    with pytest.raises(ValidationError):
        obligation_extend(obligation=decision, actor=small.personas.office, workdays=0, reason="x")
    with pytest.raises(ValidationError):
        obligation_extend(obligation=decision, actor=small.personas.office, workdays=1, reason=" ")
    obligation_extend(obligation=decision, actor=small.personas.office, workdays=1, reason="理由")
    assert decision.due_date == D(2026, 9, 16)


def test_withheld_and_filed(small, decision):
    with pytest.raises(PermissionDenied):
        obligation_withhold(obligation=decision, actor=small.personas.drafter_other, reason="涉密")
    with pytest.raises(ValidationError):
        obligation_withhold(obligation=decision, actor=small.personas.office, reason="")
    obligation_withhold(
        obligation=decision, actor=small.personas.office, reason="涉及秘密，已报上级备案"
    )
    decision.refresh_from_db()
    assert decision.status == Obligation.Status.WITHHELD
    assert decision.withheld_reason.startswith("涉及秘密")
    assert _events(decision, "obligations.withheld").get().to_state == "withheld"


def test_derived_due_soon_and_overdue(small, decision, settings):
    settings.DWGK_REMIND_WITHIN_WORKDAYS = 3
    today = D(2026, 9, 28)
    soon = obligation_record_decision(
        item=small.immediate,
        decided_on=D(2026, 9, 28),
        actor=small.personas.office,
        title="今日决定",
    )  # due 09-29
    assert obligation_display_status(decision, today) == "overdue"
    assert obligation_display_status(soon, today) == "due_soon"
    qs = Obligation.objects.all()
    assert list(obligations_overdue(qs, today)) == [decision]
    assert list(obligations_due_soon(qs, today)) == [soon]
    annotated = {o.pk: o.display_status for o in obligations_with_display_status(qs, today)}
    assert annotated == {decision.pk: "overdue", soon.pk: "due_soon"}
    # Seen from Sunday 09-20 (a 调休 working day), due soon reaches 09-23 only.
    assert obligation_display_status(soon, D(2026, 9, 20)) == "open"
    obligation_pause(obligation=decision, actor=small.personas.office, reason="x", on=today)
    assert obligation_display_status(decision, today) == "paused"


def test_recompute_after_a_calendar_change_records_old_and_new(small):
    from workdays.importing import DayRow
    from workdays.services import calendar_year_edit

    with time_machine.travel(datetime.datetime(2026, 12, 30, 2, tzinfo=datetime.UTC), tick=False):
        obligation = obligation_record_decision(
            item=small.immediate,
            decided_on=D(2026, 12, 30),
            actor=small.personas.office,
            title="年末决定",
        )
        met = obligation_record_decision(
            item=small.immediate,
            decided_on=D(2026, 12, 30),
            actor=small.personas.office,
            title="已公开",
        )
        obligation_mark_met(obligation=met, met_on=D(2026, 12, 30), actor=small.personas.office)
        assert obligation.due_date == D(2026, 12, 31)
        assert obligation.provisional is False
        # The 2026 schedule is amended: 12-31 becomes a holiday (a test amendment).
        calendar_year_edit(
            year=2026,
            actor=small.personas.superuser,
            set_days=[DayRow(date=D(2026, 12, 31), kind="holiday", name="测试假日")],
        )
    obligation.refresh_from_db()
    assert obligation.due_date == D(2027, 1, 4)  # 2027-01-01 元旦, then a weekend
    assert obligation.provisional is True  # 2027 has no announced schedule yet
    event = _events(obligation, "obligations.recomputed").get()
    assert event.changes["due_date"] == {"old": "2026-12-31", "new": "2027-01-04"}
    assert event.changes["provisional"] == {"old": False, "new": True}
    assert not _events(met, "obligations.recomputed").exists()
    # Unchanged years leave it alone.
    assert obligations_recompute_for_calendar_change(years={2010}, actor=None) == []


def test_marking_a_paused_obligation_met_resumes_it_first(small):
    obligation = obligation_record_decision(
        item=small.immediate, decided_on=D(2026, 9, 21), actor=small.personas.office, title="决定"
    )
    obligation_pause(
        obligation=obligation, actor=small.personas.office, reason="审查", on=D(2026, 9, 22)
    )
    obligation_mark_met(obligation=obligation, met_on=D(2026, 9, 24), actor=small.personas.approver)
    obligation.refresh_from_db()
    assert obligation.status == Obligation.Status.MET_ON_TIME  # due moved to 09-24 by the pause
    assert _events(obligation, "obligations.resumed").exists()

"""Due dates. An obligation is due on the N-th working day strictly after its trigger date, where
N = rule workdays + approved extension workdays + paused workdays (see the `resume` step), all
counted on the official calendar by `workdays.calendar.add_workdays`. The obligation stores the
date, whether it is provisional, the calendar version used and the explanation; when the calendar
changes, `obligations_recompute_for_calendar_change` computes the dates again and records each
change."""

import json

from django.core.serializers.json import DjangoJSONEncoder


def _json_safe(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def obligation_total_workdays(obligation) -> int:
    return obligation.workdays + obligation.extension_workdays + obligation.paused_workdays


def apply_due(obligation) -> None:
    """Compute the due date and its explanation on the instance (the caller saves)."""
    from workdays.calendar import add_workdays

    due = add_workdays(obligation.trigger_date, obligation_total_workdays(obligation))
    obligation.due_date = due.due
    obligation.provisional = due.provisional
    obligation.calendar_version = json.dumps(due.calendar_version, sort_keys=True)
    obligation.explanation = _json_safe(
        {
            **due.as_dict(),
            "rule_workdays": obligation.workdays,
            "extension_workdays": obligation.extension_workdays,
            "paused_workdays": obligation.paused_workdays,
            "lines": due.explain(),
        }
    )


def paused_workdays_until(obligation, on) -> int:
    """The working days a pause lasted: those after its first day up to and including `on`."""
    from workdays.calendar import workdays_between

    return max(workdays_between(obligation.paused_since, on), 0)

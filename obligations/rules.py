"""Who may do what with obligations: one function per rule, `rule(user, obj) -> bool`.

The step declarations (obligations/steps.py) name the rules of the steps; the engine answers the
services (`perform`) and the pages (`available_actions`, `can`, `has_right`) from them. The rules
of the actions that are not steps of a workflow (recording a decision, setting a cadence, changing
a deadline rule, subscribing to a department's calendar) are here too, so that "who may" has one
answer.

The system itself (`workflow.engine.SYSTEM`: the scheduler, commands, the demo, another app's
workflow acting for the office) and superusers may take every step, as before the engine."""

from organizations.permissions import (
    drafter_department_ids,
    is_approver,
    is_office,
    units_administered_by,
)
from workflow.engine import SYSTEM


def system(user) -> bool:
    return user is SYSTEM or bool(getattr(user, "is_superuser", False))


def _signed_in(user) -> bool:
    return user is not SYSTEM and bool(getattr(user, "is_authenticated", False))


# -- steps of an obligation and of an extension request ---------------------------------------


def worker(user, obligation) -> bool:
    """The responsible departments' drafters and the unit's office work on an obligation:
    pause and resume its clock, ask for more working days."""
    if system(user) or is_office(user, obligation.unit):
        return True
    mine = drafter_department_ids(user, obligation.unit)
    return bool(mine) and obligation.departments.filter(pk__in=mine).exists()


def reporter(user, obligation) -> bool:
    """Who may record that an obligation was met: those who work on it and the approvers."""
    return worker(user, obligation) or is_approver(user, obligation.unit)


def office(user, obj) -> bool:
    """The office (党务公开工作办公室) extends deadlines and decides on extension requests."""
    return system(user) or is_office(user, obj.workflow_unit)


def office_or_approver(user, obj) -> bool:
    """A withholding is decided by the office or the party group's approvers."""
    unit = obj.workflow_unit
    return system(user) or is_office(user, unit) or is_approver(user, unit)


# -- actions that are not steps of a workflow -------------------------------------------------


def records_for_item(user, item) -> bool:
    """Recording a decision, a completed round or a change, and setting a periodic item's cadence:
    the office and the item's responsible departments."""
    unit = item.version.unit
    if system(user) or is_office(user, unit):
        return True
    mine = drafter_department_ids(user, unit)
    return bool(mine) and item.departments.filter(pk__in=mine).exists()


def recordable_items(user, unit) -> list:
    """The catalog items in force this person may record for (see `records_for_item`)."""
    from catalog.selectors import items_in_force

    items = items_in_force(unit).order_by("number")
    if system(user) or is_office(user, unit):
        return list(items)
    return list(items.filter(departments__in=drafter_department_ids(user, unit)).distinct())


def changes_deadline_rules(user, unit) -> bool:
    """A unit's deadline rules are made stricter by its office or its approvers."""
    return system(user) or is_office(user, unit) or is_approver(user, unit)


def subscribes(user, department) -> bool:
    """A calendar feed: one's own (department None), or a department one drafts for or whose
    unit's office one sits in."""
    if not _signed_in(user):
        return False
    if department is None or user.is_superuser:
        return True
    return department.pk in drafter_department_ids(user, department.unit) or is_office(
        user, department.unit
    )


def revokes_feed(user, token) -> bool:
    """A feed address is revoked by its owner, or by an administrator of its department's unit."""
    if system(user) or token.user_id == getattr(user, "pk", None):
        return True
    return bool(token.department_id) and (
        units_administered_by(user).filter(pk=token.department.unit_id).exists()
    )

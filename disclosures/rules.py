"""Who may take each step of a disclosure, a progress update or a work plan: one function per rule,
`rule(user, obj) -> bool`, named in the step declarations (disclosures/steps.py). The engine
(workflow.engine) answers `can`, `available_actions` and the services' checks from these; nothing
else decides who may act.

Separation of duties: the person who drafted a disclosure, update or work plan does not also
review or approve it, unless the unit's administrator lifted this for a very small unit
(Organization.drafter_may_review). The event log names who did each step either way."""

from organizations.permissions import (
    drafter_department_ids,
    is_approver,
    is_office,
    is_upper_office_for,
)
from workflow.engine import SYSTEM


def _signed_in(user) -> bool:
    return user is not SYSTEM and getattr(user, "is_authenticated", False)


def drafted_by(user, obj) -> bool:
    """Whether this person drafted it (and the unit keeps drafting and reviewing apart)."""
    unit = obj.workflow_unit
    return obj.created_by_id == user.pk and not unit.drafter_may_review


def drafter(user, disclosure) -> bool:
    """The responsible department's drafters and the office write and submit a disclosure."""
    if not _signed_in(user):
        return False
    return disclosure.department_id in drafter_department_ids(user, disclosure.unit) or is_office(
        user, disclosure.unit
    )


def office(user, obj) -> bool:
    return _signed_in(user) and is_office(user, obj.workflow_unit)


def office_or_approver(user, obj) -> bool:
    unit = obj.workflow_unit
    return _signed_in(user) and (is_office(user, unit) or is_approver(user, unit))


def reviewer(user, obj) -> bool:
    """The office's secrecy review, by someone other than the drafter."""
    return office(user, obj) and not drafted_by(user, obj)


def approver(user, obj) -> bool:
    """The party group's approval, by someone other than the drafter."""
    return _signed_in(user) and is_approver(user, obj.workflow_unit) and not drafted_by(user, obj)


def returner(user, disclosure) -> bool:
    """Back to the drafter: the office from review; the approver too once it awaits approval."""
    if disclosure.status == disclosure.Status.REVIEWED:
        return office_or_approver(user, disclosure)
    return office(user, disclosure)


def upper_office(user, obj) -> bool:
    return _signed_in(user) and is_upper_office_for(user, obj.workflow_unit)


def scheduler(user, obj) -> bool:
    """Steps only the scheduler takes (the end of an internal period or of retention)."""
    return user is SYSTEM


def office_or_scheduler(user, obj) -> bool:
    return user is SYSTEM or office(user, obj)


# --- progress updates: the same rules, read through the disclosure they belong to ---------------


def update_drafter(user, update) -> bool:
    return drafter(user, update.disclosure)


def update_returner(user, update) -> bool:
    return office_or_approver(user, update)

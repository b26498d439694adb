"""Who may read which disclosure: one scoping function, used by every channel (pages, attachments,
history, back office, exports, search, feeds, API). A person who may not see a disclosure gets 404."""

from django.db.models import Q, QuerySet

from catalog.models import Scope
from disclosures.models import Disclosure
from organizations.models import APPROVER_ROLES, OFFICE_ROLES, Organization, Role
from organizations.permissions import drafter_department_ids, member_unit_ids, roles_held

Status = Disclosure.Status


def reached_readers() -> Q:
    """Disclosures that reached their readers and were never withheld or retracted. An archived
    disclosure that had been withheld or retracted before archiving stays with the staff only."""
    return Q(status__in=Disclosure.READABLE, withholding="", retracted_reason="")


def public_condition() -> Q:
    """What anyone may read: disclosures that have been made public and not retracted or withheld."""
    return reached_readers() & Q(public_at__isnull=False)


def _member_condition(user) -> Q:
    """What a party member reads by scope: their units' internal disclosures, and named ranges."""
    readable = reached_readers()
    condition = Q(pk__in=[])
    unit_ids = member_unit_ids(user)
    if unit_ids:
        condition |= Q(
            unit_id__in=unit_ids,
            scope__in=[Scope.INTERNAL, Scope.INTERNAL_THEN_PUBLIC, Scope.PUBLIC],
        )
    # 党内一定范围: only the named audience, by person or by department.
    # The audience is looked up in the M2M tables themselves (by their user or department index),
    # not through a subquery on Disclosure, which would scan every disclosure on each request.
    department_ids = [m.department_id for m in user.memberships.all() if m.department_id]
    audience = Q(
        pk__in=Disclosure.audience_users.through.objects.filter(user=user).values("disclosure_id")
    )
    if department_ids:
        audience |= Q(
            pk__in=Disclosure.audience_departments.through.objects.filter(
                department_id__in=department_ids
            ).values("disclosure_id")
        )
    condition |= Q(scope=Scope.INTERNAL_RANGE) & audience
    return readable & condition


def staff_condition(user, *, supervising: bool = True) -> Q:
    """Everyone who works on a unit's disclosures sees them in every state, withheld ones included:
    the responsible department's drafters, the office, the approvers, the supervisors, the upper office.
    `supervising=False` leaves the supervisors out (for what a secret withholding hides from them)."""
    if getattr(user, "is_superuser", False):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    condition = Q(pk__in=[])
    staff_roles = {*OFFICE_ROLES, *APPROVER_ROLES}
    unit_ids = {org_id for org_id, role, _d, _p in roles_held(user) if role in staff_roles}
    if unit_ids:
        condition |= Q(unit_id__in=unit_ids)
    # Supervisors watch everything of their unit except what is withheld as a party or state secret.
    supervised = {org_id for org_id, role, _d, _p in roles_held(user) if role == Role.SUPERVISOR}
    if supervised and supervising:
        condition |= Q(unit_id__in=supervised) & ~Q(withholding=Disclosure.Withholding.SECRET)
    department_ids = drafter_department_ids(user)
    if department_ids:
        condition |= Q(department_id__in=department_ids)
    upper_paths = [path for _o, role, _d, path in roles_held(user) if role == Role.UPPER_OFFICE]
    if upper_paths:
        below = Q()
        for path in upper_paths:
            below |= Q(path__startswith=path)
        condition |= Q(unit_id__in=Organization.objects.filter(below).values("pk"))
    return condition


def disclosure_visibility(user) -> Q:
    """The permission filter as a Q, so that search and counts can put it inside their own query."""
    if getattr(user, "is_superuser", False):
        return Q()
    condition = public_condition()
    if getattr(user, "is_authenticated", False):
        condition |= _member_condition(user) | staff_condition(user)
    return condition


def disclosures_visible_to(user) -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(disclosure_visibility(user))


def disclosure_for_reader(user, pk) -> Disclosure:
    """The disclosure if this user may see it, else Http404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        disclosures_visible_to(user).select_related("unit", "item", "department"), pk=pk
    )


def can_work_on(user, disclosure: Disclosure) -> bool:
    """True for those who see the disclosure in every state (not plain readers)."""
    if getattr(user, "is_superuser", False):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return Disclosure.objects.filter(staff_condition(user), pk=disclosure.pk).exists()


def sees_secret_withholdings(user, disclosure: Disclosure) -> bool:
    """True for those who work on the disclosure other than as its unit's supervisor: they read
    why it was withheld as 涉及党和国家秘密. Supervisors do not."""
    if getattr(user, "is_superuser", False):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return Disclosure.objects.filter(
        staff_condition(user, supervising=False), pk=disclosure.pk
    ).exists()


def unit_ids_with_roles(user, roles) -> set[int]:
    roles = set(roles)
    return {org_id for org_id, role, _d, _p in roles_held(user) if role in roles}


def work_plans_visible_to(user):
    """Work plans: the unit's office, approvers and supervisors, and the upper level's office."""
    from disclosures.models import WorkPlan

    if getattr(user, "is_superuser", False):
        return WorkPlan.objects.all()
    if not getattr(user, "is_authenticated", False):
        return WorkPlan.objects.none()
    condition = Q(unit_id__in=unit_ids_with_roles(user, {*OFFICE_ROLES, *APPROVER_ROLES}))
    for path in [p for _o, role, _d, p in roles_held(user) if role == Role.UPPER_OFFICE]:
        condition |= Q(unit__path__startswith=path)
    return WorkPlan.objects.filter(condition)


def attachment_for_reader(user, pk):
    """An attachment only through its disclosure's scoping; evidence and unpublished updates'
    files only for those who work on the disclosure. Http404 otherwise."""
    from django.http import Http404

    from disclosures.models import Attachment, DisclosureUpdate

    attachment = Attachment.objects.filter(pk=pk).select_related("update").first()
    if attachment is None:
        raise Http404
    disclosure = disclosure_for_reader(user, attachment.disclosure_id)
    if not can_work_on(user, disclosure):
        if attachment.is_evidence or (
            attachment.update is not None
            and attachment.update.status != DisclosureUpdate.Status.PUBLISHED
        ):
            raise Http404
    return attachment, disclosure


def evidence_still_missing(disclosure: Disclosure) -> list:
    """The catalog's forms of disclosure other than the system's own (会议, 文件, 媒体…) for which
    no evidence is recorded yet: what still stands between publication and a met obligation."""
    from catalog.models import DisclosureForm

    needed = [f for f in disclosure.forms.all() if f.evidence != DisclosureForm.Evidence.ONLINE]
    recorded = set(disclosure.evidence.values_list("form_id", flat=True))
    return [f for f in needed if f.pk not in recorded]


def obligation_is_satisfied(disclosure: Disclosure) -> bool:
    """Published in the system's own forms, with evidence for every other form."""
    return disclosure.published_at is not None and not evidence_still_missing(disclosure)

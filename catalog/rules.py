"""Who may act on a unit's catalog: every answer in one place.

The step rules take `(user, version)` and are named in the steps declared on `CatalogVersion`
(so `workflow.engine.can`, `available_actions` and `perform` ask them); the unit rules take
`(user, unit)` and answer for the pages and for what is not a step (a new draft, editing a
draft's items). `user` None is the system (the demo, management commands): it may do what the
services are asked to do. Each step rule carries the sentence the service refuses with.
"""

from django.utils.translation import gettext_lazy as _

from dwgk.refusals import NotAllowed
from organizations.permissions import (
    is_approver,
    is_office,
    is_upper_office_for,
    units_administered_by,
)
from workflow.engine import SYSTEM


def _refusal(sentence):
    """Attach the sentence a refused person reads (NotAllowed) to a rule."""

    def mark(rule):
        rule.refusal = sentence
        return rule

    return mark


def require(rule, user, obj) -> None:
    """Refuse (NotAllowed, the 403 page) whom the rule does not allow, with the rule's sentence."""
    if not rule(user, obj):
        raise NotAllowed(rule.refusal)


def _superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


# The unit's catalog as a whole (pages, new drafts, editing).


def may_edit_catalog(user, unit) -> bool:
    """Who drafts, revises and files a unit's catalog: its office, approvers and administrators."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return (
        is_office(user, unit)
        or is_approver(user, unit)
        or units_administered_by(user).filter(pk=unit.pk).exists()
    )


def may_manage_catalog(user, unit) -> bool:
    """Who opens the manage page: those who edit the catalog and the upper level's office."""
    return may_edit_catalog(user, unit) or is_upper_office_for(user, unit)


def may_create_draft(user, unit) -> bool:
    """Who starts a new draft (a revision) of the unit's catalog."""
    return user is SYSTEM or may_edit_catalog(user, unit)


may_create_draft.refusal = _("无权修订目录")


# The steps of a version (declared on CatalogVersion).


@_refusal(_("无权修订目录"))
def editor(user, version) -> bool:
    """Editing a draft's categories and items: those who edit the unit's catalog."""
    return user is SYSTEM or may_edit_catalog(user, version.unit)


@_refusal(_("只有党组审批人可以审批目录"))
def approver(user, version) -> bool:
    """Approval for the party group: the unit's approvers (leader, deputies, named approvers)."""
    return user is SYSTEM or _superuser(user) or is_approver(user, version.unit)


@_refusal(_("只有本单位可以报上级备案"))
def filer(user, version) -> bool:
    """Filing with the upper level: those who edit the unit's catalog."""
    return user is SYSTEM or may_edit_catalog(user, version.unit)


@_refusal(_("只有上级党务公开办公室可以确认备案"))
def upper_office(user, version) -> bool:
    """Confirming a filing: the office of a level above the unit."""
    return user is SYSTEM or _superuser(user) or is_upper_office_for(user, version.unit)

"""Private iCalendar addresses of deadlines: created and revoked on the record."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import event_record
from dwgk.refusals import NotAllowed
from obligations import rules
from obligations.models import FeedToken
from obligations.states import ObligationEvents
from organizations.models import Department


@transaction.atomic
def feed_token_create(*, actor, department: Department | None = None) -> FeedToken:
    """A private iCalendar address for the actor's own deadlines, or one department's."""
    if not getattr(actor, "is_authenticated", False):
        raise NotAllowed(_("请先登录"))
    if not rules.subscribes(actor, department):
        raise NotAllowed(_("您不能订阅该处室的日历"))
    token = FeedToken.objects.create(
        user=actor,
        department=department,
        token=secrets.token_urlsafe(32),
        created_at=timezone.now(),
    )
    event_record(
        target=token,
        action=ObligationEvents.FEED_TOKEN_CREATED.action,
        actor=actor,
        unit=department.unit if department else None,
        comment=str(token),
    )
    return token


@transaction.atomic
def feed_token_revoke(*, token: FeedToken, actor) -> FeedToken:
    if not rules.revokes_feed(actor, token):
        raise NotAllowed(_("只能撤销自己的订阅地址"))
    token = FeedToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        event_record(
            target=token,
            action=ObligationEvents.FEED_TOKEN_REVOKED.action,
            actor=actor,
            unit=token.department.unit if token.department else None,
            comment=str(token),
        )
    return token

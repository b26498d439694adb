import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import event_record
from portal.events import PortalEvents
from portal.models import FeedToken

# Enough for a reader to keep a few addresses (phone, desktop) without hoarding them.
MAX_ACTIVE_TOKENS = 5


@transaction.atomic
def feed_token_create(*, user, actor) -> FeedToken:
    active = FeedToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            "订阅地址已达上限，请先撤销不用的地址。 / Too many feed addresses; revoke one first."
        )
    token = FeedToken.objects.create(
        user=user, token=secrets.token_urlsafe(32), created_at=timezone.now()
    )
    event_record(
        target=token, action=PortalEvents.FEED_TOKEN_CREATE.action, actor=actor, to_state="active"
    )
    return token


@transaction.atomic
def feed_token_revoke(*, token: FeedToken, actor) -> FeedToken:
    # Conditional update: revoking twice (two tabs, a double click) records one event.
    now = timezone.now()
    changed = FeedToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    token.refresh_from_db()
    if changed:
        event_record(
            target=token,
            action=PortalEvents.FEED_TOKEN_REVOKE.action,
            actor=actor,
            from_state="active",
            to_state="revoked",
            changes={"revoked_at": (None, now)},
        )
    return token
